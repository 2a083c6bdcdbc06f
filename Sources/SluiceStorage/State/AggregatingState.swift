import SluiceColumnar

/// A running aggregate per (current key, namespace) (Flink's `AggregatingState`), kept in the
/// accumulator layout of the hash aggregation: fixed-width slots updated in place.
///
/// ```
///  slot payload (16 B):  +0 count Int64 (values added)   +8 accumulator (Int64 or Double bits)
///  COUNT: count        SUM: acc        MIN / MAX: acc (valid when count > 0)     AVG: acc / count
/// ```
public struct AggregatingState {
    public enum Function: UInt8, Sendable, CaseIterable {
        case count = 0, sum, min, max, avg
    }

    public enum InputType: UInt8, Sendable {
        case int64 = 0, double
    }

    static let payloadWidth = 16
    let store: StateStore
    let backend: KeyedStateBackend
    public let function: Function
    public let inputType: InputType

    public var name: String { store.name }

    /// Adds an integer (so that `add(1)` means an integer, not a Double).
    public func add(_ value: Int) throws(SluiceError) { try add(Int64(value)) }

    /// Adds an integer input value (converted to Double for a DOUBLE state).
    public func add(_ value: Int64) throws(SluiceError) {
        guard inputType == .int64 else { return try add(Double(value)) }
        let slot = try store.currentSlotOrInsert()
        let table = store.table, at = StateStore.payload
        let count = table.loadSlot(Int64.self, slot: slot, field: at)
        let acc = table.loadSlot(Int64.self, slot: slot, field: at + 8)
        let next: Int64
        switch function {
        case .count: next = 0
        case .sum, .avg:
            let (sum, overflow) = acc.addingReportingOverflow(value)
            guard !overflow else {
                throw .execution("aggregating state '\(name)': \(function) of BIGINT overflowed adding \(value) to \(acc); use a DOUBLE aggregating state")
            }
            next = sum
        case .min: next = count == 0 ? value : Swift.min(acc, value)
        case .max: next = count == 0 ? value : Swift.max(acc, value)
        }
        table.storeSlot(count + 1, slot: slot, field: at)
        table.storeSlot(next, slot: slot, field: at + 8)
        store.touchWrite(slot)
    }

    /// Adds a floating-point input value (a BIGINT state rejects it).
    public func add(_ value: Double) throws(SluiceError) {
        guard inputType == .double else {
            throw .invalidInput("aggregating state '\(name)' aggregates BIGINT values; add an Int64, or create the state with input type .double")
        }
        let slot = try store.currentSlotOrInsert()
        let table = store.table, at = StateStore.payload
        let count = table.loadSlot(Int64.self, slot: slot, field: at)
        let acc = table.loadSlot(Double.self, slot: slot, field: at + 8)
        let next: Double = switch function {
        case .count: 0
        case .sum, .avg: acc + value
        case .min: count == 0 ? value : Swift.min(acc, value)
        case .max: count == 0 ? value : Swift.max(acc, value)
        }
        table.storeSlot(count + 1, slot: slot, field: at)
        table.storeSlot(next, slot: slot, field: at + 8)
        store.touchWrite(slot)
    }

    /// The aggregate of the current key: COUNT as `.int` (0 when nothing was added), AVG as
    /// `.float`, SUM/MIN/MAX in the input type; `.null` when nothing was added (or it expired).
    public func result() throws(SluiceError) -> Value {
        guard let slot = try store.currentSlot(forRead: true) else { return function == .count ? .int(0) : .null }
        let table = store.table, at = StateStore.payload
        let count = table.loadSlot(Int64.self, slot: slot, field: at)
        if function == .count { return .int(count) }
        guard count > 0 else { return .null }
        if inputType == .int64 {
            let acc = table.loadSlot(Int64.self, slot: slot, field: at + 8)
            return function == .avg ? .float(Double(acc) / Double(count)) : .int(acc)
        }
        let acc = table.loadSlot(Double.self, slot: slot, field: at + 8)
        return .float(function == .avg ? acc / Double(count) : acc)
    }

    /// Removes the current key's aggregate.
    public func clear() throws(SluiceError) {
        try backend.requireKey(name)
        store.removeCurrent()
    }

    public func keys(inKeyGroup keyGroup: Int) -> [StateKey] { store.keys(inKeyGroup: keyGroup) }

    public func clearAll() { store.clearAll() }
}
