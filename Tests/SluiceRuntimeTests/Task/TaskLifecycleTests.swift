import Testing
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Task lifecycle")
struct TaskLifecycleTests {
    typealias L = TaskLifecycle
    static let boom = SluiceError(.execution, "boom")

    func run(_ events: [L.Event]) -> (L, [L.Action]) {
        var l = L()
        let actions = events.map { l.on($0) }
        return (l, actions)
    }

    @Test("a bounded task goes created → running → finishing → finished")
    func happyPath() {
        let (l, actions) = run([.start, .endOfInput, .finishDone])
        #expect(l.state == .finished)
        #expect(actions == [.open, .finish, .closeAndReportFinished])
        #expect(l.state.isTerminal)
    }

    @Test("a failure while running or finishing closes and reports it")
    func failure() {
        let (a, actionsA) = run([.start, .fail(Self.boom)])
        #expect(a.state == .failed)
        #expect(actionsA.last == .closeAndReportFailure(Self.boom))
        let (b, actionsB) = run([.start, .endOfInput, .fail(Self.boom)])
        #expect(b.state == .failed)
        #expect(actionsB.last == .closeAndReportFailure(Self.boom))
        let (c, _) = run([.fail(Self.boom)])
        #expect(c.state == .failed)
    }

    @Test("cancelling a running task stops it, then it is cancelled")
    func cancel() {
        let (l, actions) = run([.start, .cancel, .cancelDone])
        #expect(l.state == .cancelled)
        #expect(actions == [.open, .stopAndClose, .reportCancelled])
        let (f, fActions) = run([.start, .endOfInput, .cancel])
        #expect(f.state == .cancelling)
        #expect(fActions.last == .stopAndClose)
    }

    @Test("cancelling a task that never started needs no close")
    func cancelBeforeStart() {
        let (l, actions) = run([.cancel])
        #expect(l.state == .cancelled)
        #expect(actions == [.reportCancelled])
    }

    @Test("cancel is idempotent, also in terminal states; a failure while cancelling is ignored")
    func idempotentCancel() {
        let (l, actions) = run([.start, .cancel, .cancel, .fail(Self.boom), .cancelDone, .cancel])
        #expect(l.state == .cancelled)
        #expect(actions == [.open, .stopAndClose, .none, .none, .reportCancelled, .none])
        let (f, fActions) = run([.start, .endOfInput, .finishDone, .cancel])
        #expect(f.state == .finished)
        #expect(fActions.last == L.Action.none)
    }

    @Test("illegal events leave the state unchanged and say what happened",
          arguments: [
            ([L.Event.endOfInput], L.State.created, "task lifecycle: event endOfInput is not allowed in state created"),
            ([.finishDone], .created, "task lifecycle: event finishDone is not allowed in state created"),
            ([.start, .start], .running, "task lifecycle: event start is not allowed in state running"),
            ([.start, .finishDone], .running, "task lifecycle: event finishDone is not allowed in state running"),
            ([.start, .cancelDone], .running, "task lifecycle: event cancelDone is not allowed in state running"),
            ([.start, .endOfInput, .endOfInput], .finishing, "task lifecycle: event endOfInput is not allowed in state finishing"),
            ([.start, .endOfInput, .finishDone, .start], .finished, "task lifecycle: event start is not allowed in state finished"),
            ([.start, .fail(boom), .fail(boom)], .failed, "task lifecycle: event fail is not allowed in state failed"),
            ([.cancel, .endOfInput], .cancelled, "task lifecycle: event endOfInput is not allowed in state cancelled"),
            ([.start, .cancel, .endOfInput], .cancelling, "task lifecycle: event endOfInput is not allowed in state cancelling"),
          ])
    func illegal(events: [L.Event], state: L.State, message: String) {
        let (l, actions) = run(events)
        #expect(l.state == state)
        #expect(actions.last == .illegal(message))
    }
}
