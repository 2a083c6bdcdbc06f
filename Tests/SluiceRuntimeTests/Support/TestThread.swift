import Foundation

/// Runs `body` on a new thread; `join(timeout:)` waits for it and reports whether it ended in time.
final class TestThread: @unchecked Sendable {
    // SAFETY: `done` is a semaphore; the body runs once on its own thread.
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [done] in
            body()
            done.signal()
        }
        thread.start()
    }

    /// True when the thread finished within `timeout` seconds.
    func join(timeout: Double) -> Bool {
        done.wait(timeout: .now() + timeout) == .success
    }
}
