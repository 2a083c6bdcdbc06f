#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceStorage

/// Which checkpoint a job (re)starts from, and the fixed-delay restart strategy around it.
struct RecoveryPlanner {
    let settings: CheckpointSettings

    /// The state named by `settings.restore`, or nil for a fresh start.
    func initialRestore() throws(SluiceError) -> RestoreData? {
        guard let point = settings.restore else { return nil }
        let storage = try CheckpointStorage(directory: settings.directory, create: point == .latest)
        switch point {
        case .latest:
            guard let manifest = try storage.latest() else { return nil }
            return try RestoreData(manifest: manifest, storage: storage)
        case .checkpoint(let id):
            return try RestoreData(manifest: try storage.manifest(id), storage: storage)
        case .savepoint(let id):
            return try RestoreData(manifest: try storage.manifest(id, kind: .savepoint), storage: storage)
        }
    }

    /// After a failure: the latest complete checkpoint, else what the failed attempt started from.
    func restoreAfterFailure(fallback: RestoreData?, jobID: String) throws(SluiceError) -> RestoreData? {
        let storage = try CheckpointStorage(directory: settings.directory)
        guard let manifest = try storage.latest(), manifest.jobID == jobID else {
            return fallback ?? RestoreData(restartingFromScratch: jobID)
        }
        if let fallback, fallback.checkpointID >= manifest.id { return fallback }
        return try RestoreData(manifest: manifest, storage: storage)
    }

    /// A new job id: 16 hex digits from the clock and the process id.
    static func newJobID() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var x = UInt64(truncatingIfNeeded: ts.tv_sec) &* 1_000_000_007 &+ UInt64(truncatingIfNeeded: ts.tv_nsec)
        x ^= UInt64(truncatingIfNeeded: getpid()) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 31
        x &*= 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        let hex = String(x, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Waits the restart delay.
    func pause() {
        guard settings.restartDelayNanos > 0 else { return }
        var ts = timespec(tv_sec: Int(settings.restartDelayNanos / 1_000_000_000),
                          tv_nsec: Int(settings.restartDelayNanos % 1_000_000_000))
        var left = timespec()
        while nanosleep(&ts, &left) != 0 && errno == EINTR { ts = left }
    }

    /// The failure that ends the job once the restart attempts are used up.
    func exhausted(_ error: SluiceError, restarts: Int) -> SluiceError {
        var e = error
        e.message += " (the job failed again after \(restarts) restart\(restarts == 1 ? "" : "s") from its latest checkpoint; "
            + "no restart attempts left)"
        return e
    }

    /// One more than any checkpoint id used in the directory, complete or not, so ids never repeat.
    static func nextCheckpointID(_ storage: CheckpointStorage) throws(SluiceError) -> Int64 {
        var highest: Int64 = 0
        for name in try storage.directoryNames() {
            for prefix in ["chk-", "savepoint-"] where name.hasPrefix(prefix) {
                if let id = Int64(name.dropFirst(prefix.count)) { highest = max(highest, id) }
            }
        }
        return highest + 1
    }
}
