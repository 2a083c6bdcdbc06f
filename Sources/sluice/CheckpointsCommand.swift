import ArgumentParser
import Sluice

/// `sluice checkpoints DIR`: lists the complete checkpoints and savepoints of a checkpoint directory.
struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List the complete checkpoints and savepoints in a checkpoint directory.",
        discussion: """
        Per checkpoint: id, kind, start time (UTC), the state it needs in all, the bytes it wrote itself \
        (incremental), how long it took, and how many state files, source splits and sink transactions \
        its manifest names. Every manifest's checksum is verified; a corrupt one is reported by name.
        """
    )

    @Argument(help: "The checkpoint directory of a job.")
    var directory: String

    func run() throws {
        do {
            print(try CheckpointListing(directory: directory).render(), terminator: "")
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// The table `sluice checkpoints` prints.
struct CheckpointListing {
    let storage: CheckpointStorage

    init(directory: String) throws(SluiceError) {
        storage = try CheckpointStorage(directory: directory, create: false)
    }

    static let schema = Schema([
        Field("id", .int64), Field("kind", .string), Field("started (UTC)", .timestamp(precision: 3)), Field("size", .string),
        Field("incremental", .string), Field("duration ms", .int64), Field("files", .int64), Field("splits", .int64),
        Field("sinks", .int64),
    ])

    /// The complete checkpoints and savepoints as a table (the project's table printer), then one
    /// line per manifest that could not be read.
    func render() throws(SluiceError) -> String {
        var rows: [[Value]] = []
        var problems: [String] = []
        for kind in [CheckpointManifest.Kind.checkpoint, .savepoint] {
            for id in try storage.completeIDs(kind: kind) {
                do {
                    let m = try storage.manifest(id, kind: kind)
                    rows.append([.int(m.id), .string(kind.rawValue), .timestamp(m.createdAtMillis * 1000),
                                 .string(Self.bytes(m.totalBytes)), .string(Self.bytes(m.incrementalBytes)), .int(m.durationMillis),
                                 .int(Int64(m.referencedFiles.count)), .int(Int64(m.sources.count)), .int(Int64(m.sinks.count))])
                } catch {
                    problems.append("\(kind.rawValue) \(id): \(error)")
                }
            }
        }
        if rows.isEmpty && problems.isEmpty {
            return "no complete checkpoints in '\(storage.root)'\n"
        }
        var text = ""
        if !rows.isEmpty {
            let columns = try Self.schema.fields.enumerated().map { (c, f) throws(SluiceError) in
                try ColumnBuilder.column(f.type, rows.map { $0[c] })
            }
            text = TablePrinter().render(try RecordBatch(schema: Self.schema, columns: columns))
        }
        for p in problems { text += "error: \(p)\n" }
        return text
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
