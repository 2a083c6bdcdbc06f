import SluiceColumnar

/// A task's part in checkpoints: injecting barriers at sources, snapshotting its chain at an aligned
/// barrier, passing completions on to its operators, and restoring at start.
extension StreamTask {
    /// Called at the start of every quantum: cheap atomic loads unless something changed.
    func followCheckpoints(_ coordinator: CheckpointCoordinator) throws(SluiceError) {
        let done = coordinator.completed.load(ordering: .acquiring)
        if done > lastNotifiedCheckpoint {
            lastNotifiedCheckpoint = done
            for link in links {
                try link.attributed { () throws(SluiceError) in try link.op.notifyCheckpointComplete(done) }
            }
        }
        if source != nil {
            let wanted = coordinator.triggered.load(ordering: .acquiring)
            if wanted > lastCheckpointTaken { try checkpoint(wanted) }
        }
    }

    /// Snapshots the source position and every operator of the chain, forwards the barrier and
    /// acknowledges. The synchronous part is the operators' `snapshotState`; compression and writing
    /// happen on the coordinator's thread.
    func checkpoint(_ id: Int64) throws(SluiceError) {
        lastCheckpointTaken = max(lastCheckpointTaken, id)
        var taken = TaskCheckpoint()
        if let source {
            let info = source.context.subtask
            let positions: [SplitPosition]?
            do { positions = try source.reader.snapshotPosition() } catch {
                failure.record(info)
                throw error
            }
            if let positions {
                taken.sources.append(.init(uid: info.uid, subtask: info.index, parallelism: info.parallelism, positions: positions))
            } else {
                taken.declineReason = "source \(info.displayName) cannot record its position"
            }
        }
        for link in links {
            try link.attributed { () throws(SluiceError) in
                try link.op.prepareSnapshotPreBarrier(checkpointID: id, output: link.output)
            }
        }
        for link in links {
            let snapshot: OperatorSnapshot?
            do {
                snapshot = try link.attributed { () throws(SluiceError) in try link.op.snapshotState(checkpointID: id) }
            } catch where error.code == .unsupported {
                // An operator that cannot snapshot yet declines: no checkpoint completes, so a restart
                // goes back to the last complete one (or the start) instead of losing its state.
                taken.declineReason = "\(link.context.subtask.displayName): \(error.message)"
                continue
            }
            if let snapshot {
                let info = link.context.subtask
                taken.states.append(.init(uid: info.uid, subtask: info.index, parallelism: info.parallelism, snapshot: snapshot))
            }
        }
        router?.broadcastControl(.barrier(checkpointID: id))
        job.checkpoints?.acknowledge(id: id, task: taskIndex, taken)
    }

    /// Rewinds the source and hands every operator its snapshots.
    func restoreAll(_ restore: RestoreData) throws(SluiceError) {
        if let source {
            let info = source.context.subtask
            do {
                if let positions = try restore.positions(uid: info.uid, index: info.index, parallelism: info.parallelism) {
                    try source.reader.restore(positions)
                }
            } catch {
                failure.record(info)
                throw error
            }
        }
        for link in links {
            let info = link.context.subtask
            let snapshots = restore.snapshots(uid: info.uid, index: info.index, parallelism: info.parallelism, keyed: link.keyed)
            try link.attributed { () throws(SluiceError) in try link.op.restoreState(snapshots) }
        }
    }
}
