import CShims

/// The integer-key fast path: keys are widened to Int64 once per batch and compared as integers.
///
/// Large tables run two passes per chunk: the first hashes every key to its home slot; the second
/// probes and inserts, prefetching the home slot a fixed distance ahead so that many DRAM misses
/// overlap (prefetching the whole chunk at once overflowed the miss queues and left the probe loop
/// waiting). Small tables, which sit in cache, hash inside the probe loop instead.
extension GroupTable {
    /// Tables with more slots than this (16 bytes each) prefetch their probes.
    static let prefetchSlots = 1 << 16

    mutating func findOrInsertIntegers(_ column: Column, selection: SelectionVector?, n: Int, out: inout MutableBuffer) {
        let widened = GroupTable.widenedIntegers(column)
        let validity = column.validity?.realigned()
        widened.withUnsafeBufferPointer(as: Int64.self) { values in
            out.withUnsafeMutableBufferPointer(as: UInt32.self) { gids in
                if let selection {
                    selection.withUnsafeIndices { rows in
                        probeIntegersChunked(values, rows: rows, n: n, validity: validity, gids: gids)
                    }
                } else {
                    probeIntegersChunked(values, rows: nil, n: n, validity: validity, gids: gids)
                }
            }
        }
    }

    /// The key values as Int64 (the buffer itself for 8-byte keys).
    static func widenedIntegers(_ column: Column) -> Buffer {
        guard case .fixed(let buffer) = column.storage else { preconditionFailure("integer key must be fixed-width") }
        switch column.type.fixedWidth! {
        case 8: return buffer.slice(Int64.self, from: 0, count: column.count)
        case 4: return column.withValues(Int32.self) { widen($0) }
        case 2: return column.withValues(Int16.self) { widen($0) }
        default: return column.withValues(Int8.self) { widen($0) }
        }
    }

