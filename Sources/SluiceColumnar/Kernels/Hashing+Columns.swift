/// The per-column hash loops: the strategy is chosen once per column, then one tight loop runs.
extension Hashing {
    /// Writes the hash of every row of `column` into `out[0..<column.count]`, NULL rows as `nullHash`.
    static func hashColumn(_ column: Column, into out: UnsafeMutableBufferPointer<UInt64>) {
        let n = column.count
        guard n > 0 else { return }
        switch column.storage {
        case .fixed:
            switch column.type {
            case .int8: column.withValues(Int8.self) { integers($0, out) }
            case .int16: column.withValues(Int16.self) { integers($0, out) }
            case .int32, .date, .time, .intervalYearMonth: column.withValues(Int32.self) { integers($0, out) }
            case .int64, .timestamp, .timestampLTZ, .intervalDayTime: column.withValues(Int64.self) { integers($0, out) }
            case .float32: column.withValues(Float.self) { floats($0, out) }
            case .float64: column.withValues(Double.self) { floats($0, out) }
            case .decimal(let p, let s) where p <= DataType.maxInt64DecimalPrecision:
                column.withValues(Int64.self) { decimals($0, s, out) }
            case .decimal(_, let s):
                column.withValues(Int128.self) { decimals($0, s, out) }
            default:
                preconditionFailure("\(column.type) is not stored fixed-width")
            }
        case .bits(let bits):
            booleans(bits, out)
        case .variable(let offsets, let bytes):
            offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                bytes.withUnsafeBytes { variable(o, $0, n, out) }
            }
        case .dictionary(let codes, let dictionary):
            let entryHashes = dictionaryHashes(dictionary)
            codes.withUnsafeBufferPointer(as: Int32.self) { c in
                entryHashes.withUnsafeBufferPointer { gatherHashes($0, c, n, out) }
            }
        case .children(let children):
            if children.isEmpty {
                for i in 0..<n { out[i] = 0 }
            } else {
                hash(children, into: out)
            }
        }
        if let validity = column.validity { patchNulls(validity, out) }
    }

    /// The XXH64 of each dictionary entry, in code order.
    static func dictionaryHashes(_ dictionary: DictionaryValues) -> [UInt64] {
        dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            dictionary.bytes.withUnsafeBytes { data in
                (0..<dictionary.count).map { code in
                    hashBytes(UnsafeRawBufferPointer(rebasing: data[Int(o[code])..<Int(o[code + 1])]))
                }
            }
        }
    }

    @inline(never)
    static func integers<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, _ out: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<v.count { out[i] = hashInt(Int64(truncatingIfNeeded: v[i])) }
    }

    @inline(never)
    static func floats<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>, _ out: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<v.count { out[i] = hashDouble(Double(v[i])) }
    }

    @inline(never)
    static func decimals<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, _ scale: Int, _ out: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<v.count { out[i] = hashDecimal(Int128(truncatingIfNeeded: v[i]), scale: scale) }
    }

    @inline(never)
    static func booleans(_ bits: Bitmap, _ out: UnsafeMutableBufferPointer<UInt64>) {
        let h0 = hashInt(0), h1 = hashInt(1)
        bits.withAlignedWords { w in
            for i in 0..<bits.count {
                out[i] = (w[i >> 6] >> UInt64(i & 63)) & 1 == 1 ? h1 : h0
            }
        }
    }

    @inline(never)
    static func variable(_ o: UnsafeBufferPointer<Int32>, _ data: UnsafeRawBufferPointer, _ n: Int,
                         _ out: UnsafeMutableBufferPointer<UInt64>) {
        // An empty bytes buffer still has a valid (padded) allocation, so the base is never nil here
        // except for zero-length storage; XXH64 of zero bytes never reads the pointer.
        let base = data.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        for i in 0..<n {
            let start = Int(o[i])
            out[i] = XXH64.hash(base + start, Int(o[i + 1]) - start)
        }
    }

    @inline(never)
    static func gatherHashes(_ entries: UnsafeBufferPointer<UInt64>, _ codes: UnsafeBufferPointer<Int32>, _ n: Int,
                             _ out: UnsafeMutableBufferPointer<UInt64>) {
        // Codes under a NULL are unspecified and may be out of range: clamp, then `patchNulls` fixes them.
        let limit = UInt32(max(entries.count, 1) - 1)
        if entries.isEmpty {
            for i in 0..<n { out[i] = Hashing.nullHash }
            return
        }
        for i in 0..<n { out[i] = entries[Int(min(UInt32(bitPattern: codes[i]), limit))] }
    }

    @inline(never)
    static func patchNulls(_ validity: Bitmap, _ out: UnsafeMutableBufferPointer<UInt64>) {
        let n = validity.count
        validity.withAlignedWords { w in
            for wi in 0..<w.count {
                var missing = ~w[wi]
                if wi == w.count - 1 && n & 63 != 0 { missing &= (UInt64(1) << UInt64(n & 63)) - 1 }
                while missing != 0 {
                    let bit = missing.trailingZeroBitCount
                    out[wi << 6 + bit] = Hashing.nullHash
                    missing &= missing - 1
                }
            }
        }
    }
}
