import SluiceColumnar

/// The column kernels of `DatagenSource`: one loop per column and batch, each value a pure function
/// of (seed, column, global row number), so output does not depend on parallelism or batch size.
///
/// Rows of a batch are `first, first + step, first + 2·step, …` (a subtask owns every `step`-th row).
enum DatagenColumns {
    static func supports(_ type: DataType, _ kind: DatagenKind) -> Bool {
        switch type {
        case .int8, .int16, .int32, .int64, .date, .timestamp, .timestampLTZ, .float32, .float64, .string: return true
        case .boolean: return kind.label == "random"
        default: return false
        }
    }

    static func generate(_ type: DataType, _ kind: DatagenKind, column: Int, seed: UInt64,
                         first: Int, step: Int, count: Int) -> Column {
        let columnSeed = seed &+ UInt64(column) &* 0x9E37_79B9_7F4A_7C15
        switch type {
        case .int8: return integers(Int8.self, type, kind, columnSeed, first, step, count)
        case .int16: return integers(Int16.self, type, kind, columnSeed, first, step, count)
        case .int32, .date: return integers(Int32.self, type, kind, columnSeed, first, step, count)
        case .float32: return floats(Float.self, type, kind, columnSeed, first, step, count)
        case .float64: return floats(Double.self, type, kind, columnSeed, first, step, count)
        case .string: return strings(kind, columnSeed, first, step, count)
        case .boolean:
            return Column.boolean((0..<count).map { i in random(columnSeed, first + i * step) & 1 == 1 })
        default: return integers(Int64.self, type, kind, columnSeed, first, step, count)
        }
    }

    /// SplitMix64 of the row number: a counter-based generator, no state between rows.
    @inline(__always)
    static func random(_ seed: UInt64, _ row: Int) -> UInt64 {
        var z = seed &+ UInt64(bitPattern: Int64(row)) &* 0x9E37_79B9_7F4A_7C15 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(never)
    static func integers<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, _ type: DataType, _ kind: DatagenKind,
                                                                 _ seed: UInt64, _ first: Int, _ step: Int,
                                                                 _ count: Int) -> Column {
        var b = FixedWidthColumnBuilder<T>(type: type, capacity: count)
        switch kind {
        case .sequence(let start, _):
            for i in 0..<count { b.append(T(truncatingIfNeeded: start &+ Int64(first + i * step))) }
        case .random(let lo, let hi, _):
            let low = Int64(clamping: Int128(lo.rounded(.up).clamped(T.self)))
            let high = Int64(clamping: Int128(hi.rounded(.down).clamped(T.self)))
            let span = UInt64(bitPattern: high &- low) &+ 1  // 0 means the full 64-bit range
            for i in 0..<count {
                let r = random(seed, first + i * step)
                b.append(T(truncatingIfNeeded: low &+ Int64(bitPattern: span == 0 ? r : r % span)))
            }
        }
        return b.finish()
    }

    @inline(never)
    static func floats<T: BinaryFloatingPoint & BitwiseCopyable>(_: T.Type, _ type: DataType, _ kind: DatagenKind,
                                                                 _ seed: UInt64, _ first: Int, _ step: Int,
                                                                 _ count: Int) -> Column {
        var b = FixedWidthColumnBuilder<T>(type: type, capacity: count)
        switch kind {
        case .sequence(let start, _):
            for i in 0..<count { b.append(T(Double(start &+ Int64(first + i * step)))) }
        case .random(let lo, let hi, _):
            for i in 0..<count {
                let unit = Double(random(seed, first + i * step) >> 11) * 0x1p-53
                b.append(T(lo + unit * (hi - lo)))
            }
        }
        return b.finish()
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    @inline(never)
    static func strings(_ kind: DatagenKind, _ seed: UInt64, _ first: Int, _ step: Int, _ count: Int) -> Column {
        var b = StringColumnBuilder(capacity: count)
        switch kind {
        case .sequence(let start, _):
            for i in 0..<count { b.append(String(start &+ Int64(first + i * step))) }
        case .random(_, _, let length):
            var bytes = [UInt8](repeating: 0, count: length)
            for i in 0..<count {
                var r = random(seed, first + i * step)
                for j in 0..<length {
                    if j % 10 == 0 && j > 0 { r = random(r, j) }
                    bytes[j] = alphabet[Int(r % 36)]
                    r /= 36
                }
                b.append(bytes: bytes)
            }
        }
        return b.finish()
    }
}

extension Double {
    /// This value limited to the range of `T` (as a Double).
    func clamped<T: FixedWidthInteger>(_: T.Type) -> Double {
        Swift.min(Swift.max(self, Double(T.min)), Double(T.max))
    }
}
