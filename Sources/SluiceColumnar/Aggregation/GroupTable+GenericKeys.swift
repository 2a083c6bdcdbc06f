/// The generic path (any key types, several keys) and the dictionary-coded string fast path.
extension GroupTable {
    mutating func findOrInsertGeneric(_ keys: [Column], selection: SelectionVector?, n: Int, out: inout MutableBuffer) {
        let hashes = Hashing.hash(keys)
        // Move the scratch out (keeping its capacity), fill it, and put it back afterwards.
        var serialized = scratchKeys
        scratchKeys = SerializedKeys()
        if let selection {
            selection.withUnsafeIndices { serialized.fill(keys, rows: $0, n: n) }
        } else {
            serialized.fill(keys, rows: nil, n: n)
        }
        defer { scratchKeys = serialized }
        hashes.withUnsafeBufferPointer(as: UInt64.self) { h in
            out.withUnsafeMutableBufferPointer(as: UInt32.self) { gids in
                if let selection {
                    selection.withUnsafeIndices { rows in probeGenericChunked(h, serialized, rows, n, gids) }
                } else {
                    probeGenericChunked(h, serialized, nil, n, gids)
                }
            }
        }
    }

    private mutating func probeGenericChunked(_ hashes: UnsafeBufferPointer<UInt64>, _ keys: SerializedKeys,
                                              _ rows: UnsafeBufferPointer<UInt32>?, _ n: Int,
                                              _ gids: UnsafeMutableBufferPointer<UInt32>) {
        var start = 0
        while start < n {
            let end = min(start + GroupTable.chunk, n)
            reserve(additionalGroups: end - start)
            reserveArena(keys.starts[end] - keys.starts[start])
            var state = ProbeState(groupCount: groupCount, arenaUsed: arenaUsed, mask: capacity - 1, shift: shift)
            slots.withUnsafeMutableBufferPointer { s in
                arena.withUnsafeMutableBytes { a in
                    keyStarts.withUnsafeMutableBufferPointer { ks in
                        keys.bytes.withUnsafeBytes { kb in
                            keys.starts.withUnsafeBufferPointer { st in
                                GroupTable.probeGeneric(s, a, ks, &state, hashes, kb, st, rows, start..<end, gids)
                            }
                        }
                    }
                }
            }
            groupCount = state.groupCount
            arenaUsed = state.arenaUsed
            start = end
        }
    }

    struct ProbeState {
        var groupCount: Int
        var arenaUsed: Int
        let mask: Int
        let shift: UInt64
    }

    @inline(never)
    static func probeGeneric(_ s: UnsafeMutableBufferPointer<Slot>, _ arena: UnsafeMutableRawBufferPointer,
                             _ keyStarts: UnsafeMutableBufferPointer<Int>, _ state: inout ProbeState,
                             _ hashes: UnsafeBufferPointer<UInt64>, _ keyBytes: UnsafeRawBufferPointer,
                             _ keyOffsets: UnsafeBufferPointer<Int>, _ rows: UnsafeBufferPointer<UInt32>?,
                             _ range: Range<Int>, _ gids: UnsafeMutableBufferPointer<UInt32>) {
        let base = keyBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        for k in range {
            let row = rows.map { Int($0[k]) } ?? k
            let start = keyOffsets[k]
            gids[row] = probeOne(s, arena, keyStarts, &state, hashes[row], base + start, keyOffsets[k + 1] - start)
        }
    }

    /// Finds or inserts one serialized key; the caller has reserved room for one group and its bytes.
    @inline(__always)
    static func probeOne(_ s: UnsafeMutableBufferPointer<Slot>, _ arena: UnsafeMutableRawBufferPointer,
                         _ keyStarts: UnsafeMutableBufferPointer<Int>, _ state: inout ProbeState,
                         _ hash: UInt64, _ key: UnsafeRawPointer, _ length: Int) -> UInt32 {
        let a = arena.baseAddress!
        var i = Int(truncatingIfNeeded: hash >> state.shift)
        while true {
            let slot = s[i]
            if slot.group == 0 {
                let g = state.groupCount
                if length > 0 { (a + state.arenaUsed).copyMemory(from: key, byteCount: length) }
                state.arenaUsed += length
                keyStarts[g + 1] = state.arenaUsed
                s[i] = Slot(key: hash, group: UInt32(truncatingIfNeeded: g + 1))
                state.groupCount = g + 1
                return UInt32(truncatingIfNeeded: g)
            }
            if slot.key == hash {
                let g = Int(slot.group &- 1)
                let start = keyStarts[g]
                if SerializedKeys.equal(a + start, keyStarts[g + 1] - start, key, length) { return slot.group &- 1 }
            }
            i = (i + 1) & state.mask
        }
    }

