import SluiceColumnar
import SluiceRuntime

/// What a keyed process function's timers need to know: the operator's timer service and the key
/// of the row (or timer) being handled.
///
/// The key is serialized only when a timer call needs it, so functions that do not use timers pay
/// nothing per row. Key groups come from the same hash as the hash edge in front of the operator.
final class TimerScope {
    let service: TimerService
    /// The timers' copy in the keyed state backend (set by the operator once its backend exists).
    var store: TimerStore?
    let keyColumns: [Int]
    let maxParallelism: Int
    /// The row being processed, or nil while a timer fires.
    var row: RowView?
    /// Key hashes of the current batch, one per physical row.
    var hashes: Buffer?
    /// The key of the firing timer, or the current row's key once serialized.
    var key: [UInt8]?
    var keyGroup: Int32 = 0

    init(service: TimerService, keyColumns: [Int], maxParallelism: Int) {
        self.service = service
        self.keyColumns = keyColumns
        self.maxParallelism = maxParallelism
    }

    /// Starts a batch: key hashes for every row, computed in one kernel pass.
    func begin(_ batch: RecordBatch) {
        hashes = Hashing.hash(keyColumns.map { batch.columns[$0] })
    }

    /// Starts a row.
    func begin(_ row: RowView) {
        self.row = row
        key = nil
    }

    /// Starts a timer callback for `timer`'s key.
    func begin(_ timer: FiredTimer) {
        row = nil
        key = timer.key
        keyGroup = timer.keyGroup
    }

    /// The serialized key and key group of the current row or timer.
    func current() throws(SluiceError) -> (key: [UInt8], keyGroup: Int32) {
        if let key { return (key, keyGroup) }
        guard let row, let hashes else {
            throw SluiceError(.invalidInput, "a timer call needs a current key, but no row or timer is being handled; call timers only from the process function or onTimer")
        }
        var values: [Value] = []
        for c in keyColumns { values.append(try row.value(c)) }
        let bytes = TimerKeyCodec.encode(values)
        let hash = hashes.load(UInt64.self, at: row.physicalRow)
        keyGroup = Int32(KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism))
        key = bytes
        return (bytes, keyGroup)
    }
}
