/// Appends integers as decimal text bytes without building Strings (for text-format writers).
public enum IntegerBytes {
    @inline(__always)
    public static func append(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 { out.append(0x30); return }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = 0
            while magnitude > 0 {
                digits[19 - n] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                n += 1
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - n)...]))
        }
    }
}
