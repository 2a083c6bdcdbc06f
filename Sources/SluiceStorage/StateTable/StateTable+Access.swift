import SluiceColumnar

extension StateTable {
    /// The slot of the key, inserting a zeroed slot when the key is new.
    ///
    /// `hash` must be the key's stable hash (`Hashing`); it decides the key group, which must be one
    /// of this table's (an `.internal` error otherwise: the key was routed to the wrong subtask).
    public func findOrInsert(keyBytes: UnsafeRawBufferPointer, hash: UInt64) throws(SluiceError) -> Int {
        index.reserve(additional: 1)
        let (bucket, found) = find(keyBytes, hash: hash)
        if let found { return slotOffset(record: found) }
        return try insert(keyBytes, hash: hash, bucket: bucket)
    }

    public func findOrInsert(keyBytes: [UInt8], hash: UInt64) throws(SluiceError) -> Int {
        try withBytes(of: keyBytes) { (k) throws(SluiceError) -> Int in try findOrInsert(keyBytes: k, hash: hash) }
    }

    /// Finds or inserts the keys of a whole batch: row `i` has hash `hashes[i]` and key bytes
    /// `keyBytes[keyStarts[i] ..< keyStarts[i + 1]]` (the layout of serialized group keys).
    /// Writes each row's slot offset to `slots[i]`.
    ///
    /// Index and arena space for the whole batch are reserved up front, so the loop does not remap.
    public func findOrInsert(hashes: UnsafeBufferPointer<UInt64>, keyStarts: UnsafeBufferPointer<Int>,
                             keyBytes: UnsafeRawBufferPointer, slots: UnsafeMutableBufferPointer<Int>) throws(SluiceError) {
        let n = hashes.count
        precondition(keyStarts.count == n + 1 && slots.count >= n, "batch of \(n) rows needs \(n + 1) key starts and \(n) slots")
        guard n > 0 else { return }
        precondition(keyStarts[0] >= 0 && keyStarts[n] <= keyBytes.count, "key starts outside the key bytes")
        for i in 0..<n { precondition(keyStarts[i] <= keyStarts[i + 1], "key starts must not decrease (row \(i))") }
        // Phase 1: probe every row inside one arena scope (no inserts, so no remap); misses get -1.
        let misses = probeExisting(hashes: hashes, keyStarts: keyStarts, keyBytes: keyBytes, slots: slots)
        guard misses > 0 else { return }
        // Phase 2: insert the misses (a key repeated within the batch is found by its second probe).
        index.reserve(additional: misses)
        try entries.ensureCapacity(recordOffset(recordCount + misses))
        for i in 0..<n where slots[i] < 0 {
            let key = UnsafeRawBufferPointer(rebasing: keyBytes[keyStarts[i]..<keyStarts[i + 1]])
            let (bucket, found) = find(key, hash: hashes[i])
            if let found { slots[i] = slotOffset(record: found) } else { slots[i] = try insert(key, hash: hashes[i], bucket: bucket) }
        }
    }

    /// The batch variant over arrays; returns the slot offsets.
    public func findOrInsert(hashes: [UInt64], keyStarts: [Int], keyBytes: [UInt8]) throws(SluiceError) -> [Int] {
        var slots = [Int](repeating: 0, count: hashes.count)
        try withElements(of: hashes) { (h) throws(SluiceError) in
            try withElements(of: keyStarts) { (s) throws(SluiceError) in
                try withBytes(of: keyBytes) { (k) throws(SluiceError) in
                    try withMutableElements(of: &slots) { (out) throws(SluiceError) in
                        try findOrInsert(hashes: h, keyStarts: s, keyBytes: k, slots: out)
                    }
                }
            }
        }
        return slots
    }

    /// The slot of the key, or nil when absent (or when its key group is not this table's).
    public func lookup(keyBytes: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        guard keyGroupRange.contains(KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism)) else { return nil }
        return find(keyBytes, hash: hash).record.map { slotOffset(record: $0) }
    }

    public func lookup(keyBytes: [UInt8], hash: UInt64) -> Int? {
        keyBytes.withUnsafeBytes { lookup(keyBytes: $0, hash: hash) }
    }

    /// Removes the key; returns whether it was present. Its slot offset becomes invalid (and is
    /// reused by a later insert).
    @discardableResult
    public func remove(keyBytes: UnsafeRawBufferPointer, hash: UInt64) -> Bool {
        let group = KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism)
        guard keyGroupRange.contains(group) else { return false }
        let (bucket, found) = find(keyBytes, hash: hash)
        guard let r = found else { return false }
        removeRecord(r, bucket: bucket, group: group)
        return true
    }

    /// Removes live record `r`, found in index bucket `bucket`, of key group `group`.
    func removeRecord(_ r: Int, bucket: Int, group: Int) {
        let at = recordOffset(r)
        if Int(entries.load(UInt32.self, at: at + EntryLayout.keyLengthAt)) > EntryLayout.inlineKeyLimit {
            values.free(ValueHandle(rawValue: entries.load(UInt64.self, at: at + EntryLayout.keyAt)))
        }
        entries.store(EntryLayout.freeRecord, at: at + EntryLayout.keyLengthAt)
        entries.store(entries.load(UInt32.self, at: EntryLayout.freeHeadAt), at: at + EntryLayout.keyAt)
        entries.store(UInt32(r + 1), at: EntryLayout.freeHeadAt)
        entries.store(UInt64(count - 1), at: EntryLayout.liveCountAt)
        index.remove(at: bucket)
        unlink(record: r, group: group)
    }

    @discardableResult
    public func remove(keyBytes: [UInt8], hash: UInt64) -> Bool {
        keyBytes.withUnsafeBytes { remove(keyBytes: $0, hash: hash) }
    }

    // MARK: - Probing and inserting

    @inline(__always)
    func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (bucket: Int, record: Int?) {
        entries.withUnsafeBytes { all in
            index.probe(hash: hash) { r in keyMatches(record: r, hash: hash, key: key, in: all) }
        }
    }

    /// Inserts a new record for the key into the empty `bucket` found by `find`. The key group is
    /// checked here only: a key that is found was checked when it was inserted.
    func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, bucket: Int) throws(SluiceError) -> Int {
        let group = try ownedKeyGroup(hash: hash)
        let freeHead = Int(entries.load(UInt32.self, at: EntryLayout.freeHeadAt))
        let r = freeHead != 0 ? freeHead - 1 : recordCount
        if freeHead == 0 { try entries.ensureCapacity(recordOffset(r + 1)) }
        guard key.count < Int(EntryLayout.freeRecord) else {
            throw .invalidInput("a state key of \(key.count) bytes exceeds the limit of \(Int(EntryLayout.freeRecord) - 1) bytes")
        }
        let handle = key.count > EntryLayout.inlineKeyLimit ? try values.allocate(key).rawValue : 0
        let at = recordOffset(r)
        if freeHead != 0 {
            entries.store(entries.load(UInt32.self, at: at + EntryLayout.keyAt), at: EntryLayout.freeHeadAt)
        } else {
            entries.store(UInt32(r + 1), at: EntryLayout.recordCountAt)
            nextInGroup.append(-1)
            prevInGroup.append(-1)
        }
        writeRecord(at: at, hash: hash, group: group, key: key, handle: handle)
        entries.store(UInt64(count + 1), at: EntryLayout.liveCountAt)
        index.insert(record: r, hash: hash, at: bucket)
        link(record: r, group: group)
        return slotOffset(record: r)
    }
}
