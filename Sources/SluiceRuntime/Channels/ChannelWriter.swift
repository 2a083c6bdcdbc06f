import SluiceColumnar

/// The producer end of one channel, with a small overflow list so that emitting never blocks.
///
/// A task checks `hasRoom` before it processes an input element, but one input batch may produce
/// several output batches (a hash split, a flat-map, `finish`). What does not fit into the ring goes to
/// `pending`, and the task drains `pending` before it takes more input, so pending holds at most the
/// output of one input element. Steady state allocates nothing (`pending` keeps its capacity).
final class ChannelWriter {
    let channel: Channel
    private var pending: [StreamElement] = []
    private var pendingStart = 0
    /// `pending.count - pendingStart`, kept as a plain integer so that the per-element check does not
    /// touch the array (whose accesses carry exclusivity checks).
    private var overflow = 0

    init(_ channel: Channel) { self.channel = channel }

    /// Writes `element` now, or queues it behind earlier overflow.
    @inline(__always)
    func write(_ element: consuming StreamElement) {
        if overflow == 0, channel.ring.hasRoom() {
            channel.write(element)
        } else {
            pending.append(element)
            overflow += 1
        }
    }

    /// Moves overflow into the channel; true when nothing is left over. When the ring is full, what it
    /// holds is published, so that the consumer can make room.
    func flush() -> Bool {
        if overflow == 0 { return true }
        while pendingStart < pending.count {
            guard channel.tryWrite(pending[pendingStart]) else {
                channel.publish()
                return false
            }
            pendingStart += 1
            overflow -= 1
        }
        if pendingStart > 0 {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        return true
    }

    /// Whether the next write goes straight into the ring; if not, the producer is registered so that
    /// the consumer wakes it after its next quantum that pops. Overflow is drained first: answering "no" while overflow is
    /// queued but without registering would park the producer with nobody left to wake it.
    func hasRoom() -> Bool {
        if overflow == 0, channel.ring.hasRoom() { return true }
        while !flush() {
            if !channel.hasRoomOrWait() { return false }
        }
        return channel.hasRoomOrWait()
    }
}
