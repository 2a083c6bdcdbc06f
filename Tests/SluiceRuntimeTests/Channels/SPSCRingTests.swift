import Testing
import Foundation
import Synchronization
@testable import SluiceRuntime
import SluiceColumnar

@Suite("SPSC ring")
struct SPSCRingTests {
    @Test("capacity rounds up to a power of two; a full ring refuses, an empty one returns nil")
    func capacity() {
        let ring = UnsafeSPSCRing<Int>(capacity: 5)
        #expect(ring.capacity == 8)
        #expect(ring.tryPop() == nil)
        #expect(ring.isEmptyForConsumer())
        for i in 0..<8 { #expect(ring.tryPush(i)) }
        #expect(!ring.tryPush(8))
        #expect(!ring.hasRoom())
        #expect(ring.approximateCount == 8)
        #expect(ring.tryPop() == 0)
        #expect(ring.hasRoom())
        #expect(ring.tryPush(8))
        #expect((0..<8).map { _ in ring.tryPop() } == (1...8).map { Optional($0) })
        #expect(ring.tryPop() == nil)
    }

    @Test("pushed elements reach the consumer when published, in order; deinit frees unpublished ones")
    func publish() {
        let ring = UnsafeSPSCRing<Int>(capacity: 4)
        ring.push(1)
        ring.push(2)
        #expect(ring.tryPop() == nil)
        #expect(ring.publish())
        #expect(!ring.publish())
        ring.push(3)
        #expect(ring.tryPop() == 1)
        #expect(ring.tryPop() == 2)
        #expect(ring.tryPop() == nil)
        ring.publish()
        #expect(ring.tryPop() == 3)
        weak var dropped: Box?
        do {
            let boxes = UnsafeSPSCRing<Box>(capacity: 2)
            let box = Box()
            dropped = box
            boxes.push(box)
        }
        #expect(dropped == nil)
    }

    @Test("order survives many laps around the ring")
    func wraparound() {
        let ring = UnsafeSPSCRing<Int>(capacity: 4)
        var next = 0, expected = 0
        for round in 0..<1000 {
            let burst = round % 5
            for _ in 0..<burst where ring.tryPush(next) { next += 1 }
            for _ in 0..<(round % 3 + 1) {
                guard let v = ring.tryPop() else { break }
                #expect(v == expected)
                expected += 1
            }
        }
        while let v = ring.tryPop() {
            #expect(v == expected)
            expected += 1
        }
        #expect(expected == next)
    }

    @Test("elements still queued are released with the ring")
    func releasesQueued() {
        weak var weakBatch: Box?
        do {
            let ring = UnsafeSPSCRing<Box>(capacity: 4)
            let box = Box()
            weakBatch = box
            _ = ring.tryPush(box)
            _ = ring.tryPush(box)
        }
        #expect(weakBatch == nil)
    }

    final class Box {}

    /// Busy-waiting threads on shared vCPUs hand over only once per time slice when another process
    /// competes for the core, so the big case uses a ring large enough to stay quick under load.
    @Test("two threads move elements in order, across many laps of the ring",
          arguments: [(2_000_000, 1024), (2_000, 4)])
    func twoThreads(n: Int, capacity: Int) {
        let ring = UnsafeSPSCRing<Int>(capacity: capacity)
        let producer = TestThread {
            var i = 0
            while i < n {
                if ring.tryPush(i) { i += 1 } else { sched_yield() }
            }
        }
        var expected = 0
        var outOfOrder = 0
        let deadline = Date().addingTimeInterval(40)  // ~1.5 s alone; generous for a loaded machine
        while expected < n, Date() < deadline {
            if let v = ring.tryPop() {
                if v != expected { outOfOrder += 1 }
                expected += 1
            } else {
                sched_yield()
            }
        }
        #expect(producer.join(timeout: 10))
        #expect(expected == n)
        #expect(outOfOrder == 0)
        #expect(ring.tryPop() == nil)
    }
}
