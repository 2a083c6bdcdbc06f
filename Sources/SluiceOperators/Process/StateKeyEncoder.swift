import SluiceColumnar

/// The state key bytes of a row's key columns, equal exactly when the keys are equal (NULL equal
/// to NULL), so that rows routed together by the hash edge find the same state.
///
/// A single BIGINT-like key is its 8 bytes little-endian and a single string key its UTF-8 bytes
/// (what `KeyedStateBackend.setCurrentKey(Int64)` / `(String)` use); anything else is a tagged
/// encoding per column. A NULL single key is the byte 0xFF, which no UTF-8 string is.
struct StateKeyEncoder {
    let keyColumns: [Int]
    private(set) var bytes: [UInt8] = []

    init(keyColumns: [Int]) { self.keyColumns = keyColumns }

    /// Encodes the key of `physicalRow` into `bytes` (reusing its storage).
    mutating func encode(_ batch: RecordBatch, physicalRow: Int) {
        bytes.removeAll(keepingCapacity: true)
        if keyColumns.count == 1 {
            switch batch.columns[keyColumns[0]].value(at: physicalRow) {
            case .int(let v): appendInteger(v)
            case .string(let s): bytes.append(contentsOf: s.utf8)
            case .null: bytes.append(0xFF)
            case let other: appendTagged(other)
            }
            return
        }
        for column in keyColumns { appendTagged(batch.columns[column].value(at: physicalRow)) }
    }

    private mutating func appendInteger(_ v: Int64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func appendTagged(_ value: Value) {
        switch value {
        case .null: bytes.append(0)
        case .boolean(let b): bytes.append(1); appendInteger(b ? 1 : 0)
        case .int(let v): bytes.append(1); appendInteger(v)
        case .date(let v), .time(let v), .intervalYearMonth(let v): bytes.append(1); appendInteger(Int64(v))
        case .timestamp(let v), .intervalDayTime(let v): bytes.append(1); appendInteger(v)
        case .float(let v):
            bytes.append(2)
            let bits = v == 0 ? 0 : (v.isNaN ? Double.nan.bitPattern : v.bitPattern)
            withUnsafeBytes(of: bits.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let s): appendVariable(3, Array(s.utf8))
        case .binary(let b): appendVariable(4, b)
        case .decimal(let unscaled, let scale):
            bytes.append(5)
            withUnsafeBytes(of: unscaled.littleEndian) { bytes.append(contentsOf: $0) }
            appendInteger(Int64(scale))
        case .row(let values):
            bytes.append(6)
            appendInteger(Int64(values.count))
            for v in values { appendTagged(v) }
        }
    }

    private mutating func appendVariable(_ tag: UInt8, _ payload: [UInt8]) {
        bytes.append(tag)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
    }
}
