import Synchronization

/// A bounded channel between one producer task subtask and one consumer task subtask.
///
/// It wraps an `UnsafeSPSCRing` and does the wake-ups, once per quantum rather than once per element:
///
/// - The producer's writes go into the ring unpublished; `publish()` (after every quantum of the
///   producer task, and in `tryWrite`) makes them visible and notifies the consumer task (a cheap
///   load when it is already queued). A downstream task so sees a quantum's output at the end of
///   that quantum at the latest.
/// - A full channel is backpressure without polling: the producer says it waits for room
///   (`hasRoomOrWait`), and the consumer, after its quantum, wakes it if it popped anything
///   (`wakeProducerIfWaiting`), so an idle producer is not woken by every pop.
///
/// Both hand-shakes are Dekker-style (write, full fence, read on each side), so no wake-up is lost; a
/// fence per quantum instead of per element also lets the slot stores drain in the background.
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

    /// Pushes a copy of `element`, publishes and wakes the consumer, or returns false when full.
    @inline(__always)
    func tryWrite(_ element: StreamElement) -> Bool {
        guard ring.hasRoom() else { return false }
        write(element)
        publish()
        return true
    }

    /// Moves `element` into the channel, which must have room (`ring.hasRoom()` returned true); the
    /// consumer sees it after the next `publish()`. The per-batch path: no copy, no fence.
    @inline(__always)
    func write(_ element: consuming StreamElement) {
        ring.push(element)
    }

    /// Makes the written elements visible and wakes the consumer; nothing when there are none.
    @inline(__always)
    func publish() {
        guard ring.publish() else { return }
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        consumer._withUnsafeGuaranteedRef { $0.notify() }
    }

    /// Whether a write would succeed now; when not, registers the producer to be woken by the
    /// consumer's next quantum that pops from this channel.
    func hasRoomOrWait() -> Bool {
        if ring.hasRoom() { return true }
        producerWaiting.store(true, ordering: .sequentiallyConsistent)
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        return ring.hasRoom()
    }

    // MARK: consumer side

    /// Pops the oldest published element. The caller calls `wakeProducerIfWaiting` after a full fence
    /// once it has popped for a while (the input gate does so after every quantum).
    @inline(__always)
    func read() -> StreamElement? {
        ring.tryPop()
    }

    /// Wakes the producer if it waits for room. Call it after the pops, separated from them by a full
    /// fence (`InputGate.wakeWaitingProducers` issues one fence for all its channels).
    @inline(__always)
    func wakeProducerIfWaiting() {
        if producerWaiting.load(ordering: .relaxed),
           producerWaiting.exchange(false, ordering: .acquiringAndReleasing) {
            producer._withUnsafeGuaranteedRef { $0.notify() }
        }
    }
}
