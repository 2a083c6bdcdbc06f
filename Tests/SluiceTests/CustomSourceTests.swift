import Foundation
import Testing
import Sluice

/// A source of one's own through `StreamEnvironment.source`: numbers `subtask, subtask + p, …` below
/// `limit`, two per batch, with its position recorded for checkpoints.
final class NumberReader: SourceReader {
    static let schema = try! Schema.parse("n BIGINT NOT NULL")
    let subtask: Int64, parallelism: Int64, limit: Int64
    var next: Int64

    init(_ info: SubtaskInfo, limit: Int64) {
        subtask = Int64(info.index)
        parallelism = Int64(info.parallelism)
        self.limit = limit
        next = subtask
    }

    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        guard next < limit else { return .endOfInput }
        let values = [next, next + parallelism].filter { $0 < limit }
        next += parallelism * 2
        try output.emit(RecordBatch(schema: Self.schema, columns: [.int64(values)], count: values.count))
        return .moreAvailable
    }

    func snapshotPosition() throws(SluiceError) -> [SplitPosition]? { [SplitPosition(split: "numbers-\(subtask)", offset: next)] }
    func restore(_ positions: [SplitPosition]) throws(SluiceError) { next = positions.first?.offset ?? next }
}

@Suite("Custom sources")
struct CustomSourceTests {
    @Test("StreamEnvironment.source runs one reader per subtask and its rows flow through the job", arguments: [1, 3])
    func readersPerSubtask(parallelism: Int) throws {
        struct Row: Codable, Equatable { var n: Int64 }
        let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: 2)
        let result = try env.source(name: "numbers", uid: "numbers", schema: NumberReader.schema) { info in
            NumberReader(info, limit: 1_001)
        }
        .filter(col("n") % 2 == 0)
        .collect()
        let run = try env.execute(timeoutSeconds: 60)
        #expect(try result.decode(Row.self).map(\.n).sorted() == Array(stride(from: 0, through: 1_000, by: 2)))
        #expect(run.rows(of: "numbers").rowsOut == 1_001)
    }
}
