import SluiceColumnar

/// Arena numbers in snapshot files.
enum SnapshotArena {
    static let entries = 0
    static let values = 1
    static let names = ["entries", "values"]
}

extension StateTable {
    var snapshotMetadata: SnapshotMetadata {
        SnapshotMetadata(slotWidth: slotWidth, maxParallelism: maxParallelism, keyGroupRange: keyGroupRange,
                         arenaChunkCounts: [entries.chunkCount, values.arena.chunkCount])
    }

    /// The synchronous phase of a checkpoint: copies what was written since the last capture (or
    /// every chunk when `full`) and clears the dirty sets. Write the result with
    /// `SnapshotCapture.write(to:codec:)`, possibly on another thread.
    ///
    /// A chunk with less than half of its bytes dirty is captured as a patch of its dirty runs,
    /// otherwise whole. An incremental capture is restorable only on top of the chain it follows;
    /// if writing it fails, call `markAllDirty()` (or capture `full`) so that the next file is complete.
    public func captureChunks(full: Bool = false) -> SnapshotCapture {
        var blocks: [CapturedBlock] = []
        for (number, arena) in [(SnapshotArena.entries, entries), (SnapshotArena.values, values.arena)] {
            let dirty = arena.takeDirtyRuns()
            if full {
                for c in 0..<arena.chunkCount { blocks.append(CapturedBlock(kind: .chunk, arena: number, id: c, bytes: arena.copyChunk(c))) }
                continue
            }
            for (chunk, runs) in dirty {
                let dirtyBytes = runs.reduce(0) { $0 + $1.count }
                if dirtyBytes * 2 >= arena.chunkSize {
                    blocks.append(CapturedBlock(kind: .chunk, arena: number, id: chunk, bytes: arena.copyChunk(chunk)))
                    continue
                }
                var w = ByteWriter()
                w.bytes.reserveCapacity(4 + runs.count * 8 + dirtyBytes)
                w.append(UInt32(runs.count))
                for run in runs {
                    w.append(UInt32(run.lowerBound))
                    w.append(UInt32(run.count))
                    w.append(arena.bytes(at: chunk * arena.chunkSize + run.lowerBound, count: run.count))
                }
                blocks.append(CapturedBlock(kind: .chunkPatch, arena: number, id: chunk, bytes: w.bytes))
            }
        }
        return SnapshotCapture(kind: full ? .full : .incremental, metadata: snapshotMetadata,
                               chunkSize: entries.chunkSize, blocks: blocks)
    }

    /// Marks every chunk dirty so that the next incremental capture is complete on its own.
    public func markAllDirty() {
        entries.markAllDirty()
        values.arena.markAllDirty()
    }

    /// Rebuilds a table from a chain of chunk snapshots: a full one first, then incremental ones in
    /// order (a chunk in a later file overrides the same chunk in earlier ones). Reads only the
    /// blocks that survive; the arenas are created in `directory` (temporary when nil).
    public static func restore(chain paths: [String], directory: String? = nil) throws(SluiceError) -> StateTable {
        guard let firstPath = paths.first else { throw .invalidInput("cannot restore a state table from an empty snapshot chain") }
        var readers: [SnapshotReader] = []
        for path in paths { readers.append(try SnapshotReader(path: path)) }
        let first = readers[0]
        guard first.kind == .full else {
            throw SluiceError(.invalidInput, "snapshot chain must start with a full snapshot, but '\(firstPath)' is \(first.kind)", context: .init(file: firstPath))
        }
        for reader in readers {
            guard reader.kind != .keyGroups else {
                throw SluiceError(.invalidInput, "'\(reader.path)' is a key-group snapshot; restore it with restore(keyGroupSnapshots:keyGroupRange:)", context: .init(file: reader.path))
            }
            let m = reader.metadata, f = first.metadata
            guard reader.chunkSize == first.chunkSize, m.slotWidth == f.slotWidth, m.maxParallelism == f.maxParallelism,
                  m.keyGroupRange == f.keyGroupRange, m.arenaChunkCounts.count == 2 else {
                throw SluiceError(.invalidInput, "snapshot '\(reader.path)' does not belong to the chain of '\(firstPath)': chunk size \(reader.chunkSize), slot width \(m.slotWidth), max parallelism \(m.maxParallelism), key groups \(m.keyGroupRange) vs \(first.chunkSize), \(f.slotWidth), \(f.maxParallelism), \(f.keyGroupRange)", context: .init(file: reader.path))
            }
        }
        let last = readers[readers.count - 1].metadata
        var arenas: [MappedArena] = []
        for number in 0..<2 {
            let arena = try MappedArena(directory: directory, name: SnapshotArena.names[number], chunkSize: first.chunkSize,
                                        initialChunks: max(1, last.arenaChunkCounts[number]))
            try fill(arena, number: number, chunkCount: last.arenaChunkCounts[number], from: readers)
            _ = arena.takeDirtyChunks()   // the arena now equals the snapshot
            arenas.append(arena)
        }
        return try StateTable(slotWidth: last.slotWidth, maxParallelism: last.maxParallelism,
                              keyGroupRange: last.keyGroupRange, entries: arenas[0], values: arenas[1])
    }

