#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// Writes every row as text in Flink's print format: `+I[red, 12]`, one row per line, prefixed with
/// `n> ` (the 1-based subtask) when the sink runs at parallelism above 1, and with `identifier` when
/// one is given (`orders:2> +I[…]`, `orders> +I[…]`), as Flink's `print` connector does.
///
/// Guarantee: at-least-once. Lines are written as batches arrive; after a failure and a restart from
/// a checkpoint, rows since that checkpoint are printed again. Subtasks write independently, so their
/// lines interleave (each batch is written in one call, so lines are never torn).
public final class PrintSink: Operator {
    public typealias Write = @Sendable (String) -> Void
    private let prefix: String
    private let write: Write

    /// `write` receives text made of whole lines, each ending in "\n"; nil writes to standard output.
    public init(subtask: SubtaskInfo, identifier: String? = nil, write: Write? = nil) {
        prefix = PrintSink.prefix(identifier: identifier, subtask: subtask)
        self.write = write ?? PrintSink.standardOutput
    }

    /// Flink's prefix: `id:n> `, `id> `, `n> ` or nothing.
    static func prefix(identifier: String?, subtask: SubtaskInfo) -> String {
        let parallel = subtask.parallelism > 1
        switch (identifier, parallel) {
        case (let id?, true): return "\(id):\(subtask.index + 1)> "
        case (let id?, false): return "\(id)> "
        case (nil, true): return "\(subtask.index + 1)> "
        case (nil, false): return ""
        }
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        var text = ""
        for line in PrintFormat.lines(batch) {
            text += prefix
            text += line
            text += "\n"
        }
        write(text)
    }

    /// Writes to file descriptor 1 directly: one `write(2)` per batch, safe from any thread.
    public static let standardOutput: Write = { text in
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = systemWrite(1, bytes.baseAddress! + done, bytes.count - done)
                if n <= 0 { if n < 0 && errno == EINTR { continue } else { return } }
                done += n
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

extension JobGraph {
    /// Adds a print sink for `schema` (see `PrintSink`); `write` nil prints to standard output.
    @discardableResult
    public mutating func addPrintSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                      identifier: String? = nil, write: PrintSink.Write? = nil) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, schema: schema) {
            PrintSink(subtask: $0, identifier: identifier, write: write)
        }
    }
}
