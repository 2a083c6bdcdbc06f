import Foundation
import Sluice

/// The Nexmark SQL files of a directory: the source DDL and one file per query, as the team's
/// `queries/nexmark/` and the public reference suite lay them out.
///
/// The DDL is `ddl.sql` (table and views in one file, the team's layout) or, as the reference suite
/// splits it, `ddl_gen.sql` (the generator table) followed by `ddl_views.sql` when present. Queries are the
/// files named `q<number>.sql`, in numeric order.
struct NexmarkQueryFiles {
    struct Query {
        var name: String
        var sql: String
    }

    var directory: String
    var ddl: String
    /// The name the DDL gives the generator table, for `${NEXMARK_TABLE}`: `nexmark` in `ddl.sql`,
    /// `datagen` in the reference suite's `ddl_gen.sql`.
    var table: String
    var queries: [Query]

    /// Reads the directory; throws naming the directory and the files looked for.
    static func load(directory: String) throws(SluiceError) -> NexmarkQueryFiles {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SluiceError(.io, "cannot list the Nexmark query directory \(directory); pass --queries-dir with the folder holding ddl.sql (or ddl_gen.sql) and q0.sql …")
        }
        let ddlFiles = names.contains("ddl.sql") ? ["ddl.sql"] : ["ddl_gen.sql", "ddl_views.sql"].filter(names.contains)
        guard !ddlFiles.isEmpty else {
            throw SluiceError(.invalidInput, "the Nexmark query directory \(directory) has neither ddl.sql nor ddl_gen.sql; it must hold the nexmark table's DDL next to q0.sql …")
        }
        var ddl = ""
        for file in ddlFiles { ddl += try read(directory, file) + "\n;\n" }
        var queries: [Query] = []
        for file in names where Self.queryNumber(file) != nil {
            queries.append(Query(name: String(file.dropLast(4)), sql: try read(directory, file)))
        }
        queries.sort { Self.queryNumber($0.name + ".sql")! < Self.queryNumber($1.name + ".sql")! }
        guard !queries.isEmpty else {
            throw SluiceError(.invalidInput, "the Nexmark query directory \(directory) has no query files (q0.sql, q1.sql, …)")
        }
        let table = ddlFiles[0] == "ddl.sql" ? "nexmark" : "datagen"
        return NexmarkQueryFiles(directory: directory, ddl: ddl, table: table, queries: queries)
    }

    /// The queries named in `list` (comma-separated, `all` for every file), in the list's order.
    func select(_ list: String) throws(SluiceError) -> [Query] {
        if list.lowercased() == "all" { return queries }
        var out: [Query] = []
        for raw in list.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let q = queries.first(where: { $0.name.lowercased() == name }) else {
                throw SluiceError(.invalidInput, "--queries names `\(name)`, which has no file \(name).sql in \(directory) (queries: \(queries.map(\.name).joined(separator: ", ")), or all)")
            }
            out.append(q)
        }
        return out
    }

    /// `q12.sql` → 12; nil for other files.
    static func queryNumber(_ file: String) -> Int? {
        guard file.hasPrefix("q"), file.hasSuffix(".sql") else { return nil }
        return Int(file.dropFirst().dropLast(4))
    }

    private static func read(_ directory: String, _ file: String) throws(SluiceError) -> String {
        let path = (directory as NSString).appendingPathComponent(file)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SluiceError(.io, "cannot read \(path)")
        }
        return text
    }
}
