import SluiceColumnar

/// Rescaling: state moves between subtasks by key group.
///
/// Choice: besides raw chunks (fast, incremental, but a chunk mixes key groups), a table can be
/// captured **logically, one block per key group** (`captureKeyGroups`). A subtask restoring at a
/// new parallelism reads, from each old subtask's file, only the blocks of its own key groups
/// (found through the index) and inserts their entries. Trade-off: a key-group snapshot is always
/// full and costs a re-insert on restore, so it is the savepoint format; checkpoints stay
/// incremental chunks, and `restore(chains:keyGroupRange:)` rescales from those too, at the cost of
/// rebuilding every old table in scratch arenas first.
///
/// Key-group block payload: `count u32`, then per entry `hash u64, keyLength u32, key, slot bytes`.
/// Slots are copied as bytes, so a slot must not hold `ValueHandle`s (true for fixed-width accumulators).
extension StateTable {
    /// Captures the table logically: one block per key group of its range (empty groups included,
    /// so that a restore can check that every group it needs is present exactly once).
    public func captureKeyGroups() -> SnapshotCapture {
        var blocks: [CapturedBlock] = []
        blocks.reserveCapacity(keyGroupRange.count)
        for group in keyGroupRange {
            var w = ByteWriter()
            w.append(UInt32(count(inKeyGroup: group)))
            forEachEntry(inKeyGroup: group) { entry in
                w.append(entry.hash)
                w.append(UInt32(entry.key.count))
                w.append(entry.key)
                w.append(slotBytes(entry.slot))
            }
            blocks.append(CapturedBlock(kind: .keyGroup, arena: 0, id: group, bytes: w.bytes))
        }
        var metadata = snapshotMetadata
        metadata.arenaChunkCounts = []
        return SnapshotCapture(kind: .keyGroups, metadata: metadata, chunkSize: entries.chunkSize, blocks: blocks)
    }

    /// Builds the table of a subtask owning `keyGroupRange` from the key-group snapshots of all old
    /// subtasks (any parallelism). Each key group of the range must be in exactly one file.
    public static func restore(keyGroupSnapshots paths: [String], keyGroupRange: ClosedRange<Int>,
                               directory: String? = nil, chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) -> StateTable {
        var readers: [SnapshotReader] = []
        for path in paths { readers.append(try SnapshotReader(path: path)) }
        guard let first = readers.first else { throw .invalidInput("cannot restore key groups \(keyGroupRange) from no snapshot files") }
        var owner = [Int: (SnapshotReader, SnapshotBlockInfo)]()
        for reader in readers {
            guard reader.kind == .keyGroups else {
                throw SluiceError(.invalidInput, "'\(reader.path)' is a \(reader.kind) chunk snapshot; restore it with restore(chain:) or restore(chains:keyGroupRange:)", context: .init(file: reader.path))
            }
            guard reader.metadata.slotWidth == first.metadata.slotWidth, reader.metadata.maxParallelism == first.metadata.maxParallelism else {
                throw SluiceError(.invalidInput, "'\(reader.path)' has slot width \(reader.metadata.slotWidth) and max parallelism \(reader.metadata.maxParallelism), but '\(first.path)' has \(first.metadata.slotWidth) and \(first.metadata.maxParallelism)", context: .init(file: reader.path))
            }
            for info in reader.blocks where info.kind == .keyGroup && keyGroupRange.contains(info.id) {
                if let (other, _) = owner[info.id] {
                    throw SluiceError(.invalidInput, "key group \(info.id) is in both '\(other.path)' and '\(reader.path)'; pass the files of one snapshot only", context: .init(file: reader.path))
                }
                owner[info.id] = (reader, info)
            }
        }
        let table = try StateTable(slotWidth: first.metadata.slotWidth, maxParallelism: first.metadata.maxParallelism,
                                   keyGroupRange: keyGroupRange, directory: directory, chunkSize: chunkSize)
        for group in keyGroupRange {
            guard let (reader, info) = owner[group] else {
                throw SluiceError(.invalidInput, "key group \(group) is in none of the snapshot files (\(paths.joined(separator: ", "))); a file of the snapshot is missing")
            }
            try table.insertKeyGroupBlock(try reader.readBlock(info), group: group, reader: reader, info: info)
        }
        return table
    }

    /// Builds the table of a subtask owning `keyGroupRange` from the chunk chains of all old subtasks:
    /// each chain is restored into scratch arenas and the entries of the wanted groups are copied.
    public static func restore(chains: [[String]], keyGroupRange: ClosedRange<Int>, directory: String? = nil,
                               chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) -> StateTable {
        var table: StateTable?
        var covered = Set<Int>()
        for chain in chains {
            let old = try restore(chain: chain, directory: directory)
            if table == nil {
                table = try StateTable(slotWidth: old.slotWidth, maxParallelism: old.maxParallelism,
                                       keyGroupRange: keyGroupRange, directory: directory, chunkSize: chunkSize)
            }
            guard let table, old.slotWidth == table.slotWidth, old.maxParallelism == table.maxParallelism else {
                throw .invalidInput("snapshot chain \(chain) has slot width \(old.slotWidth) and max parallelism \(old.maxParallelism), unlike the first chain")
            }
            for group in old.keyGroupRange.clamped(to: keyGroupRange) {
                guard covered.insert(group).inserted else {
                    throw .invalidInput("key group \(group) is in more than one snapshot chain; pass the chains of one checkpoint only")
                }
                var failure: SluiceError?
                old.forEachEntry(inKeyGroup: group) { entry in
                    guard failure == nil else { return }
                    do throws(SluiceError) {
                        let slot = try table.findOrInsert(keyBytes: entry.key, hash: entry.hash)
                        table.writeSlot(old.slotBytes(entry.slot), slot: slot)
                    } catch { failure = error }
                }
                if let failure { throw failure }
            }
        }
        guard let table else { throw .invalidInput("cannot restore key groups \(keyGroupRange) from no snapshot chains") }
        if let missing = keyGroupRange.first(where: { !covered.contains($0) }) {
            throw .invalidInput("key group \(missing) is in none of the snapshot chains; a chain of the checkpoint is missing")
        }
        return table
    }

    /// Inserts the entries of one key-group block.
    func insertKeyGroupBlock(_ bytes: [UInt8], group: Int, reader: SnapshotReader, info: SnapshotBlockInfo) throws(SluiceError) {
        var r = ByteReader(bytes)
        func malformed(_ what: String) -> SluiceError {
            SnapshotReader.corrupt(reader.path, at: info.offset, "key group \(group) block: \(what) at payload byte \(r.position)")
        }
        guard let n = r.read(UInt32.self) else { throw malformed("no entry count") }
        for _ in 0..<n {
            guard let hash = r.read(UInt64.self), let length = r.read(UInt32.self),
                  let key = r.read(count: Int(length)), let slotBytes = r.read(count: slotWidth) else {
                throw malformed("entry cut short")
            }
            guard KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism) == group else {
                throw malformed("entry with hash 0x\(String(hash, radix: 16)) does not belong to the key group")
            }
            let slot = try findOrInsert(keyBytes: key, hash: hash)
            writeSlot(slotBytes, slot: slot)
        }
        guard r.remaining == 0 else { throw malformed("\(r.remaining) trailing bytes") }
    }
}
