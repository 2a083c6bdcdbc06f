import SluiceColumnar

/// Keys of timers as bytes: a tag byte per value, then its payload (little-endian words, length-
/// prefixed strings), so equal keys give equal bytes and the bytes decode back to the values.
///
/// Used once per timer registration and firing (not per row of a batch kernel).
public enum TimerKeyCodec {
    public static func encode(_ key: [Value]) -> [UInt8] {
        var out: [UInt8] = []
        for v in key { write(v, &out) }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(SluiceError) -> [Value] {
        var reader = SnapshotReader(bytes: bytes)
        var values: [Value] = []
        while reader.offset < bytes.count { values.append(try read(&reader)) }
        return values
    }

    static func word(_ v: UInt64, _ out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }

    static func write(_ v: Value, _ out: inout [UInt8]) {
        switch v {
        case .null: out.append(0)
        case .boolean(let b): out.append(1); out.append(b ? 1 : 0)
        case .int(let i): out.append(2); word(UInt64(bitPattern: i), &out)
        case .float(let d): out.append(3); word((d == 0 ? 0.0 : d).bitPattern, &out)
        case .decimal(let u, let scale):
            out.append(4)
            word(UInt64(truncatingIfNeeded: u), &out)
            word(UInt64(truncatingIfNeeded: u >> 64), &out)
            word(UInt64(bitPattern: Int64(scale)), &out)
        case .string(let s): out.append(5); bytes(Array(s.utf8), &out)
        case .binary(let b): out.append(6); bytes(b, &out)
        case .date(let d): out.append(7); word(UInt64(bitPattern: Int64(d)), &out)
        case .time(let t): out.append(8); word(UInt64(bitPattern: Int64(t)), &out)
        case .timestamp(let t): out.append(9); word(UInt64(bitPattern: t), &out)
        case .intervalDayTime(let t): out.append(10); word(UInt64(bitPattern: t), &out)
        case .intervalYearMonth(let m): out.append(11); word(UInt64(bitPattern: Int64(m)), &out)
        case .row(let fields): out.append(12); word(UInt64(fields.count), &out); for f in fields { write(f, &out) }
        }
    }

    static func bytes(_ b: [UInt8], _ out: inout [UInt8]) {
        word(UInt64(b.count), &out)
        out.append(contentsOf: b)
    }

    static func read(_ r: inout SnapshotReader) throws(SluiceError) -> Value {
        let tag = try r.bytes(1, "key tag")[0]
        func int() throws(SluiceError) -> Int64 { Int64(bitPattern: try r.word("key value")) }
        switch tag {
        case 0: return .null
        case 1: return .boolean(try r.bytes(1, "key value")[0] != 0)
        case 2: return .int(try int())
        case 3: return .float(Double(bitPattern: try r.word("key value")))
        case 4:
            let lo = try r.word("decimal"), hi = try r.word("decimal")
            return .decimal(Int128(bitPattern: UInt128(hi) << 64 | UInt128(lo)), scale: Int(try int()))
        case 5: return .string(String(decoding: try r.bytes(Int(truncatingIfNeeded: try r.word("string length")), "string"), as: UTF8.self))
        case 6: return .binary(try r.bytes(Int(truncatingIfNeeded: try r.word("binary length")), "binary"))
        case 7: return .date(Int32(truncatingIfNeeded: try int()))
        case 8: return .time(Int32(truncatingIfNeeded: try int()))
        case 9: return .timestamp(try int())
        case 10: return .intervalDayTime(try int())
        case 11: return .intervalYearMonth(Int32(truncatingIfNeeded: try int()))
        case 12:
            let n = try r.word("row width")
            var fields: [Value] = []
            for _ in 0..<n { fields.append(try read(&r)) }
            return .row(fields)
        default:
            throw SluiceError(.corruptState, "timer key holds an unknown value tag \(tag) at offset \(r.offset - 1)")
        }
    }
}
