import Foundation
import Synchronization
@testable import SluiceRuntime
import SluiceColumnar
import SluiceConnectors
import SluiceOperators

/// Shared executor for job tests: two workers, like the target machine.
let sharedExecutor = JobExecutor(workers: 2)
let columnarOptions = ExecutionOptions(hashPartitioner: .columnar)

/// A temporary directory removed by `cleanup()`.
struct TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sluice-connectors-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Text written by print sinks, from any thread.
final class TextLog: Sendable {
    private let chunks = Mutex<[String]>([])
    func append(_ text: String) { chunks.withLock { $0.append(text) } }
    var lines: [String] { chunks.withLock { $0.joined().split(separator: "\n").map(String.init) } }
}

/// Calls a source reader directly, collecting what it emits.
final class SourceHarness {
    let reader: any SourceReader
    let collected = CollectedBatches()
    let context: OperatorContext
    let output: Output

    init(_ reader: any SourceReader, subtask: Int = 0, parallelism: Int = 1) throws(SluiceError) {
        self.reader = reader
        let info = SubtaskInfo(vertexName: "src", uid: "src", index: subtask, parallelism: parallelism)
        context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                  bufferTimeoutNanos: 100_000_000)
        let link = ChainLink(op: CollectSink(into: collected), context: context, failure: ChainFailure())
        link.output = Output(.none, metrics: OperatorMetrics())
        output = Output(.chained(link), metrics: context.metrics)
        try reader.open(context)
    }

    func poll() throws(SluiceError) -> SourceStatus { try reader.poll(output: output) }
    func flushPartial() throws(SluiceError) { try reader.flushPartial(output: output) }

    /// Polls until the end of input (bounded sources only; at most `limit` polls).
    func drain(limit: Int = 100_000) throws(SluiceError) {
        for _ in 0..<limit where try poll() == .endOfInput { return }
    }
}

/// A manual clock for rate-controlled sources.
final class ManualClock: Sendable {
    private let nanos = Atomic<Int64>(0)
    func advance(seconds: Double) { nanos.add(Int64(seconds * 1e9), ordering: .relaxed) }
    var now: @Sendable () -> Int64 { { [self] in nanos.load(ordering: .relaxed) } }
}

enum CSVFixture {
    static let schema = try! Schema.parse("id BIGINT, color STRING, price DOUBLE")

    /// `rows` lines of `id,color,price` with a header.
    static func text(rows: Int) -> String {
        var s = "id,color,price\n"
        for i in 0..<rows { s += "\(i),\(["red", "green", "blue"][i % 3]),\(Double(i % 50) / 2)\n" }
        return s
    }

    static func ids(_ rows: [[Value]]) -> [Int64] {
        rows.map { if case .int(let v) = $0[0] { v } else { -1 } }.sorted()
    }
}
