import SluiceColumnar
import SluiceRuntime

/// Checkpoint positions of a Nexmark split: the number of events it has generated.
///
/// The generator is a pure function of the options, the split and the event count, so a restored
/// reader regenerates (and drops) the events before the position: the same random draws in the same
/// order bring it to exactly the state it had at the checkpoint. At tens of millions of events per
/// second that replay is short next to the run it resumes.
extension NexmarkSource {
    /// The split's name in positions: `nexmark <split>/<splits>` (1-based, as the metrics name subtasks).
    var splitName: String { "nexmark \(generator.split.index + 1)/\(generator.split.count)" }

    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? {
        [SplitPosition(split: splitName, offset: generator.eventsSoFar)]
    }

    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        guard positions.count == 1, let position = positions.first, position.split == splitName,
              position.offset >= generator.eventsSoFar, position.offset <= generator.eventsSoFar + generator.remaining else {
            throw SluiceError(.corruptState, "\(splitName) cannot restore positions \(positions): expected one position of this split within its \(generator.eventsSoFar + generator.remaining) events; was the job's parallelism or 'events.num' changed?")
        }
        // No kind enabled: the random draws are replayed, no rows are built.
        while generator.eventsSoFar < position.offset {
            let step = Int(min(1 << 16, position.offset - generator.eventsSoFar))
            _ = try generator.next(maxEvents: step, kinds: NexmarkEventKinds(rawValue: 0), recordOrder: false)
        }
        // Paced splits continue as if the replayed events had just been emitted.
        startNanos = clock() - Int64(Double(generator.eventsSoFar) * generator.split.interEventDelayUs * 1000)
    }
}