    /// Rebuilds every chunk of one arena: the latest whole-chunk block of the chain, then the
    /// patches of later files in chain order.
    private static func fill(_ arena: MappedArena, number: Int, chunkCount: Int, from readers: [SnapshotReader]) throws(SluiceError) {
        var plan = [[(SnapshotReader, SnapshotBlockInfo)]](repeating: [], count: chunkCount)
        for reader in readers {
            for info in reader.blocks where (info.kind == .chunk || info.kind == .chunkPatch) && info.arena == number {
                guard info.id < chunkCount, info.kind == .chunkPatch || info.rawLength == arena.chunkSize else {
                    throw SnapshotReader.corrupt(reader.path, at: info.offset, "chunk \(info.id) of arena \(number) (\(info.rawLength) bytes) does not fit \(chunkCount) chunks of \(arena.chunkSize) bytes")
                }
                if info.kind == .chunk { plan[info.id] = [(reader, info)] } else { plan[info.id].append((reader, info)) }
            }
        }
        for c in 0..<chunkCount {
            guard let (reader, base) = plan[c].first, base.kind == .chunk else {
                throw SluiceError(.corruptState, "chunk \(c) of the \(SnapshotArena.names[number]) arena is in no file of the snapshot chain (\(readers.map(\.path).joined(separator: ", "))); a file of the chain is missing", context: .init(file: readers.last!.path))
            }
            try arena.withUnsafeMutableChunk(c) { (chunk) throws(SluiceError) in try reader.readBlock(base, into: chunk) }
            for (patchReader, patch) in plan[c].dropFirst() {
                try apply(try patchReader.readBlock(patch), to: arena, chunk: c, reader: patchReader, info: patch)
            }
        }
    }

    /// Writes the runs of a patch block into its chunk (without marking them dirty).
    private static func apply(_ payload: [UInt8], to arena: MappedArena, chunk: Int, reader: SnapshotReader,
                              info: SnapshotBlockInfo) throws(SluiceError) {
        var r = ByteReader(payload)
        func malformed(_ what: String) -> SluiceError {
            SnapshotReader.corrupt(reader.path, at: info.offset, "patch of chunk \(chunk): \(what) at payload byte \(r.position)")
        }
        guard let runs = r.read(UInt32.self) else { throw malformed("no run count") }
        for _ in 0..<runs {
            guard let offset = r.read(UInt32.self), let length = r.read(UInt32.self),
                  Int(offset) + Int(length) <= arena.chunkSize, let bytes = r.read(count: Int(length)) else {
                throw malformed("run cut short or outside the chunk")
            }
            arena.withUnsafeMutableChunk(chunk) { dst in
                bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: dst[Int(offset)..<Int(offset) + Int(length)]).copyMemory(from: $0) }
            }
        }
        guard r.remaining == 0 else { throw malformed("\(r.remaining) trailing bytes") }
    }
}
