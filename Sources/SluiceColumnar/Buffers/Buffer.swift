/// An immutable, shareable view of bytes in an `AlignedStorage`; slicing shares the storage.
///
/// A buffer built by a builder or a kernel starts 64-byte aligned; a slice keeps the natural alignment
/// of its element type. Reading is memory-safe through the typed accessors, which check bounds;
/// the `withUnsafe…` scopes hand kernels raw pointers that must not escape.
public struct Buffer: @unchecked Sendable {
    // SAFETY: `AlignedStorage` is never written after a Buffer wraps it (see its invariant).
    public let storage: AlignedStorage
    public let byteOffset: Int
    public let byteCount: Int

    public init(storage: AlignedStorage, byteOffset: Int = 0, byteCount: Int) {
        precondition(byteOffset >= 0 && byteCount >= 0 && byteOffset + byteCount <= storage.capacity,
                     "buffer view out of its storage")
        self.storage = storage
        self.byteOffset = byteOffset
        self.byteCount = byteCount
    }

    /// An empty buffer.
    public static let empty = Buffer(storage: AlignedStorage(byteCount: 0, zeroed: true), byteCount: 0)

    /// A buffer holding a copy of the values, 64-byte aligned.
    public init<T: BitwiseCopyable>(copying values: UnsafeBufferPointer<T>) {
        let bytes = values.count * MemoryLayout<T>.stride
        let storage = AlignedStorage(byteCount: bytes)
        if let base = values.baseAddress, bytes > 0 {
            storage.pointer.copyMemory(from: UnsafeRawPointer(base), byteCount: bytes)
        }
        self.init(storage: storage, byteCount: bytes)
    }

    public init<T: BitwiseCopyable>(_ values: [T]) {
        self = values.withUnsafeBufferPointer { Buffer(copying: $0) }
    }

    /// The number of whole values of type `T` in the buffer.
    @inlinable
    public func count<T>(of type: T.Type) -> Int { byteCount / MemoryLayout<T>.stride }

    /// A view of `byteCount` bytes starting `byteOffset` bytes into this buffer.
    public func slice(byteOffset start: Int, byteCount length: Int) -> Buffer {
        precondition(start >= 0 && length >= 0 && start + length <= byteCount, "buffer slice out of range")
        return Buffer(storage: storage, byteOffset: byteOffset + start, byteCount: length)
    }

    /// A view of `count` values of type `T` starting at value index `start`.
    public func slice<T>(_ type: T.Type, from start: Int, count: Int) -> Buffer {
        let stride = MemoryLayout<T>.stride
        return slice(byteOffset: start * stride, byteCount: count * stride)
    }

    /// Reads the value at index `i`, checking bounds.
    @inlinable
    public func load<T: BitwiseCopyable>(_ type: T.Type, at i: Int) -> T {
        precondition(i >= 0 && (i + 1) * MemoryLayout<T>.stride <= byteCount, "buffer index \(i) out of range")
        return (storage.pointer + byteOffset).loadUnaligned(fromByteOffset: i * MemoryLayout<T>.stride, as: T.self)
    }

    /// Runs `body` on the bytes; the pointer is valid only inside the closure.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer + byteOffset, count: byteCount))
    }

    /// Runs `body` on the values as `T`; the pointer is valid only inside the closure.
    @inlinable
    public func withUnsafeBufferPointer<T, R, E: Error>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws(E) -> R
    ) throws(E) -> R {
        // SAFETY: the storage is 64-byte aligned and slices are taken in whole values of their element
        // type, so the base is aligned for T; the memory is plain bytes of a BitwiseCopyable type.
        let base = (storage.pointer + byteOffset).assumingMemoryBound(to: T.self)
        return try body(UnsafeBufferPointer(start: base, count: byteCount / MemoryLayout<T>.stride))
    }

    /// Copies the values out as an array (tests, printing; not for hot paths).
    public func toArray<T: BitwiseCopyable>(of type: T.Type) -> [T] {
        withUnsafeBufferPointer(as: T.self) { Array($0) }
    }
}
