import Foundation
import Sluice
import Synchronization

/// SIGTERM and Ctrl-C (SIGINT) stop a running job with a savepoint when it has a checkpoint directory
/// (Flink's stop-with-savepoint), otherwise cancel it. A second signal exits at once.
enum StopSignal {
    private static let requested = Atomic<Int>(0)
    private static let current = Mutex<JobClient?>(nil)

    /// Installs the handlers and a watcher thread; `client` is updated as jobs start.
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            if StopSignal.requested.add(1, ordering: .relaxed).newValue > 1 { _exit(130) }
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        Thread.detachNewThread {
            while requested.load(ordering: .relaxed) == 0 { usleep(20_000) }
            guard let client = current.withLock({ $0 }) else { exit(130) }
            do {
                let savepoint = try client.stopWithSavepoint(timeoutSeconds: 60)
                printError("stopped with savepoint \(savepoint.id) (restore with --restore savepoint-\(savepoint.id))")
            } catch {
                printError("no savepoint taken (\(error)); cancelling the job")
                client.cancel()
            }
        }
    }

    static func jobStarted(_ client: JobClient) { current.withLock { $0 = client } }
}
