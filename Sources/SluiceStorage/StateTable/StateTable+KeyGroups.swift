import SluiceColumnar

/// One entry of a state table, as enumerated per key group.
public struct StateEntry: Sendable, Equatable {
    public let key: [UInt8]
    public let hash: UInt64
    public let keyGroup: Int
    /// The slot's offset in the table's entries arena (valid until the entry is removed).
    public let slot: Int
}

extension StateTable {
    /// The number of entries in a key group of this table.
    public func count(inKeyGroup group: Int) -> Int {
        keyGroupRange.contains(group) ? groupCount[group - keyGroupRange.lowerBound] : 0
    }

    /// Calls `body` for every entry of the key group (in no particular order). `body` must not
    /// insert into or remove from the table.
    public func forEachEntry<E: Error>(inKeyGroup group: Int, _ body: (StateEntry) throws(E) -> Void) throws(E) {
        guard keyGroupRange.contains(group) else { return }
        var r = Int(groupHead[group - keyGroupRange.lowerBound])
        while r >= 0 {
            let at = recordOffset(r)
            try body(StateEntry(key: key(ofRecord: r), hash: entries.load(UInt64.self, at: at + EntryLayout.hashAt),
                                keyGroup: group, slot: slotOffset(record: r)))
            r = Int(nextInGroup[r])
        }
    }

    /// The entries of one key group.
    public func entries(inKeyGroup group: Int) -> [StateEntry] {
        var out: [StateEntry] = []
        out.reserveCapacity(count(inKeyGroup: group))
        forEachEntry(inKeyGroup: group) { out.append($0) }
        return out
    }

    func key(ofRecord r: Int) -> [UInt8] {
        let at = recordOffset(r)
        let length = Int(entries.load(UInt32.self, at: at + EntryLayout.keyLengthAt))
        precondition(length != Int(EntryLayout.freeRecord), "record \(r) is free")
        if length <= EntryLayout.inlineKeyLimit { return entries.bytes(at: at + EntryLayout.keyAt, count: length) }
        return values.bytes(of: ValueHandle(rawValue: entries.load(UInt64.self, at: at + EntryLayout.keyAt)))
    }

    // MARK: - Chains

    func link(record r: Int, group: Int) {
        let g = group - keyGroupRange.lowerBound
        let head = groupHead[g]
        nextInGroup[r] = head
        prevInGroup[r] = -1
        if head >= 0 { prevInGroup[Int(head)] = Int32(r) }
        groupHead[g] = Int32(r)
        groupCount[g] += 1
    }

    func unlink(record r: Int, group: Int) {
        let g = group - keyGroupRange.lowerBound
        let next = nextInGroup[r], prev = prevInGroup[r]
        if prev >= 0 { nextInGroup[Int(prev)] = next } else { groupHead[g] = next }
        if next >= 0 { prevInGroup[Int(next)] = prev }
        groupCount[g] -= 1
    }

    // MARK: - Attaching to restored arenas

    /// Checks the header of restored arenas and rebuilds the index and the chains from the records.
    func attach() throws(SluiceError) {
        let file = entries.path
        func corrupt(_ what: String, at offset: Int) -> SluiceError {
            SluiceError(.corruptState, "state table arena '\(file)' is inconsistent at byte \(offset): \(what)", context: .init(file: file))
        }
        let magic = entries.load(UInt64.self, at: 0)
        guard magic == EntryLayout.magic else { throw corrupt("magic 0x\(String(magic, radix: 16)), expected \"SLSTTAB1\"", at: 0) }
        let header = (Int(entries.load(UInt32.self, at: EntryLayout.slotWidthAt)),
                      Int(entries.load(UInt32.self, at: EntryLayout.maxParallelismAt)),
                      Int(entries.load(UInt32.self, at: EntryLayout.firstGroupAt)),
                      Int(entries.load(UInt32.self, at: EntryLayout.lastGroupAt)))
        guard header == (slotWidth, maxParallelism, keyGroupRange.lowerBound, keyGroupRange.upperBound) else {
            throw SluiceError(.invalidInput, "state table arena '\(file)' holds slot width \(header.0), max parallelism \(header.1), key groups \(header.2)...\(header.3); expected slot width \(slotWidth), max parallelism \(maxParallelism), key groups \(keyGroupRange)", context: .init(file: file))
        }
        let records = recordCount
        guard recordOffset(records) <= entries.byteCount else {
            throw corrupt("\(records) records do not fit in \(entries.byteCount) bytes", at: EntryLayout.recordCountAt)
        }
        index.reserve(additional: count)
        let (live, badRecord) = rebuildFromRecords(records)
        if let r = badRecord {
            throw corrupt("record \(r) has a key group that does not match its hash or the range \(keyGroupRange)", at: recordOffset(r))
        }
        guard live == count else { throw corrupt("header counts \(count) live entries, records hold \(live)", at: EntryLayout.liveCountAt) }
    }
}
