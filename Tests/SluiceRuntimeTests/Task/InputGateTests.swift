import Testing
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Input gate")
struct InputGateTests {
    /// Channels whose tasks are marked done, so writes and reads never schedule anything.
    final class Rig {
        let pool = WorkerPool(workers: 1)
        let producer = CountingTask(), consumer = CountingTask()
        var channels: [Channel] = []

        init(_ count: Int) {
            for t in [producer, consumer] {
                t.pool = pool
                t.scheduleState.store(ScheduledTask.State.done, ordering: .relaxed)
            }
            channels = (0..<count).map { _ in Channel(capacity: 8, producer: producer, consumer: consumer) }
        }

        func gate(inputs: [Int]? = nil) -> InputGate {
            InputGate(channels.enumerated().map { InputGate.Slot(channel: $1, input: inputs?[$0] ?? 0) })
        }

        deinit { pool.shutdown() }
    }

    func drain(_ gate: InputGate) -> [String] {
        var events: [String] = []
        while let e = gate.poll() {
            switch e {
            case .batch(let b, let input): events.append("batch \(b.count) on \(input)")
            case .watermark(let w): events.append(w == .max ? "wm +inf" : "wm \(w.timestamp)")
            case .status(let s): events.append("status \(s)")
            case .barrier(let id): events.append("barrier \(id)")
            case .barrierAborted(let id): events.append("aborted \(id)")
            case .consumed: break
            case .endOfAllInput: events.append("end")
            }
        }
        return events
    }

    @Test("the watermark is the minimum over channels and only moves forward")
    func watermarkMinimum() {
        let rig = Rig(2)
        let gate = rig.gate()
        _ = rig.channels[0].tryWrite(.watermark(Watermark(10)))
        #expect(drain(gate) == [])
        _ = rig.channels[1].tryWrite(.watermark(Watermark(5)))
        #expect(drain(gate) == ["wm 5"])
        _ = rig.channels[1].tryWrite(.watermark(Watermark(20)))
        #expect(drain(gate) == ["wm 10"])
        _ = rig.channels[0].tryWrite(.watermark(Watermark(8)))  // a late, smaller watermark changes nothing
        #expect(drain(gate) == [])
    }

    @Test("an idle channel does not hold the watermark back; an ended one neither")
    func idleAndEnded() {
        let rig = Rig(3)
        let gate = rig.gate()
        _ = rig.channels[0].tryWrite(.watermark(Watermark(7)))
        _ = rig.channels[1].tryWrite(.status(.idle))
        _ = rig.channels[2].tryWrite(.watermark(Watermark(3)))
        #expect(drain(gate) == ["wm 3"])
        _ = rig.channels[2].tryWrite(.endOfInput)
        #expect(drain(gate) == ["wm 7"])
        _ = rig.channels[1].tryWrite(.status(.active))
        _ = rig.channels[1].tryWrite(.watermark(Watermark(9)))
        _ = rig.channels[0].tryWrite(.endOfInput)
        _ = rig.channels[1].tryWrite(.endOfInput)
        // Channel 0 ends while 1 is idle: the task is idle until 1 wakes; the last end brings +∞.
        #expect(drain(gate) == ["status idle", "status active", "wm 9", "wm +inf", "end"])
    }

    @Test("batches keep their input index; a barrier passes once every channel delivered it")
    func batchesAndBarriers() {
        let rig = Rig(2)
        let gate = rig.gate(inputs: [0, 1])
        let batch = Fixture.batches(count: 1, rows: 3)[0]
        _ = rig.channels[0].tryWrite(.batch(batch))
        _ = rig.channels[0].tryWrite(.barrier(checkpointID: 1))
        _ = rig.channels[1].tryWrite(.batch(batch))
        #expect(drain(gate) == ["batch 3 on 0", "batch 3 on 1"])
        _ = rig.channels[1].tryWrite(.barrier(checkpointID: 1))
        #expect(drain(gate) == ["barrier 1"])
    }

    @Test("a channel that delivered the barrier is not read until the alignment completes (one slow input)")
    func alignmentBlocksFastChannel() {
        let rig = Rig(2)
        let gate = rig.gate(inputs: [0, 1])
        let batch = Fixture.batches(count: 1, rows: 2)[0]
        // The fast channel delivers its barrier and keeps producing; the slow one lags behind.
        _ = rig.channels[0].tryWrite(.barrier(checkpointID: 1))
        _ = rig.channels[0].tryWrite(.batch(batch))
        _ = rig.channels[0].tryWrite(.batch(batch))
        _ = rig.channels[1].tryWrite(.batch(Fixture.batches(count: 1, rows: 5)[0]))
        #expect(drain(gate) == ["batch 5 on 1"])   // post-barrier rows of channel 0 wait
        _ = rig.channels[1].tryWrite(.barrier(checkpointID: 1))
        #expect(drain(gate) == ["barrier 1", "batch 2 on 0", "batch 2 on 0"])
    }

    @Test("the last lagging channel ending completes the alignment; the next barrier aligns alone")
    func abortAndEnd() {
        let rig = Rig(2)
        let gate = rig.gate()
        _ = rig.channels[0].tryWrite(.barrier(checkpointID: 1))
        #expect(drain(gate) == [])
        _ = rig.channels[1].tryWrite(.watermark(Watermark(4)))
        _ = rig.channels[1].tryWrite(.endOfInput)
        #expect(drain(gate) == ["barrier 1"])
        _ = rig.channels[0].tryWrite(.barrier(checkpointID: 3))
        #expect(drain(gate) == ["barrier 3"])
    }
}
