/// The rows of a batch that are still selected, as ascending UInt32 row indices.
///
/// Filters produce selection vectors instead of copying columns; a consumer that needs dense data
/// calls `RecordBatch.compacted()` (one gather per column).
public struct SelectionVector: Sendable {
    public let indices: Buffer
    public let count: Int

    public init(indices: Buffer, count: Int) {
        precondition(indices.count(of: UInt32.self) >= count, "selection buffer too short")
        self.indices = indices
        self.count = count
    }

    public init(_ rows: [Int]) {
        self.init(indices: Buffer(rows.map { UInt32($0) }), count: rows.count)
    }

    /// Every row of a batch of `count` rows.
    public static func all(_ count: Int) -> SelectionVector {
        var b = MutableBuffer(uninitializedCount: count, of: UInt32.self)
        b.withUnsafeMutableBufferPointer(as: UInt32.self) { p in
            for i in 0..<count { p[i] = UInt32(truncatingIfNeeded: i) }
        }
        return SelectionVector(indices: b.freeze(), count: count)
    }

    @inlinable
    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < count, "selection index \(i) out of range")
        return Int(indices.load(UInt32.self, at: i))
    }

    @inlinable
    public func withUnsafeIndices<R, E: Error>(_ body: (UnsafeBufferPointer<UInt32>) throws(E) -> R) throws(E) -> R {
        try indices.withUnsafeBufferPointer(as: UInt32.self) { (p: UnsafeBufferPointer<UInt32>) throws(E) -> R in
            try body(UnsafeBufferPointer(rebasing: p[0..<count]))
        }
    }

    public func toArray() -> [Int] { withUnsafeIndices { $0.map { Int($0) } } }
}