    @inline(never)
    static func widen<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) -> Buffer {
        var out = MutableBuffer(uninitializedCount: v.count, of: Int64.self)
        out.withUnsafeMutableBufferPointer(as: Int64.self) { o in
            for i in 0..<v.count { o[i] = Int64(truncatingIfNeeded: v[i]) }
        }
        return out.freeze()
    }

    private mutating func probeIntegersChunked(_ values: UnsafeBufferPointer<Int64>, rows: UnsafeBufferPointer<UInt32>?,
                                               n: Int, validity: Buffer?, gids: UnsafeMutableBufferPointer<UInt32>) {
        var start = 0
        var homes = scratchHomes
        scratchHomes = []
        if homes.count < min(n, GroupTable.chunk) { homes = [Int](repeating: 0, count: GroupTable.chunk) }
        defer { scratchHomes = homes }
        while start < n {
            let end = min(start + GroupTable.chunk, n)
            reserve(additionalGroups: end - start + 1)
            var count = groupCount
            var nullGroup = self.nullGroup
            let mask = capacity - 1
            let sh = shift
            let prefetch = capacity > GroupTable.prefetchSlots
            slots.withUnsafeMutableBufferPointer { s in
                integerKeys.withUnsafeMutableBufferPointer { keys in
                    homes.withUnsafeMutableBufferPointer { h in
                        if validity != nil || prefetch { GroupTable.homeSlots(s, sh, values, rows, start..<end, h) }
                        if let validity {
                            validity.withUnsafeBufferPointer(as: UInt64.self) { words in
                                GroupTable.probeIntegersWithNulls(s, mask, keys, &count, &nullGroup, values, rows, start..<end, h, words, gids)
                            }
                        } else {
                            GroupTable.probeIntegers(s, mask, keys, &count, values, rows, start..<end, h, gids,
                                                     prefetch: prefetch, hashShift: prefetch ? nil : sh)
                        }
                    }
                }
            }
            groupCount = count
            self.nullGroup = nullGroup
            start = end
        }
    }

    /// Pass 1: the home slot of every key in the chunk (`homes[k - range.lowerBound]`).
    @inline(never)
    static func homeSlots(_ s: UnsafeMutableBufferPointer<Slot>, _ shift: UInt64, _ values: UnsafeBufferPointer<Int64>,
                          _ rows: UnsafeBufferPointer<UInt32>?, _ range: Range<Int>,
                          _ homes: UnsafeMutableBufferPointer<Int>) {
        let first = range.lowerBound
        for k in range {
            let row = rows.map { Int($0[k]) } ?? k
            homes[k - first] = Int(truncatingIfNeeded: Hashing.hashInt(values[row]) >> shift)
        }
    }

    /// Keys ahead whose home slot the probe loop prefetches.
    static let probePrefetchDistance = 32

    /// The hot loop: probe from the home slot (`homes`, or hashed here when `hashShift` is given), insert
    /// on miss. `rows` maps logical to physical rows.
    @inline(never)
    static func probeIntegers(_ s: UnsafeMutableBufferPointer<Slot>, _ mask: Int,
                              _ keys: UnsafeMutableBufferPointer<Int64>, _ count: inout Int,
                              _ values: UnsafeBufferPointer<Int64>, _ rows: UnsafeBufferPointer<UInt32>?,
                              _ range: Range<Int>, _ homes: UnsafeMutableBufferPointer<Int>,
                              _ gids: UnsafeMutableBufferPointer<UInt32>, prefetch: Bool = false, hashShift: UInt64? = nil) {
        var groups = count
        let first = range.lowerBound
        let d = prefetch ? probePrefetchDistance : 0
        let last = range.count
        if prefetch {
            for j in 0..<min(d, last) { sluice_prefetch(UnsafeRawPointer(s.baseAddress! + homes[j])) }
        }
        for k in range {
            if prefetch && k &- first &+ d < last { sluice_prefetch(UnsafeRawPointer(s.baseAddress! + homes[k &- first &+ d])) }
            let row = rows.map { Int($0[k]) } ?? k
            let key = values[row]
            let bits = UInt64(bitPattern: key)
            var i = hashShift.map { Int(truncatingIfNeeded: Hashing.hashInt(key) >> $0) } ?? homes[k - first]
            while true {
                let slot = s[i]
                if slot.group == 0 {
                    s[i] = Slot(key: bits, group: UInt32(truncatingIfNeeded: groups + 1))
                    keys[groups] = key
                    gids[row] = UInt32(truncatingIfNeeded: groups)
                    groups += 1
                    break
                }
                if slot.key == bits {
                    gids[row] = slot.group &- 1
                    break
                }
                i = (i + 1) & mask
            }
        }
        count = groups
    }

    @inline(never)
    static func probeIntegersWithNulls(_ s: UnsafeMutableBufferPointer<Slot>, _ mask: Int,
                                       _ keys: UnsafeMutableBufferPointer<Int64>, _ count: inout Int, _ nullGroup: inout Int32,
                                       _ values: UnsafeBufferPointer<Int64>, _ rows: UnsafeBufferPointer<UInt32>?,
                                       _ range: Range<Int>, _ homes: UnsafeMutableBufferPointer<Int>,
                                       _ words: UnsafeBufferPointer<UInt64>,
                                       _ gids: UnsafeMutableBufferPointer<UInt32>) {
        for k in range {
            let row = rows.map { Int($0[k]) } ?? k
            if (words[row >> 6] >> UInt64(row & 63)) & 1 == 0 {
                if nullGroup < 0 {
                    nullGroup = Int32(count)
                    keys[count] = 0
                    count += 1
                }
                gids[row] = UInt32(nullGroup)
            } else {
                let home = UnsafeMutableBufferPointer(rebasing: homes[(k - range.lowerBound)...])
                probeIntegers(s, mask, keys, &count, values, rows, k..<(k + 1), home, gids)
            }
        }
    }

    /// The distinct integer keys in group order, narrowed back to the key type.
    func integerKeyColumn() -> Column {
        let type = keyTypes[0]
        let validity: Bitmap? = nullGroup < 0 ? nil : Bitmap((0..<groupCount).map { $0 != Int(nullGroup) })
        let buffer: Buffer = integerKeys.withUnsafeBufferPointer { all in
            let keys = UnsafeBufferPointer(rebasing: all[0..<groupCount])
            switch type.fixedWidth! {
            case 8: return Buffer(copying: keys)
            case 4: return Buffer(keys.map { Int32(truncatingIfNeeded: $0) })
            case 2: return Buffer(keys.map { Int16(truncatingIfNeeded: $0) })
            default: return Buffer(keys.map { Int8(truncatingIfNeeded: $0) })
            }
        }
        return Column(type: type, count: groupCount, storage: .fixed(buffer), validity: validity)
    }
}
