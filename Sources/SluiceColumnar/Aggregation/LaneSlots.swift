/// Accumulator state of one lane: a contiguous fixed-width array indexed by group id.
///
/// Only the array of the lane is used. Plain `[Int64]`/`[Double]`/`[Int128]` keep the state in
/// fixed-width slots that a state backend can later place in memory-mapped files.
struct LaneSlots {
    let lane: Lane
    var i64: [Int64] = []
    var f64: [Double] = []
    var i128: [Int128] = []

    init(_ lane: Lane) { self.lane = lane }

    var count: Int {
        switch lane {
        case .int64: return i64.count
        case .double: return f64.count
        case .int128: return i128.count
        }
    }

    /// Grows to `n` slots, new slots set to the lane's initial value.
    mutating func grow(to n: Int, _ a: Int64, _ b: Double, _ c: Int128) {
        guard n > count else { return }
        switch lane {
        case .int64: i64.append(contentsOf: repeatElement(a, count: n - i64.count))
        case .double: f64.append(contentsOf: repeatElement(b, count: n - f64.count))
        case .int128: i128.append(contentsOf: repeatElement(c, count: n - i128.count))
        }
    }

    /// The first `n` slots as a column of `type` (narrowing integers; the caller has range-checked).
    func column(_ type: DataType, count n: Int, validity: Bitmap?) -> Column {
        switch lane {
        case .int64:
            return i64.withUnsafeBufferPointer { LaneSlots.narrow(UnsafeBufferPointer(rebasing: $0[0..<n]), type, validity) }
        case .double:
            let buffer = type == .float32 ? Buffer(f64[0..<n].map { Float($0) }) : f64.withUnsafeBufferPointer { Buffer(copying: UnsafeBufferPointer(rebasing: $0[0..<n])) }
            return Column(type: type, count: n, storage: .fixed(buffer), validity: validity)
        case .int128:
            return LaneSlots.decimalColumn(Array(i128[0..<n]), type, validity)
        }
    }

    static func narrow(_ v: UnsafeBufferPointer<Int64>, _ type: DataType, _ validity: Bitmap?) -> Column {
        let n = v.count
        if type == .boolean {
            return Column(type: .boolean, count: n, storage: .bits(Bitmap(v.map { $0 != 0 })), validity: validity)
        }
        if case .decimal(let p, _) = type, p > DataType.maxInt64DecimalPrecision {
            return decimalColumn(v.map { Int128($0) }, type, validity)
        }
        let buffer: Buffer
        switch type.fixedWidth! {
        case 8: buffer = Buffer(copying: v)
        case 4: buffer = Buffer(v.map { Int32(truncatingIfNeeded: $0) })
        case 2: buffer = Buffer(v.map { Int16(truncatingIfNeeded: $0) })
        default: buffer = Buffer(v.map { Int8(truncatingIfNeeded: $0) })
        }
        return Column(type: type, count: n, storage: .fixed(buffer), validity: validity)
    }

    static func decimalColumn(_ v: [Int128], _ type: DataType, _ validity: Bitmap?) -> Column {
        if type.fixedWidth == 8 {
            return Column(type: type, count: v.count, storage: .fixed(Buffer(v.map { Int64(truncatingIfNeeded: $0) })), validity: validity)
        }
        return Column(type: type, count: v.count, storage: .fixed(Buffer(v)), validity: validity)
    }

    /// The input column's values widened to the lane (the column's own buffer when no widening is needed).
    static func widen(_ column: Column, to lane: Lane) -> Buffer {
        switch column.storage {
        case .bits(let bits):
            var out = MutableBuffer(uninitializedCount: column.count, of: Int64.self)
            bits.withAlignedWords { w in
                out.withUnsafeMutableBufferPointer(as: Int64.self) { o in
                    for i in 0..<o.count { o[i] = Int64((w[i >> 6] >> UInt64(i & 63)) & 1) }
                }
            }
            return out.freeze()
        case .fixed(let buffer):
            let width = column.type.fixedWidth!
            switch lane {
            case .int64:
                switch width {
                case 8: return buffer
                case 4: return column.withValues(Int32.self) { widenLoop($0, Int64.self) }
                case 2: return column.withValues(Int16.self) { widenLoop($0, Int64.self) }
                default: return column.withValues(Int8.self) { widenLoop($0, Int64.self) }
                }
            case .double:
                if column.type == .float64 { return buffer }
                return column.withValues(Float.self) { v in
                    var out = MutableBuffer(uninitializedCount: v.count, of: Double.self)
                    out.withUnsafeMutableBufferPointer(as: Double.self) { o in for i in 0..<v.count { o[i] = Double(v[i]) } }
                    return out.freeze()
                }
            case .int128:
                if width == 16 { return buffer }
                return column.withValues(Int64.self) { widenLoop($0, Int128.self) }
            }
        default:
            preconditionFailure("\(column.type) has no numeric lane")
        }
    }

    @inline(never)
    static func widenLoop<S: FixedWidthInteger, T: FixedWidthInteger>(_ v: UnsafeBufferPointer<S>, _: T.Type) -> Buffer {
        var out = MutableBuffer(uninitializedCount: v.count, of: T.self)
        out.withUnsafeMutableBufferPointer(as: T.self) { o in for i in 0..<v.count { o[i] = T(truncatingIfNeeded: v[i]) } }
        return out.freeze()
    }
}
