import Testing
import SluiceRuntime
import SluiceColumnar

@Suite("Checkpoint scheduler")
struct CheckpointSchedulerTests {
    let s = Int64(1_000_000_000)

    @Test("triggers every interval and completes when every task acknowledged")
    func periodic() {
        var c = CheckpointScheduler(policy: CheckpointPolicy(intervalNanos: s), tasks: 2)
        #expect(c.on(.tick(now: s / 2)) == [])
        #expect(c.nextDeadline == s)
        #expect(c.on(.tick(now: s)) == [.trigger(id: 1)])
        #expect(c.on(.tick(now: 2 * s)) == [])   // at most one in flight
        #expect(c.on(.acknowledged(id: 1, task: 0, now: 2 * s)) == [])
        #expect(c.on(.acknowledged(id: 1, task: 0, now: 2 * s)) == [])   // a duplicate ack counts once
        #expect(c.on(.acknowledged(id: 1, task: 1, now: 2 * s)) == [.complete(id: 1)])
        #expect(c.on(.tick(now: 2 * s)) == [.trigger(id: 2)])
        #expect(c.inFlight == [2])
    }

    @Test("a timeout expires the checkpoint; a decline aborts it; late acks are ignored")
    func timeoutAndDecline() {
        var c = CheckpointScheduler(policy: CheckpointPolicy(intervalNanos: s, timeoutNanos: 3 * s), tasks: 1)
        #expect(c.on(.tick(now: s)) == [.trigger(id: 1)])
        #expect(c.nextDeadline == 4 * s)
        #expect(c.on(.tick(now: 4 * s)) == [.expire(id: 1), .trigger(id: 2)])
        #expect(c.on(.acknowledged(id: 1, task: 0, now: 4 * s)) == [])
        #expect(c.on(.declined(id: 2, now: 5 * s)) == [.abort(id: 2)])
        #expect(c.on(.declined(id: 2, now: 5 * s)) == [])
        #expect(c.on(.tick(now: 5 * s)) == [.trigger(id: 3)])
    }

    @Test("the minimum pause delays the next trigger after a slow checkpoint")
    func minimumPause() {
        var c = CheckpointScheduler(policy: CheckpointPolicy(intervalNanos: s, minPauseNanos: 2 * s), tasks: 1)
        #expect(c.on(.tick(now: s)) == [.trigger(id: 1)])
        #expect(c.on(.acknowledged(id: 1, task: 0, now: 5 * s / 2)) == [.complete(id: 1)])
        #expect(c.on(.tick(now: 3 * s)) == [])
        #expect(c.nextDeadline == 9 * s / 2)
        #expect(c.on(.tick(now: 9 * s / 2)) == [.trigger(id: 2)])
    }

    @Test("with several in flight, a newer completion subsumes the older ones")
    func concurrentAndSubsumed() {
        var c = CheckpointScheduler(policy: CheckpointPolicy(intervalNanos: s, maxConcurrent: 2), tasks: 1)
        #expect(c.on(.tick(now: s)) == [.trigger(id: 1)])
        #expect(c.on(.tick(now: 2 * s)) == [.trigger(id: 2)])
        #expect(c.on(.tick(now: 3 * s)) == [])
        #expect(c.on(.acknowledged(id: 2, task: 0, now: 3 * s)) == [.complete(id: 2), .abort(id: 1)])
        #expect(c.inFlight == [])
    }

    @Test("disabled: never triggers by time, but a manual trigger works and ids continue after a restore")
    func disabledAndManual() {
        var c = CheckpointScheduler(policy: .disabled, tasks: 1, firstID: 8)
        #expect(c.on(.tick(now: 100 * s)) == [])
        #expect(c.nextDeadline == nil)
        #expect(c.triggerNow(now: 100 * s) == .trigger(id: 8))
        #expect(c.on(.acknowledged(id: 8, task: 0, now: 101 * s)) == [.complete(id: 8)])
    }

    @Test("invalid policies are rejected with a message saying what to change")
    func validation() {
        #expect(throws: SluiceError.self) { try CheckpointPolicy(intervalNanos: 0).validate() }
        #expect(throws: SluiceError.self) { try CheckpointPolicy(intervalNanos: s, maxConcurrent: 0).validate() }
        #expect(throws: SluiceError.self) { try CheckpointPolicy(intervalNanos: s, retained: 0).validate() }
        #expect(throws: Never.self) { try CheckpointPolicy.streamingDefault.validate() }
    }
}
