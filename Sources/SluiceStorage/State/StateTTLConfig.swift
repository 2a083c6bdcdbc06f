import SluiceColumnar

/// Time-to-live of one keyed state (Flink's `StateTtlConfig`): an entry not written (or, with
/// `.onReadAndWrite`, not read or written) for `timeToLiveMillis` is expired, is never returned
/// again, and is removed by incremental cleanup or at the next snapshot.
///
/// Time is the backend's `StateClock`: processing time (wall clock, or a manual clock in tests) or
/// event time (the current watermark the operator reports).
public struct StateTTLConfig: Sendable, Equatable {
    /// What refreshes an entry's expiry.
    public enum UpdateType: UInt8, Sendable {
        /// Creating or writing the entry (Flink's `OnCreateAndWrite`).
        case onCreateAndWrite = 0
        /// Also reading it (Flink's `OnReadAndWrite`).
        case onReadAndWrite = 1
    }

    /// Which clock decides expiry.
    public enum TimeCharacteristic: UInt8, Sendable {
        case processingTime = 0
        case eventTime = 1
    }

    public var timeToLiveMillis: Int64
    public var updateType: UpdateType
    public var timeCharacteristic: TimeCharacteristic
    /// Entries examined for expiry per state access (incremental cleanup); 0 disables it, leaving
    /// cleanup to snapshots and to reads of the expired entries themselves.
    public var cleanupPerAccess: Int

    public init(timeToLiveMillis: Int64, updateType: UpdateType = .onCreateAndWrite,
                timeCharacteristic: TimeCharacteristic = .processingTime, cleanupPerAccess: Int = 4) {
        self.timeToLiveMillis = timeToLiveMillis
        self.updateType = updateType
        self.timeCharacteristic = timeCharacteristic
        self.cleanupPerAccess = cleanupPerAccess
    }

    /// Checks the values and names the state they belong to.
    func validate(state name: String) throws(SluiceError) {
        guard timeToLiveMillis > 0 else {
            throw .invalidInput("state '\(name)': time-to-live \(timeToLiveMillis) ms must be positive; omit the TTL config for state that never expires")
        }
        guard cleanupPerAccess >= 0 && cleanupPerAccess <= 1 << 16 else {
            throw .invalidInput("state '\(name)': cleanupPerAccess \(cleanupPerAccess) is out of range; use 0 to 65536 (default 4)")
        }
    }

    /// The expiry of an entry touched at `now` (saturating, so a huge TTL never wraps).
    @inline(__always)
    func expiry(from now: Int64) -> Int64 {
        let (sum, overflow) = now.addingReportingOverflow(timeToLiveMillis)
        return overflow ? Int64.max : sum
    }
}
