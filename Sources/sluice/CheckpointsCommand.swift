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

    func render() throws(SluiceError) -> String {
        var rows: [[String]] = []
        var problems: [String] = []
        for kind in [CheckpointManifest.Kind.checkpoint, .savepoint] {
            for id in try storage.completeIDs(kind: kind) {
                do {
                    let m = try storage.manifest(id, kind: kind)
                    rows.append([String(m.id), kind.rawValue,
                                 TemporalFormat.timestamp(micros: m.createdAtMillis * 1000, precision: 3),
                                 Self.bytes(m.totalBytes), Self.bytes(m.incrementalBytes), "\(m.durationMillis) ms",
                                 String(m.referencedFiles.count), String(m.sources.count), String(m.sinks.count)])
                } catch {
                    problems.append("\(kind.rawValue) \(id): \(error)")
                }
            }
        }
        if rows.isEmpty && problems.isEmpty {
            return "no complete checkpoints in '\(storage.root)'\n"
        }
        let header = ["id", "kind", "started (UTC)", "size", "incremental", "duration", "files", "splits", "sinks"]
        var text = Self.table(header: header, rows: rows)
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

    static func table(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 1 || c == 2 ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}
