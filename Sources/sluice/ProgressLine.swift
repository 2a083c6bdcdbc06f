import Foundation

/// A status line on standard error, redrawn every half second while a long step runs.
///
/// `start` shows the label with the elapsed time and keeps it current from a background thread;
/// `finish` replaces it with the step's outcome. Writes nothing when standard error is not a terminal
/// except the final lines, so logs stay readable.
final class ProgressLine: @unchecked Sendable {
    // SAFETY: `label`, `started` and `running` are only read or written while holding `lock`.
    private let lock = NSLock()
    private var label = ""
    private var started = Date()
    private var running = false
    private let live = isatty(2) != 0

    func start(_ text: String) {
        lock.withLock {
            label = text
            started = Date()
            running = true
        }
        draw()
        guard live else { return }
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                guard lock.withLock({ running }) else { return }
                draw()
            }
        }
    }

    func finish(_ text: String) {
        lock.withLock { running = false }
        printError((live ? "\r\u{1B}[K" : "") + text)
    }

    private func draw() {
        let (text, since) = lock.withLock { (label, started) }
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(since))
        if live {
            var stderr = StandardError()
            print("\r\u{1B}[K\(text) running \(elapsed) s", terminator: "", to: &stderr)
        } else if elapsed == "0.0" {
            printError("\(text) running")
        }
    }
}
