import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Block compression")
struct BlockCompressionTests {
    @Test("round-trips a block with every codec", arguments: SnapshotCodec.allCases)
    func roundTrip(codec: SnapshotCodec) throws {
        var rng = SeededGenerator(seed: 11)
        let block = (0..<65536).map { i in i % 5 == 0 ? UInt8.random(in: 0...255, using: &rng) : UInt8(i / 1000 & 0xFF) }
        let stored = try block.withUnsafeBytes { (b) throws(SluiceError) -> [UInt8] in try UnsafeBlockCompression.compress(b, codec: codec) }
        if codec != .none { #expect(stored.count < block.count) }
        var out = [UInt8](repeating: 0, count: block.count)
        let failure = stored.withUnsafeBytes { s in
            out.withUnsafeMutableBytes { UnsafeBlockCompression.decompress(s, into: $0, codec: codec) }
        }
        #expect(failure == nil)
        #expect(out == block)
    }

    @Test("parses codec names and lists the valid ones otherwise")
    func names() throws {
        #expect(try SnapshotCodec(name: "LZ4") == .lz4)
        #expect(SnapshotCodec.default == .zstd)
        let error = caughtError { try SnapshotCodec(name: "gzip") }
        #expect(error?.message == "unknown snapshot codec 'gzip'; use one of: none, lz4, zstd (default zstd)")
    }
}
