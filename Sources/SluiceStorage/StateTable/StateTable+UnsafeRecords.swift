#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims
import SluiceColumnar

// The byte-level reads and writes of entry records (layout in `EntryLayout` and on `StateTable`).
extension StateTable {
    /// Whether record `r` holds exactly this hash and key; `all` is the entries arena.
    @inline(__always)
    func keyMatches(record r: Int, hash: UInt64, key: UnsafeRawBufferPointer, in all: UnsafeRawBufferPointer) -> Bool {
        let at = recordOffset(r)
        guard all.loadUnaligned(fromByteOffset: at + EntryLayout.hashAt, as: UInt64.self) == hash,
              Int(all.loadUnaligned(fromByteOffset: at + EntryLayout.keyLengthAt, as: UInt32.self)) == key.count
        else { return false }
        if key.count == 8 {
            return all.loadUnaligned(fromByteOffset: at + EntryLayout.keyAt, as: UInt64.self) == key.loadUnaligned(as: UInt64.self)
        }
        guard key.count > 0 else { return true }
        if key.count <= EntryLayout.inlineKeyLimit {
            // SAFETY: an inline key occupies at most the 16 key bytes of a record inside the arena.
            return memcmp(all.baseAddress! + at + EntryLayout.keyAt, key.baseAddress!, key.count) == 0
        }
        let handle = ValueHandle(rawValue: all.loadUnaligned(fromByteOffset: at + EntryLayout.keyAt, as: UInt64.self))
        return values.withUnsafeBytes(of: handle) { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
    }

    /// Writes a new record's fields and zeroes its slot, marking the record dirty.
    func writeRecord(at: Int, hash: UInt64, group: Int, key: UnsafeRawBufferPointer, handle: UInt64) {
        entries.withUnsafeMutableBytes(markingDirty: at ..< at + recordWidth) { all in
            all.storeBytes(of: hash, toByteOffset: at + EntryLayout.hashAt, as: UInt64.self)
            all.storeBytes(of: UInt32(group), toByteOffset: at + EntryLayout.keyGroupAt, as: UInt32.self)
            all.storeBytes(of: UInt32(key.count), toByteOffset: at + EntryLayout.keyLengthAt, as: UInt32.self)
            let keyField = UnsafeMutableRawBufferPointer(rebasing: all[at + EntryLayout.keyAt ..< at + EntryLayout.slotAt])
            keyField.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > EntryLayout.inlineKeyLimit {
                keyField.storeBytes(of: handle, as: UInt64.self)
            } else if key.count > 0 {
                keyField.copyMemory(from: key)
            }
            UnsafeMutableRawBufferPointer(rebasing: all[at + EntryLayout.slotAt ..< at + recordWidth])
                .initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// Looks up every row of a batch in one pass over the index and the entries arena: writes the
    /// slot offset of each found key and -1 for each miss; returns the number of misses.
    @inline(never)
    func probeExisting(hashes: UnsafeBufferPointer<UInt64>, keyStarts: UnsafeBufferPointer<Int>,
                       keyBytes: UnsafeRawBufferPointer, slots: UnsafeMutableBufferPointer<Int>) -> Int {
        let n = hashes.count
        let buckets = index.buckets
        let mask = index.mask
        let shift = UInt64(32 - index.bits)
        let ahead = 8
        var misses = 0
        entries.withUnsafeBytes { all in
            for i in 0..<min(ahead, n) { sluice_prefetch(buckets.baseAddress! + Int(truncatingIfNeeded: (hashes[i] >> 32) >> shift)) }
            for i in 0..<n {
                if i + ahead < n {
                    sluice_prefetch(buckets.baseAddress! + Int(truncatingIfNeeded: (hashes[i + ahead] >> 32) >> shift))
                }
                // Two-stage prefetch: the bucket fetched `ahead` rows ago names the record to compare.
                if i + ahead / 2 < n {
                    let home = buckets[Int(truncatingIfNeeded: (hashes[i + ahead / 2] >> 32) >> shift)]
                    if home != 0 { sluice_prefetch(all.baseAddress! + recordOffset(Int(truncatingIfNeeded: home & 0xFFFF_FFFF) - 1)) }
                }
                let hash = hashes[i]
                let tag = hash >> 32
                let key = UnsafeRawBufferPointer(rebasing: keyBytes[keyStarts[i]..<keyStarts[i + 1]])
                var b = Int(truncatingIfNeeded: tag >> shift)
                var slot = -1
                while true {
                    let bucket = buckets[b]
                    if bucket == 0 { break }
                    if bucket >> 32 == tag {
                        let r = Int(truncatingIfNeeded: bucket & 0xFFFF_FFFF) - 1
                        if keyMatches(record: r, hash: hash, key: key, in: all) {
                            slot = slotOffset(record: r)
                            break
                        }
                    }
                    b = (b + 1) & mask
                }
                slots[i] = slot
                misses &+= slot < 0 ? 1 : 0
            }
        }
        return misses
    }

    /// Rebuilds the probe index and the key-group chains from the first `records` records in one
    /// pass over the arena; returns the live count, or the first record whose key group is wrong.
    func rebuildFromRecords(_ records: Int) -> (live: Int, badRecord: Int?) {
        var next = [Int32](repeating: -1, count: records)
        var prev = [Int32](repeating: -1, count: records)
        var head = [Int32](repeating: -1, count: keyGroupRange.count)
        var counts = [Int](repeating: 0, count: keyGroupRange.count)
        let lower = keyGroupRange.lowerBound
        let modulus = UInt64(maxParallelism)
        var live = 0
        var bad: Int?
        entries.withUnsafeBytes { all in
            for r in 0..<records {
                let at = recordOffset(r)
                guard all.loadUnaligned(fromByteOffset: at + EntryLayout.keyLengthAt, as: UInt32.self) != EntryLayout.freeRecord else { continue }
                let hash = all.loadUnaligned(fromByteOffset: at + EntryLayout.hashAt, as: UInt64.self)
                let group = Int(all.loadUnaligned(fromByteOffset: at + EntryLayout.keyGroupAt, as: UInt32.self))
                guard UInt64(group) == hash % modulus, keyGroupRange.contains(group) else {
                    bad = r
                    return
                }
                index.insertDistinct(record: r, hash: hash)
                let g = group - lower
                let first = head[g]
                next[r] = first
                if first >= 0 { prev[Int(first)] = Int32(r) }
                head[g] = Int32(r)
                counts[g] += 1
                live += 1
            }
        }
        nextInGroup = next
        prevInGroup = prev
        groupHead = head
        groupCount = counts
        return (live, bad)
    }
}
