import Synchronization

/// The run queue: a bounded lock-free multi-producer/multi-consumer queue of task pointers.
///
/// Dmitry Vyukov's bounded MPMC queue: every cell has a sequence number that says whether it is
/// ready to be written (`seq == pos`) or read (`seq == pos + 1`); producers and consumers claim
/// positions with a CAS on `enqueuePos` / `dequeuePos` and publish with a release store of the
/// cell's sequence. No locks, no allocation after `init`.
///
/// A task is queued at most once (see `ScheduledTask`), and the pool admits no more tasks than the
/// capacity, so the queue is never really full; `enqueue` yields and retries in the rare case where a
/// preempted consumer still holds the cell it needs.
final class RunQueue: @unchecked Sendable {
    // SAFETY: `values[i]` is written only by the producer that claimed position i and read only by the
    // consumer that claimed it; the sequence store (release) / load (acquire) orders the two.
    let capacity: Int
    private let mask: Int
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let values: UnsafeMutablePointer<UInt>
    private let positions: UnsafeMutableRawPointer
    private let enqueuePos: UnsafeMutablePointer<Atomic<Int>>
    private let dequeuePos: UnsafeMutablePointer<Atomic<Int>>

    init(capacity requested: Int) {
        var c = 2
        while c < requested { c <<= 1 }
        capacity = c
        mask = c - 1
        sequences = .allocate(capacity: c)
        for i in 0..<c { (sequences + i).initialize(to: Atomic(i)) }
        values = .allocate(capacity: c)
        values.initialize(repeating: 0, count: c)
        positions = .allocate(byteCount: 256, alignment: 128)
        // SAFETY: two disjoint 128-byte lines of `positions`, each bound to one Atomic<Int>.
        enqueuePos = positions.bindMemory(to: Atomic<Int>.self, capacity: 1)
        dequeuePos = (positions + 128).bindMemory(to: Atomic<Int>.self, capacity: 1)
        enqueuePos.initialize(to: Atomic(0))
        dequeuePos.initialize(to: Atomic(0))
    }

    deinit {
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
        values.deallocate()
        enqueuePos.deinitialize(count: 1)
        dequeuePos.deinitialize(count: 1)
        positions.deallocate()
    }

    /// Appends `value`; returns false only when every cell is taken.
    func tryEnqueue(_ value: UInt) -> Bool {
        var pos = enqueuePos.pointee.load(ordering: .relaxed)
        while true {
            let seq = (sequences + (pos & mask)).pointee.load(ordering: .acquiring)
            let dif = seq &- pos
            if dif == 0 {
                let (exchanged, original) = enqueuePos.pointee.weakCompareExchange(
                    expected: pos, desired: pos &+ 1, ordering: .relaxed)
                if exchanged { break }
                pos = original
            } else if dif < 0 {
                return false
            } else {
                pos = enqueuePos.pointee.load(ordering: .relaxed)
            }
        }
        values[pos & mask] = value
        (sequences + (pos & mask)).pointee.store(pos &+ 1, ordering: .releasing)
        return true
    }

    /// Removes the oldest value, or returns nil when the queue is empty.
    func dequeue() -> UInt? {
        var pos = dequeuePos.pointee.load(ordering: .relaxed)
        while true {
            let seq = (sequences + (pos & mask)).pointee.load(ordering: .acquiring)
            let dif = seq &- (pos &+ 1)
            if dif == 0 {
                let (exchanged, original) = dequeuePos.pointee.weakCompareExchange(
                    expected: pos, desired: pos &+ 1, ordering: .relaxed)
                if exchanged { break }
                pos = original
            } else if dif < 0 {
                return nil
            } else {
                pos = dequeuePos.pointee.load(ordering: .relaxed)
            }
        }
        let value = values[pos & mask]
        (sequences + (pos & mask)).pointee.store(pos &+ mask &+ 1, ordering: .releasing)
        return value
    }

    /// Whether the queue looks empty (a hint for parking; re-checked under the parking protocol).
    var looksEmpty: Bool {
        dequeuePos.pointee.load(ordering: .sequentiallyConsistent)
            >= enqueuePos.pointee.load(ordering: .sequentiallyConsistent)
    }
}
