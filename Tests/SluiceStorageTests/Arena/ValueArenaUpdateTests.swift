import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("ValueArena replace and append")
struct ValueArenaUpdateTests {
    @Test("append grows a value in place within its block and moves it to a larger class when full")
    func appendGrows() throws {
        let values = try ValueArena(arena: try MappedArena(chunkSize: 4096))
        var handle: ValueHandle?
        var expected: [UInt8] = []
        var moves = 0
        for i in 0..<3_000 {
            let piece = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 1 + i % 5)
            let next = try piece.withUnsafeBytes { try values.append($0, to: handle) }
            if handle != nil && next != handle { moves += 1 }
            handle = next
            expected += piece
        }
        #expect(values.bytes(of: handle!) == expected)
        #expect(values.count == 1)
        #expect(moves <= 12, "a value grown by appends moves O(log n) times, moved \(moves)")
    }

    @Test("replace rewrites in place when the block is large enough, else reallocates and frees")
    func replace() throws {
        let values = try ValueArena(arena: try MappedArena(chunkSize: 4096))
        let first = try [UInt8](repeating: 1, count: 40).withUnsafeBytes { try values.replace(nil, with: $0) }
        #expect(values.capacity(of: first) >= 40)
        let same = try [UInt8](repeating: 2, count: 10).withUnsafeBytes { try values.replace(first, with: $0) }
        #expect(same == first)
        #expect(values.bytes(of: same) == [UInt8](repeating: 2, count: 10))
        let moved = try [UInt8](repeating: 3, count: 500).withUnsafeBytes { try values.replace(same, with: $0) }
        #expect(moved != first)
        #expect(values.bytes(of: moved) == [UInt8](repeating: 3, count: 500))
        #expect(values.count == 1)
    }
}
