import Testing
import SluiceColumnar
import SluiceRuntime

@Suite("Operator snapshots")
struct OperatorSnapshotTests {
    static let schema = Schema([Field("k", .int64), Field("name", .string)])

    static func batch(_ n: Int) throws -> RecordBatch {
        try RecordBatch(schema: schema, columns: [.int64((0..<n).map(Int64.init)), .string((0..<n).map { "v\($0)" })], count: n)
    }

    @Test("a snapshot of batches has the bytes of the batches serialized in order, read back by its reader")
    func batchesBecomeBytes() throws {
        let batches = [try Self.batch(3), try Self.batch(0), try Self.batch(1000)]
        var expected: [UInt8] = []
        for batch in batches { batch.serialize(into: &expected) }
        let deferred = OperatorSnapshot(batches: batches, baseCheckpoint: 4)
        #expect(deferred.bytes == expected)
        #expect(deferred == OperatorSnapshot(bytes: expected, baseCheckpoint: 4))
        #expect(deferred != OperatorSnapshot(bytes: expected))
        var reader = deferred.reader()
        for batch in batches { #expect(try RecordBatch.deserialize(&reader, schema: Self.schema).rows() == batch.rows()) }
        #expect(reader.isAtEnd)
        let fromFile = OperatorSnapshot(buffer: Buffer(expected), baseCheckpoint: 4)
        #expect(fromFile == deferred)
    }
}
