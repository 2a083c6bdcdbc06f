import Synchronization

/// A bounded channel between one producer task subtask and one consumer task subtask.
///
/// It wraps an `UnsafeSPSCRing` and does the wake-ups: a push notifies the consumer task (a cheap
/// load when it is already queued), and a pop notifies the producer only when the producer said it
/// was waiting for room (`producerWaiting`), so a full channel is backpressure without polling and an
/// idle producer is not woken by every pop. Both hand-shakes are Dekker-style (write, full fence,
/// read on each side), so no wake-up is lost.
///
/// Threading: producer methods are called only by the producer task, consumer methods only by the
/// consumer task; a task runs on one worker at a time.
final class Channel: @unchecked Sendable {
    // SAFETY: the producer/consumer discipline above makes the inner ring's SPSC contract hold; the
    // task references are unmanaged (and wake-ups cost no reference counting) because the job keeps
    // every task alive longer than its channels.
    let ring: UnsafeSPSCRing<StreamElement>
    private let producer: Unmanaged<ScheduledTask>
    private let consumer: Unmanaged<ScheduledTask>
    private let producerWaiting = Atomic<Bool>(false)

    init(capacity: Int, producer: ScheduledTask, consumer: ScheduledTask) {
        ring = UnsafeSPSCRing(capacity: capacity)
        self.producer = .passUnretained(producer)
        self.consumer = .passUnretained(consumer)
    }

    var capacity: Int { ring.capacity }

    // MARK: producer side

    /// Pushes a copy of `element` and wakes the consumer, or returns false when the channel is full.
    @inline(__always)
    func tryWrite(_ element: StreamElement) -> Bool {
        guard ring.hasRoom() else { return false }
        write(element)
        return true
    }

    /// Moves `element` into the channel, which must have room (`ring.hasRoom()` returned true), and
    /// wakes the consumer. The per-batch path: no copy of the batch, so no reference counting.
    @inline(__always)
    func write(_ element: consuming StreamElement) {
        ring.push(element)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        consumer._withUnsafeGuaranteedRef { $0.notify() }
    }

    /// Whether a write would succeed now; when not, registers the producer to be woken by the next pop.
    func hasRoomOrWait() -> Bool {
        if ring.hasRoom() { return true }
        producerWaiting.store(true, ordering: .sequentiallyConsistent)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        return ring.hasRoom()
    }

    // MARK: consumer side

    /// Pops the oldest element; wakes the producer when it is waiting for room.
    @inline(__always)
    func read() -> StreamElement? {
        guard let element = ring.tryPop() else { return nil }
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if producerWaiting.load(ordering: .relaxed),
           producerWaiting.exchange(false, ordering: .acquiringAndReleasing) {
            producer._withUnsafeGuaranteedRef { $0.notify() }
        }
        return element
    }
}
