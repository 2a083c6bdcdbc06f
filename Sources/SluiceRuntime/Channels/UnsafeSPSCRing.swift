import Synchronization

/// A bounded single-producer/single-consumer lock-free ring.
///
/// Design: `head` (next slot to read, written by the consumer) and `tail` (end of the published
/// slots, written by the producer) are monotonically increasing `Atomic<Int>` counters; the slot is
/// `index & mask`. The producer may push several elements before it publishes them with one store
/// of `tail`.
/// Each side keeps a plain cached copy of the other side's counter and reloads it only when the
/// cache says "full" (producer) or "empty" (consumer), so the steady state touches the other side's
/// cache line about once per lap instead of once per element. Each counter and each side's cache sit
/// on their own 128-byte line (two lines, for the adjacent-line prefetcher).
///
/// ```
///  line 0: head  (Atomic, consumer writes)     line 2: producer { next slot, cached head }
///  line 1: tail  (Atomic, producer writes)     line 3: consumer { head copy, cached tail }
///  slots:  [ e e e . . . . e ]   capacity = power of two
/// ```
///
/// Unsafe: at most one thread may call the producer methods (`tryPush`, `push`, `publish`, `hasRoom`)
/// and at most one thread the consumer methods (`tryPop`, `isEmptyForConsumer`, `queuedForConsumer`)
/// at any time; the caller guarantees it (a `Channel` is written by one task and read by one task, and a task runs
/// on one worker at a time, its hand-offs ordered by the scheduler's atomics). `approximateCount` is
/// safe from any thread.
///
/// Performance: a push or pop is a slot move; a pop and each `publish` are one release store; no
/// allocation.
final class UnsafeSPSCRing<Element>: @unchecked Sendable {
    // SAFETY: the SPSC discipline above; slots in [head, producer.own) are initialized (those below
    // `tail` visible to the consumer), all others are not.
    struct Side {
        var own: Int
        var cached: Int
    }

    let capacity: Int
    private let mask: Int
    private let slots: UnsafeMutablePointer<Element>
    private let lines: UnsafeMutableRawPointer
    private let head: UnsafeMutablePointer<Atomic<Int>>
    private let tail: UnsafeMutablePointer<Atomic<Int>>
    private let producer: UnsafeMutablePointer<Side>
    private let consumer: UnsafeMutablePointer<Side>

    private static var lineBytes: Int { 128 }

    /// A ring holding up to `capacity` elements, rounded up to a power of two (at least 2).
    init(capacity requested: Int) {
        precondition(requested >= 1, "ring capacity must be positive")
        var c = 2
        while c < requested { c <<= 1 }
        capacity = c
        mask = c - 1
        slots = .allocate(capacity: c)
        lines = .allocate(byteCount: 4 * Self.lineBytes, alignment: Self.lineBytes)
        // SAFETY: four disjoint, suitably aligned 128-byte lines of `lines`, each bound to one type.
        head = (lines + 0 * Self.lineBytes).bindMemory(to: Atomic<Int>.self, capacity: 1)
        tail = (lines + 1 * Self.lineBytes).bindMemory(to: Atomic<Int>.self, capacity: 1)
        producer = (lines + 2 * Self.lineBytes).bindMemory(to: Side.self, capacity: 1)
        consumer = (lines + 3 * Self.lineBytes).bindMemory(to: Side.self, capacity: 1)
        head.initialize(to: Atomic(0))
        tail.initialize(to: Atomic(0))
        producer.initialize(to: Side(own: 0, cached: 0))
        consumer.initialize(to: Side(own: 0, cached: 0))
    }

    deinit {
        // No other thread can hold a reference now: deinitialize what is still queued, published or not.
        let h = head.pointee.load(ordering: .acquiring)
        let t = producer.pointee.own
        for i in h..<t { (slots + (i & mask)).deinitialize(count: 1) }
        slots.deallocate()
        head.deinitialize(count: 1)
        tail.deinitialize(count: 1)
        producer.deinitialize(count: 1)
        consumer.deinitialize(count: 1)
        lines.deallocate()
    }

    /// Producer: appends and publishes a copy of `element`, or returns false when the ring is full.
    @inline(__always)
    func tryPush(_ element: Element) -> Bool {
        guard hasRoom() else { return false }
        push(element)
        publish()
        return true
    }

    /// Producer: moves `element` into the ring, which must have room (`hasRoom()` returned true since
    /// the last push). The consumer sees it after the next `publish()`. Taking the element by move
    /// saves the copy (and its reference counting) that `tryPush` makes.
    @inline(__always)
    func push(_ element: consuming Element) {
        let t = producer.pointee.own
        assert(t &- producer.pointee.cached < capacity, "push into a full ring")
        (slots + (t & mask)).initialize(to: element)
        producer.pointee.own = t &+ 1
    }

    /// Producer: makes every pushed element visible to the consumer (one release store for a run of
    /// pushes); false when there was nothing new to publish.
    @inline(__always)
    @discardableResult
    func publish() -> Bool {
        let t = producer.pointee.own
        // Only this thread stores `tail`, so the relaxed load reads its own last store.
        if tail.pointee.load(ordering: .relaxed) == t { return false }
        tail.pointee.store(t, ordering: .releasing)
        return true
    }

    /// Producer: whether a push would succeed now (reloads the consumer's position when needed).
    @inline(__always)
    func hasRoom() -> Bool {
        let t = producer.pointee.own
        if t &- producer.pointee.cached < capacity { return true }
        producer.pointee.cached = head.pointee.load(ordering: .acquiring)
        return t &- producer.pointee.cached < capacity
    }

    /// Consumer: removes and returns the oldest element, or nil when the ring is empty.
    @inline(__always)
    func tryPop() -> Element? {
        let h = consumer.pointee.own
        if h == consumer.pointee.cached {
            consumer.pointee.cached = tail.pointee.load(ordering: .acquiring)
            if h == consumer.pointee.cached { return nil }
        }
        let element = (slots + (h & mask)).move()
        consumer.pointee.own = h &+ 1
        head.pointee.store(h &+ 1, ordering: .releasing)
        return element
    }

    /// Consumer: whether a pop would return nil now.
    func isEmptyForConsumer() -> Bool {
        let h = consumer.pointee.own
        if h != consumer.pointee.cached { return false }
        consumer.pointee.cached = tail.pointee.load(ordering: .acquiring)
        return h == consumer.pointee.cached
    }

    /// Consumer: elements queued now. It refreshes the consumer's cached copy of the producer's
    /// position, so the pops that follow do not load it again: sampling the depth costs no extra
    /// cache-line transfer.
    func queuedForConsumer() -> Int {
        consumer.pointee.cached = tail.pointee.load(ordering: .acquiring)
        return consumer.pointee.cached &- consumer.pointee.own
    }

    /// Elements queued, as seen from any thread (exact only when both sides are quiet).
    var approximateCount: Int {
        let h = head.pointee.load(ordering: .acquiring)
        let t = tail.pointee.load(ordering: .acquiring)
        return max(0, t &- h)
    }
}
