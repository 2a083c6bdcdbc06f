import SluiceColumnar

extension KeyedTimers {
    static let magic: [UInt8] = Array("STMR".utf8)
    static let version: UInt8 = 1

    /// Every live timer as bytes: `STMR`, version, count, then per timer (earliest first) time,
    /// key group, namespace, key length and key bytes, little-endian.
    public func snapshot() -> [UInt8] {
        var out = KeyedTimers.magic
        out.append(KeyedTimers.version)
        let timers = all
        append(UInt64(timers.count), to: &out)
        for t in timers {
            append(UInt64(bitPattern: t.timestamp), to: &out)
            append(UInt64(UInt32(bitPattern: t.keyGroup)), to: &out)
            append(UInt64(bitPattern: t.namespace), to: &out)
            append(UInt64(t.key.count), to: &out)
            out.append(contentsOf: t.key)
        }
        return out
    }

    /// The timers of a `snapshot()`; throws `corruptState` on bytes that are not one.
    public init(snapshot bytes: [UInt8]) throws(SluiceError) {
        self.init()
        var reader = SnapshotReader(bytes: bytes)
        guard bytes.count >= 5, Array(bytes[0..<4]) == KeyedTimers.magic else {
            throw SluiceError(.corruptState, "timer snapshot does not start with `STMR` (\(bytes.count) bytes); it is not a timer snapshot")
        }
        guard bytes[4] == KeyedTimers.version else {
            throw SluiceError(.corruptState, "timer snapshot version \(bytes[4]) is not supported; this build reads version \(KeyedTimers.version)")
        }
        reader.offset = 5
        let count = try reader.word("timer count")
        for _ in 0..<count {
            let time = Int64(bitPattern: try reader.word("timer time"))
            let group = Int32(truncatingIfNeeded: try reader.word("key group"))
            let namespace = Int64(bitPattern: try reader.word("namespace"))
            let length = Int(truncatingIfNeeded: try reader.word("key length"))
            let key = try reader.bytes(length, "key")
            register(time: time, key: key, keyGroup: group, namespace: namespace)
        }
    }

    func append(_ v: UInt64, to out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }
}

/// Reads little-endian words and byte runs from a snapshot, failing clearly on a short buffer.
struct SnapshotReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func word(_ what: String) throws(SluiceError) -> UInt64 {
        let b = try self.bytes(8, what)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(b[i]) << (8 * i) }
        return v
    }

    mutating func bytes(_ n: Int, _ what: String) throws(SluiceError) -> [UInt8] {
        guard n >= 0, n <= bytes.count - offset else {
            throw SluiceError(.corruptState, "timer snapshot ends early: \(what) needs \(n) bytes at offset \(offset) of \(bytes.count)")
        }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }
}
