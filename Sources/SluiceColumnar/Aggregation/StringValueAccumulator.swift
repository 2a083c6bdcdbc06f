#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MIN, MAX, FIRST_VALUE and LAST_VALUE over STRING and BYTES.
///
/// Layout: fixed-width slots per group plus one byte arena holding the chosen values:
///
///     refs:  [ offset g0 | length g0 | offset g1 | length g1 | … ]   Int64, length -1 = no value yet
///     arena: bytes of the current value of each group (superseded values are garbage until the
///            arena is compacted, which happens when garbage outweighs the live bytes)
///
/// Strings compare as Flink compares them: bytewise unsigned, then by length. Append-only, like
/// `MinMaxAccumulator`; a changelog uses `RetractableMinMaxAccumulator`, which delegates here.
public struct StringValueAccumulator: Accumulator {
    enum Mode { case min, max, first, last }
    let inputType: DataType
    let mode: Mode
    let name: String
    var refs: [Int64] = []
    var arena: [UInt8] = []
    var liveBytes = 0

    init(inputType: DataType, function: AggregateFunction, name: String) {
        self.inputType = inputType
        self.name = name
        switch function {
        case .min: mode = .min
        case .max: mode = .max
        case .firstValue: mode = .first
        default: mode = .last
        }
    }

    public var resultType: DataType { inputType }
    public var stateTypes: [DataType] { [inputType, .int64] }

    mutating func grow(_ n: Int) {
        while refs.count < 2 * n { refs.append(0); refs.append(-1) }
    }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("\(name) needs its input column") }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        if rows.hasRetractions { throw Accumulators.retractionUnsupported(name) }
        grow(groupCount)
        fold(groupIds, input, rows, weights: nil)
    }

    mutating func fold(_ groupIds: Buffer, _ input: Column, _ rows: UpdateRows, weights: Column?) {
        let (offsets, codes, bytes): (Buffer, Buffer?, Buffer)
        switch input.storage {
        case .variable(let o, let b): (offsets, codes, bytes) = (o, nil, b)
        case .dictionary(let c, let d): (offsets, codes, bytes) = (d.offsets, c, d.bytes)
        default: preconditionFailure("\(input.type) is not a string column")
        }
        let weightBuffer = weights.map { w in w.withValues(Int64.self) { Buffer(copying: $0) } } ?? .empty
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                (codes ?? .empty).withUnsafeBufferPointer(as: Int32.self) { c in
                    weightBuffer.withUnsafeBufferPointer(as: Int64.self) { w in
                        bytes.withUnsafeBytes { data in
                            let base = data.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
                            rows.forEach { row, _ in
                                if weights != nil && w[row] <= 0 { return }
                                let entry = codes == nil ? row : Int(c[row])
                                let start = Int(o[entry])
                                offer(Int(gids[row]), base + start, Int(o[entry + 1]) - start)
                            }
                        }
                    }
                }
            }
        }
        if arena.count > 4096 && arena.count > 2 * liveBytes { compact() }
    }

    /// Replaces group g's value with the candidate when the mode says so.
    mutating func offer(_ g: Int, _ value: UnsafeRawPointer, _ length: Int) {
        let currentLength = Int(refs[2 * g + 1])
        let take: Bool
        switch mode {
        case .first: take = currentLength < 0
        case .last: take = true
        case .min, .max:
            if currentLength < 0 {
                take = true
            } else {
                let order = arena.withUnsafeBytes { a in
                    StringValueAccumulator.compare(value, length, a.baseAddress! + Int(refs[2 * g]), currentLength)
                }
                take = mode == .min ? order < 0 : order > 0
            }
        }
        guard take else { return }
        if currentLength > 0 { liveBytes -= currentLength }
        refs[2 * g] = Int64(arena.count)
        refs[2 * g + 1] = Int64(length)
        arena.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
        liveBytes += length
    }

    /// Bytewise unsigned comparison, then shorter first.
    static func compare(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
        let common = min(aCount, bCount)
        let c = common == 0 ? 0 : Int(memcmp(a, b, common))
        return c != 0 ? c : aCount - bCount
    }

    /// Rewrites the arena with only the current values.
    mutating func compact() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(liveBytes)
        for g in 0..<(refs.count / 2) where refs[2 * g + 1] >= 0 {
            let start = Int(refs[2 * g]), length = Int(refs[2 * g + 1])
            refs[2 * g] = Int64(fresh.count)
            fresh.append(contentsOf: arena[start..<(start + length)])
        }
        arena = fresh
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, name)
        grow(groupCount)
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        fold(groupIds, state[0], rows, weights: state[1])
    }

    public func state(groupCount n: Int) -> [Column] {
        let values = finish(groupCount: n)
        let counts = (0..<n).map { g -> Int64 in 2 * g + 1 < refs.count && refs[2 * g + 1] >= 0 ? 1 : 0 }
        return [values, Column(type: .int64, count: n, storage: .fixed(Buffer(counts)))]
    }

    public func finish(groupCount n: Int) -> Column {
        var b = StringColumnBuilder(type: inputType, capacity: n, byteCapacity: liveBytes)
        arena.withUnsafeBytes { a in
            for g in 0..<n {
                let length = 2 * g + 1 < refs.count ? Int(refs[2 * g + 1]) : -1
                if length < 0 { b.appendNull(); continue }
                let start = Int(refs[2 * g])
                b.append(bytes: UnsafeRawBufferPointer(rebasing: a[start..<(start + length)]))
            }
        }
        return b.finish()
    }
}
