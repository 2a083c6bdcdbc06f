import SluiceColumnar

/// Restoring at another parallelism: the entries of this backend's key groups are copied out of
/// every old subtask's restored tables, variable-size payloads included (their value-arena
/// handles are re-allocated in the new table).
extension KeyedStateBackend {
    func rescale(from chains: [[String]], manifests: [[BackendManifest]]) throws(SluiceError) {
        var tables: [String: (StateDescriptor, StateTable)] = [:]
        for (chain, list) in zip(chains, manifests) {
            let last = list.last!
            let wanted = keyGroupRange.clamped(to: last.keyGroupRange)
            guard !wanted.isEmpty && keyGroupRange.overlaps(last.keyGroupRange) else { continue }
            for state in last.states {
                let d = state.descriptor
                let old = try StateTable.restore(chain: KeyedStateBackend.stateFiles(d.name, chain: chain, manifests: list),
                                                 directory: directory)
                if tables[d.name] == nil {
                    tables[d.name] = (d, try StateTable(slotWidth: d.slotWidth, maxParallelism: maxParallelism,
                                                        keyGroupRange: keyGroupRange, directory: directory, chunkSize: chunkSize))
                }
                let (known, table) = tables[d.name]!
                guard known == d else { throw d.mismatch(known) }
                for group in wanted { try copyEntries(of: group, from: old, to: table, variable: d.variable) }
            }
        }
        for (name, entry) in tables { restored[name] = (entry.0, entry.1) }
    }

    private func copyEntries(of group: Int, from old: StateTable, to table: StateTable, variable: Bool) throws(SluiceError) {
        var failure: SluiceError?
        old.forEachEntry(inKeyGroup: group) { entry in
            guard failure == nil else { return }
            do throws(SluiceError) {
                let slot = try table.findOrInsert(keyBytes: entry.key, hash: entry.hash)
                table.writeSlot(old.slotBytes(entry.slot), slot: slot)
                guard variable else { return }
                let handle = old.loadSlot(UInt64.self, slot: entry.slot, field: StateDescriptor.payloadField)
                guard handle != 0 else { return }
                let moved = try table.values.allocate(old.values.bytes(of: ValueHandle(rawValue: handle)))
                table.storeSlot(moved.rawValue, slot: slot, field: StateDescriptor.payloadField)
            } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
