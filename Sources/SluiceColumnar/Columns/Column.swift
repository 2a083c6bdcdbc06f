/// One typed, immutable column of a batch: values plus an optional validity bitmap.
///
/// Layout by storage kind (see `DataType` for which type uses which):
///
///     .fixed(values)                 count values of the type's fixed width
///     .bits(values)                  boolean values, packed like a validity bitmap
///     .variable(offsets, bytes)      Int32 offsets[count + 1] into bytes (offsets are absolute)
///     .dictionary(codes, dictionary) Int32 codes[count] into a dense dictionary column without nulls
///     .children(columns)             one child column per ROW field, each with `count` rows
///
/// Slicing shares the buffers; every buffer and bitmap in a column is already positioned at row 0 of
/// the column, so kernels never apply an offset. `validity == nil` means every row is valid.
/// Values under a null are unspecified (kernels compute straight through them).
public struct Column: Sendable {
    public enum Storage: Sendable {
        case fixed(Buffer)
        case bits(Bitmap)
        case variable(offsets: Buffer, bytes: Buffer)
        case dictionary(codes: Buffer, dictionary: DictionaryValues)
        case children([Column])
    }

    public let type: DataType
    public let count: Int
    public let validity: Bitmap?
    public let storage: Storage

    /// Wraps buffers as a column, checking that they are long enough for `count` rows.
    public init(type: DataType, count: Int, storage: Storage, validity: Bitmap? = nil) {
        precondition(count >= 0, "negative row count")
        if let validity { precondition(validity.count == count, "validity has \(validity.count) bits for \(count) rows") }
        switch storage {
        case .fixed(let values):
            precondition(values.byteCount >= count * (type.fixedWidth ?? 0), "values buffer too short for \(count) rows")
        case .bits(let bits):
            precondition(bits.count == count, "boolean bitmap has \(bits.count) bits for \(count) rows")
        case .variable(let offsets, _):
            precondition(offsets.count(of: Int32.self) >= count + 1, "offsets buffer too short for \(count) rows")
        case .dictionary(let codes, _):
            precondition(codes.count(of: Int32.self) >= count, "codes buffer too short for \(count) rows")
        case .children(let columns):
            precondition(columns.allSatisfy { $0.count == count }, "child columns must have \(count) rows")
        }
        self.type = type
        self.count = count
        self.storage = storage
        // Drop an all-valid bitmap so that kernels take their fast path.
        if let validity, validity.allSet { self.validity = nil } else { self.validity = validity }
    }

    public var nullCount: Int { validity.map { count - $0.nonzeroCount() } ?? 0 }
    public var hasNulls: Bool { validity != nil }

    @inlinable
    public func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !validity[row]
    }

    /// Rows `start ..< start + length`, sharing the buffers.
    public func slice(_ start: Int, _ length: Int) -> Column {
        precondition(start >= 0 && length >= 0 && start + length <= count, "column slice \(start)+\(length) out of 0..<\(count)")
        let v = validity?.slice(start, length)
        switch storage {
        case .fixed(let values):
            let width = type.fixedWidth!
            return Column(type: type, count: length,
                          storage: .fixed(values.slice(byteOffset: start * width, byteCount: length * width)), validity: v)
        case .bits(let bits):
            return Column(type: type, count: length, storage: .bits(bits.slice(start, length)), validity: v)
        case .variable(let offsets, let bytes):
            return Column(type: type, count: length,
                          storage: .variable(offsets: offsets.slice(Int32.self, from: start, count: length + 1), bytes: bytes),
                          validity: v)
        case .dictionary(let codes, let dictionary):
            return Column(type: type, count: length,
                          storage: .dictionary(codes: codes.slice(Int32.self, from: start, count: length), dictionary: dictionary),
                          validity: v)
        case .children(let columns):
            return Column(type: type, count: length, storage: .children(columns.map { $0.slice(start, length) }), validity: v)
        }
    }

    /// The same rows with a different validity (used by kernels that only change nulls).
    public func withValidity(_ validity: Bitmap?) -> Column {
        Column(type: type, count: count, storage: storage, validity: validity)
    }

    /// Runs `body` on the fixed-width values as `T`; traps if the column is not fixed-width of T's size.
    @inlinable
    public func withValues<T, R, E: Error>(_ type: T.Type, _ body: (UnsafeBufferPointer<T>) throws(E) -> R) throws(E) -> R {
        guard case .fixed(let values) = storage, self.type.fixedWidth == MemoryLayout<T>.stride else {
            preconditionFailure("column of type \(self.type) has no fixed-width values of \(T.self)")
        }
        return try values.withUnsafeBufferPointer(as: T.self) { (p: UnsafeBufferPointer<T>) throws(E) -> R in
            try body(UnsafeBufferPointer(rebasing: p[0..<count]))
        }
    }

    /// The boolean values of a BOOLEAN column.
    public var booleanValues: Bitmap {
        guard case .bits(let bits) = storage else { preconditionFailure("column of type \(type) is not boolean") }
        return bits
    }

    /// A column whose dictionary encoding (if any) is expanded into plain offsets + bytes.
    public func decoded() -> Column {
        guard case .dictionary(let codes, let dictionary) = storage else { return self }
        var builder = StringColumnBuilder(type: type, capacity: count)
        codes.withUnsafeBufferPointer(as: Int32.self) { c in
            for i in 0..<count {
                if isNull(i) { builder.appendNull() } else { builder.append(bytes: dictionary.bytes(at: Int(c[i]))) }
            }
        }
        return builder.finish()
    }
}
