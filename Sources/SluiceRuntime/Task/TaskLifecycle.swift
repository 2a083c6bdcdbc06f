import SluiceColumnar

/// The lifecycle of one task subtask as a pure value: events in, the action to take out.
///
/// ```
///  created ──start──▶ running ──endOfInput──▶ finishing ──finishDone──▶ finished
///     │                  │                        │
///     │                  ├──fail──▶ failed ◀──fail┤
///     │                  └─cancel─▶ cancelling ◀──┘ cancel
///     └──cancel──▶ cancelled ◀──cancelDone── cancelling
/// ```
/// Terminal states are finished, failed and cancelled. `cancel` is idempotent everywhere (a job
/// cancels every task, whatever state it is in); other events in the wrong state are illegal and
/// leave the state unchanged. No side effects: the task performs the returned action.
public struct TaskLifecycle: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case created, running, finishing, finished, failed, cancelling, cancelled

        public var isTerminal: Bool { self == .finished || self == .failed || self == .cancelled }
    }

    public enum Event: Sendable, Equatable {
        /// The task was scheduled for the first time.
        case start
        /// Every input ended (or the source is exhausted).
        case endOfInput
        /// Operators finished and every output element was handed to the channels.
        case finishDone
        /// An operator (or the task itself) failed.
        case fail(SluiceError)
        /// The job asked every task to stop.
        case cancel
        /// Operators were closed after a cancellation.
        case cancelDone
    }

    public enum Action: Sendable, Equatable {
        /// Open every operator of the chain, then process.
        case open
        /// Call `finish` on every operator in chain order, then send end of input downstream.
        case finish
        /// Close the operators and report the task finished.
        case closeAndReportFinished
        /// Close the opened operators and report this failure to the job.
        case closeAndReportFailure(SluiceError)
        /// Stop processing and close the opened operators.
        case stopAndClose
        /// Report the task cancelled.
        case reportCancelled
        /// Nothing to do.
        case none
        /// The event is not allowed in the current state (a bug in the caller); state is unchanged.
        case illegal(String)
    }

    public private(set) var state: State = .created

    public init() {}

    public mutating func on(_ event: Event) -> Action {
        switch (state, event) {
        case (.created, .start):
            state = .running
            return .open
        case (.created, .cancel):
            state = .cancelled
            return .reportCancelled
        case (.created, .fail(let error)), (.running, .fail(let error)), (.finishing, .fail(let error)):
            state = .failed
            return .closeAndReportFailure(error)
        case (.running, .endOfInput):
            state = .finishing
            return .finish
        case (.finishing, .finishDone):
            state = .finished
            return .closeAndReportFinished
        case (.running, .cancel), (.finishing, .cancel):
            state = .cancelling
            return .stopAndClose
        case (.cancelling, .cancelDone):
            state = .cancelled
            return .reportCancelled
        case (.cancelling, .cancel), (.cancelling, .fail), (.finished, .cancel), (.failed, .cancel), (.cancelled, .cancel):
            return .none  // already stopping or stopped; a failure while cancelling is not news
        default:
            return .illegal("task lifecycle: event \(Self.name(event)) is not allowed in state \(state.rawValue)")
        }
    }

    private static func name(_ event: Event) -> String {
        switch event {
        case .start: return "start"
        case .endOfInput: return "endOfInput"
        case .finishDone: return "finishDone"
        case .fail: return "fail"
        case .cancel: return "cancel"
        case .cancelDone: return "cancelDone"
        }
    }
}
