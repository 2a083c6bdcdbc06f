import Foundation
import Synchronization
@testable import SluiceRuntime
import SluiceColumnar

/// Shared data and small operators for runtime tests.
enum Fixture {
    /// (id BIGINT, key BIGINT, color STRING)
    static let schema = Schema([Field("id", .int64), Field("key", .int64), Field("color", .string)])
    static let otherSchema = Schema([Field("id", .int64)])

    /// `count` batches of `rows` rows; ids are 0, 1, 2, … across batches, key = id % keys.
    static func batches(count: Int, rows: Int, keys: Int = 10) -> [RecordBatch] {
        (0..<count).map { b in
            let ids = (0..<rows).map { Int64(b * rows + $0) }
            return try! RecordBatch(schema: schema, columns: [
                Column.int64(ids), Column.int64(ids.map { $0 % Int64(keys) }),
                Column.string(ids.map { ["red", "green", "blue"][Int($0 % 3)] }),
            ])
        }
    }

    static func ids(_ rows: [[Value]]) -> [Int64] {
        rows.map { if case .int(let v) = $0[0] { return v } else { return -1 } }.sorted()
    }

    /// A stand-in for the partition kernel: a multiply-shift hash of one Int64 key column, Flink's
    /// key-group ranges, then a gather per target with `Take`.
    static let hashPartitioner = HashPartitioner { batch, keys, parallelism, maxParallelism throws(SluiceError) in
        let dense = batch.compacted()
        let column = dense.columns[keys[0]]
        var targets = [[Int]](repeating: [], count: parallelism)
        column.withValues(Int64.self) { values in
            for (row, v) in values.enumerated() {
                let h = UInt64(bitPattern: v) &* 0x9E37_79B9_7F4A_7C15
                let group = Int((h >> 32) % UInt64(maxParallelism))
                targets[KeyGroups.subtask(forKeyGroup: group, parallelism: parallelism, maxParallelism: maxParallelism)].append(row)
            }
        }
        return targets.map { dense.withSelection(SelectionVector($0)) }
    }

    static let options = ExecutionOptions(hashPartitioner: hashPartitioner)
}

/// Forwards every batch (the default `process`).
final class PassThrough: Operator {}

/// Keeps rows whose id is even.
final class EvenFilter: Operator {
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        let dense = batch.compacted()
        var keep: [Int] = []
        dense.columns[0].withValues(Int64.self) { ids in
            for (i, id) in ids.enumerated() where id % 2 == 0 { keep.append(i) }
        }
        try output.emit(dense.withSelection(SelectionVector(keep)))
    }
}

/// Sums `id` per `key` and emits (key, sum, "sum") rows at the end of input: a stand-in aggregate.
final class SumByKey: Operator {
    private var sums: [Int64: Int64] = [:]

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        for row in batch.rows() {
            guard case .int(let id) = row[0], case .int(let key) = row[1] else { continue }
            sums[key, default: 0] += id
        }
    }

    func finish(output: Output) throws(SluiceError) {
        let keys = sums.keys.sorted()
        let batch = try RecordBatch(schema: Fixture.schema, columns: [
            Column.int64(keys), Column.int64(keys.map { sums[$0]! }), Column.string(keys.map { _ in "sum" }),
        ])
        try output.emit(batch)
    }
}

/// Throws once it has seen `failAt` rows.
final class FailingOperator: Operator {
    private let failAt: Int
    private var seen = 0

    init(failAt: Int) { self.failAt = failAt }

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        seen += batch.count
        if seen >= failAt { throw SluiceError(.execution, "injected failure at row \(failAt)") }
        try output.emit(batch)
    }
}

/// A source that throws before it would emit row `failAt` (counting its own rows).
final class FailingSource: SourceReader {
    private let batches: [RecordBatch]
    private let failAt: Int
    private var position: Int
    private let stride: Int
    private var emitted = 0

    init(_ batches: [RecordBatch], subtask: SubtaskInfo, failAt: Int) {
        self.batches = batches
        self.failAt = failAt
        position = subtask.index
        stride = subtask.parallelism
    }

    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        guard position < batches.count else { return .endOfInput }
        let batch = batches[position]
        if emitted + batch.count > failAt { throw SluiceError(.io, "injected source failure at row \(failAt)") }
        try output.emit(batch)
        emitted += batch.count
        position += stride
        return .moreAvailable
    }
}

/// Forwards every batch after sleeping `sleepMicros`.
final class SlowPassThrough: Operator {
    private let sleepMicros: UInt32
    init(sleepMicros: UInt32) { self.sleepMicros = sleepMicros }
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        usleep(sleepMicros)
        try output.emit(batch)
    }
}

/// A sink that sleeps per batch, to make the producer wait.
final class SlowSink: Operator {
    private let target: CollectedBatches
    private let sleepMicros: UInt32

    init(into target: CollectedBatches, sleepMicros: UInt32) {
        self.target = target
        self.sleepMicros = sleepMicros
    }

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        usleep(sleepMicros)
        target.append(batch)
    }
}

/// An unbounded source that emits the same batch forever.
final class EndlessSource: SourceReader {
    private let batch: RecordBatch
    init(_ batch: RecordBatch) { self.batch = batch }

    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        try output.emit(batch)
        return .moreAvailable
    }
}

/// Records lifecycle calls so tests can check open/finish/close happened (or not).
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    func record(_ call: String) { calls.withLock { $0.append(call) } }
    var entries: [String] { calls.withLock { $0 } }
}

final class LoggingOperator: Operator {
    private let log: CallLog
    private let name: String
    init(_ name: String, log: CallLog) {
        self.name = name
        self.log = log
    }
    func open(_ context: OperatorContext) throws(SluiceError) { log.record("\(name).open") }
    func finish(output: Output) throws(SluiceError) { log.record("\(name).finish") }
    func close() { log.record("\(name).close") }
}
