/// A growable, uniquely owned byte buffer that kernels and builders write before freezing it into an
/// immutable `Buffer`.
///
/// Growth doubles the capacity and copies; pointers handed out by `withUnsafeMutable…` are valid only
/// inside the closure because growth may move the bytes.
public struct MutableBuffer {
    public private(set) var storage: AlignedStorage
    /// Bytes written so far.
    public private(set) var byteCount: Int

    public init(capacity: Int = 0, zeroed: Bool = false) {
        storage = AlignedStorage(byteCount: capacity, zeroed: zeroed)
        byteCount = 0
    }

    /// A zero-filled buffer of `count` values of type `T`, already counted as written.
    public init<T>(zeroedCount count: Int, of type: T.Type) {
        let bytes = count * MemoryLayout<T>.stride
        storage = AlignedStorage(byteCount: bytes, zeroed: true)
        byteCount = bytes
    }

    /// A buffer of `count` values of type `T` with unspecified contents, already counted as written;
    /// the caller must write every value before freezing.
    public init<T>(uninitializedCount count: Int, of type: T.Type) {
        let bytes = count * MemoryLayout<T>.stride
        storage = AlignedStorage(byteCount: bytes)
        byteCount = bytes
    }

    public var capacity: Int { storage.capacity }

    /// Makes room for at least `additional` more bytes.
    public mutating func reserve(additional: Int) {
        let needed = byteCount + additional
        guard needed > storage.capacity else { return }
        var newCapacity = max(storage.capacity * 2, 64)
        while newCapacity < needed { newCapacity *= 2 }
        let grown = AlignedStorage(byteCount: newCapacity)
        grown.pointer.copyMemory(from: storage.pointer, byteCount: byteCount)
        storage = grown
    }

    public mutating func append<T: BitwiseCopyable>(_ value: T) {
        let stride = MemoryLayout<T>.stride
        if byteCount + stride > storage.capacity { reserve(additional: stride) }
        storage.pointer.storeBytes(of: value, toByteOffset: byteCount, as: T.self)
        byteCount += stride
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(additional: bytes.count)
        (storage.pointer + byteCount).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        byteCount += bytes.count
    }

    public mutating func append(contentsOf buffer: Buffer) {
        buffer.withUnsafeBytes { append(bytes: $0) }
    }

    /// Sets the logical size (after writing through a pointer); grows with zeros if needed.
    public mutating func resize(byteCount newCount: Int) {
        if newCount > storage.capacity { reserve(additional: newCount - byteCount) }
        if newCount > byteCount {
            (storage.pointer + byteCount).initializeMemory(as: UInt8.self, repeating: 0, count: newCount - byteCount)
        }
        byteCount = newCount
    }

    @inlinable
    public func load<T: BitwiseCopyable>(_ type: T.Type, at i: Int) -> T {
        precondition(i >= 0 && (i + 1) * MemoryLayout<T>.stride <= byteCount, "index \(i) out of range")
        return storage.pointer.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.stride, as: T.self)
    }

    public mutating func store<T: BitwiseCopyable>(_ value: T, at i: Int) {
        precondition(i >= 0 && (i + 1) * MemoryLayout<T>.stride <= byteCount, "index \(i) out of range")
        storage.pointer.storeBytes(of: value, toByteOffset: i * MemoryLayout<T>.stride, as: T.self)
    }

    /// Runs `body` on the written values as mutable `T`s; the pointer is valid only inside the closure.
    public mutating func withUnsafeMutableBufferPointer<T, R, E: Error>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws(E) -> R
    ) throws(E) -> R {
        // SAFETY: storage is 64-byte aligned and uniquely owned by this value until `freeze()`.
        let base = storage.pointer.assumingMemoryBound(to: T.self)
        return try body(UnsafeMutableBufferPointer(start: base, count: byteCount / MemoryLayout<T>.stride))
    }

    /// Hands the bytes over as an immutable buffer; this value must not be written afterwards.
    public consuming func freeze() -> Buffer {
        Buffer(storage: storage, byteCount: byteCount)
    }
}
