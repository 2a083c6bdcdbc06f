import SluiceColumnar

/// The manifest of a backend snapshot: which states it holds, how each is laid out, and which
/// file holds each state's table (in the existing snapshot format). Checksummed (CRC32C) and
/// written durably after the state files, so a snapshot directory without a valid manifest is
/// incomplete.
///
/// ```
///  "SLBKMAN1" │ maxParallelism u32 │ firstGroup u32 │ lastGroup u32 │ stateCount u32 │
///  per state: nameLength u32, name, kind u8, payloadWidth u32, variable u8, detail u32,
///             fileNameLength u32, fileName │ crc32c(all before) u32
/// ```
struct BackendManifest: Equatable {
    static let fileName = "MANIFEST"
    static let magic: [UInt8] = Array("SLBKMAN1".utf8)

    struct State: Equatable {
        var descriptor: StateDescriptor
        var file: String
    }

    var maxParallelism: Int
    var keyGroupRange: ClosedRange<Int>
    var states: [State]

    func encode() -> [UInt8] {
        var w = ByteWriter()
        w.append(BackendManifest.magic)
        w.append(UInt32(maxParallelism))
        w.append(UInt32(keyGroupRange.lowerBound))
        w.append(UInt32(keyGroupRange.upperBound))
        w.append(UInt32(states.count))
        for state in states {
            let d = state.descriptor
            w.append(UInt32(d.name.utf8.count))
            w.append(Array(d.name.utf8))
            w.append(d.kind.rawValue)
            w.append(UInt32(d.payloadWidth))
            w.append(UInt8(d.variable ? 1 : 0))
            w.append(d.detail)
            w.append(UInt32(state.file.utf8.count))
            w.append(Array(state.file.utf8))
        }
        w.append(CRC32C.checksum(w.bytes))
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], path: String) throws(SluiceError) -> BackendManifest {
        func corrupt(_ what: String, _ at: Int) -> SluiceError {
            SluiceError(.corruptState, "state backend manifest '\(path)' is corrupt at byte \(at): \(what)", context: .init(file: path))
        }
        guard bytes.count >= magic.count + 20 else { throw corrupt("\(bytes.count) bytes is too short", 0) }
        let body = Array(bytes[0 ..< bytes.count - 4])
        var tail = ByteReader(Array(bytes[bytes.count - 4 ..< bytes.count]))
        guard tail.read(UInt32.self) == CRC32C.checksum(body) else { throw corrupt("checksum mismatch", bytes.count - 4) }
        var r = ByteReader(body)
        guard r.read(count: magic.count) == magic else { throw corrupt("magic is not \"SLBKMAN1\"", 0) }
        guard let mp = r.read(UInt32.self), let lo = r.read(UInt32.self), let hi = r.read(UInt32.self),
              let n = r.read(UInt32.self), lo <= hi, hi < mp else { throw corrupt("bad header", magic.count) }
        var states: [State] = []
        for _ in 0..<n {
            let at = r.position
            guard let nameLength = r.read(UInt32.self), let name = r.read(count: Int(nameLength)),
                  let kind = r.read(UInt8.self).flatMap(StateDescriptor.Kind.init(rawValue:)),
                  let width = r.read(UInt32.self), let variable = r.read(UInt8.self), let detail = r.read(UInt32.self),
                  let fileLength = r.read(UInt32.self), let file = r.read(count: Int(fileLength)) else {
                throw corrupt("state entry cut short or unknown state kind", at)
            }
            let descriptor = StateDescriptor(name: String(decoding: name, as: UTF8.self), kind: kind, payloadWidth: Int(width),
                                             variable: variable != 0, detail: detail)
            states.append(State(descriptor: descriptor, file: String(decoding: file, as: UTF8.self)))
        }
        guard r.remaining == 0 else { throw corrupt("\(r.remaining) trailing bytes", r.position) }
        return BackendManifest(maxParallelism: Int(mp), keyGroupRange: Int(lo)...Int(hi), states: states)
    }
}