    mutating func reserveArena(_ additional: Int) {
        let needed = arenaUsed + additional
        if arena.count < max(needed, 1) {
            arena.append(contentsOf: repeatElement(0, count: max(needed, 64, arena.count * 2) - arena.count))
        }
    }

    /// Finds or inserts one serialized key with its hash (dictionary entries, the NULL key).
    mutating func findOrInsertSerialized(_ key: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
        reserve(additionalGroups: 1)
        reserveArena(key.count)
        var state = ProbeState(groupCount: groupCount, arenaUsed: arenaUsed, mask: capacity - 1, shift: shift)
        let base = key.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        let g = slots.withUnsafeMutableBufferPointer { s in
            arena.withUnsafeMutableBytes { a in
                keyStarts.withUnsafeMutableBufferPointer { ks in
                    GroupTable.probeOne(s, a, ks, &state, hash, base, key.count)
                }
            }
        }
        groupCount = state.groupCount
        arenaUsed = state.arenaUsed
        return g
    }

    // MARK: - Dictionary-coded single string key

    mutating func findOrInsertDictionary(_ column: Column, codes: Buffer, dictionary: DictionaryValues,
                                         selection: SelectionVector?, n: Int, out: inout MutableBuffer) {
        var map = codeToGroup
        codeToGroup = []
        if !(cachedDictionary.map { GroupTable.sameDictionary($0, dictionary) } ?? false) {
            map = [Int32](repeating: -1, count: dictionary.count)
            cachedDictionary = dictionary
        }
        let validity = column.validity?.realigned()
        codes.withUnsafeBufferPointer(as: Int32.self) { c in
            out.withUnsafeMutableBufferPointer(as: UInt32.self) { gids in
                map.withUnsafeMutableBufferPointer { m in
                    if selection == nil && validity == nil {
                        // The common case: one load and one store per row; a code seen for the first
                        // time (rare) is resolved through the string table.
                        for row in 0..<n {
                            let code = Int(c[row])
                            var g = m[code]
                            if g < 0 { g = Int32(insertDictionaryEntry(dictionary, code)); m[code] = g }
                            gids[row] = UInt32(truncatingIfNeeded: g)
                        }
                    } else {
                        dictionaryRows(c, m, dictionary, validity, selection, n, gids)
                    }
                }
            }
        }
        codeToGroup = map
    }

    /// The dictionary path with NULL keys or a selection.
    private mutating func dictionaryRows(_ c: UnsafeBufferPointer<Int32>, _ m: UnsafeMutableBufferPointer<Int32>,
                                         _ dictionary: DictionaryValues, _ validity: Buffer?, _ selection: SelectionVector?,
                                         _ n: Int, _ gids: UnsafeMutableBufferPointer<UInt32>) {
        var nullGroup: Int32 = -1
        for k in 0..<n {
            let row = selection?[k] ?? k
            if let validity, (validity.load(UInt64.self, at: row >> 6) >> UInt64(row & 63)) & 1 == 0 {
                if nullGroup < 0 {
                    let nullKey: UInt8 = 0
                    nullGroup = Int32(withUnsafeBytes(of: nullKey) { findOrInsertSerialized($0, hash: Hashing.nullHash) })
                }
                gids[row] = UInt32(nullGroup)
                continue
            }
            let code = Int(c[row])
            var g = m[code]
            if g < 0 { g = Int32(insertDictionaryEntry(dictionary, code)); m[code] = g }
            gids[row] = UInt32(truncatingIfNeeded: g)
        }
    }

    static func sameDictionary(_ a: DictionaryValues, _ b: DictionaryValues) -> Bool {
        a.count == b.count && a.offsets.storage === b.offsets.storage && a.offsets.byteOffset == b.offsets.byteOffset
            && a.bytes.storage === b.bytes.storage && a.bytes.byteOffset == b.bytes.byteOffset
    }

    /// Finds or inserts dictionary entry `code` as a single string key (serialized in a reused scratch).
    private mutating func insertDictionaryEntry(_ dictionary: DictionaryValues, _ code: Int) -> UInt32 {
        var key = scratchKeys.bytes
        scratchKeys.bytes = []
        defer { scratchKeys.bytes = key }
        let hash: UInt64 = dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            dictionary.bytes.withUnsafeBytes { data in
                let entry = UnsafeRawBufferPointer(rebasing: data[Int(o[code])..<Int(o[code + 1])])
                key.removeAll(keepingCapacity: true)
                key.append(1)
                withUnsafeBytes(of: UInt32(entry.count).littleEndian) { key.append(contentsOf: $0) }
                key.append(contentsOf: entry)
                return Hashing.hashBytes(entry)
            }
        }
        return key.withUnsafeBytes { findOrInsertSerialized($0, hash: hash) }
    }
}
