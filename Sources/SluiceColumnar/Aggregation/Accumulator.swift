/// The state and update rules of one aggregate function over all groups of a table.
///
/// Every method works on a whole batch: `groupIds` (from `GroupTable.findOrInsert`) gives the group
/// of each physical row, `groupCount` the number of groups so far (state grows to it). State lives in
/// contiguous fixed-width arrays indexed by group id — no object per group — so a state backend can
/// keep it in memory-mapped files.
///
/// Two-phase aggregation: a local aggregator's `state(groupCount:)` columns travel over a hash edge and
/// a global one folds them in with `merge`; the result equals single-phase aggregation.
public protocol Accumulator: Sendable {
    /// The SQL result type (Flink's).
    var resultType: DataType { get }
    /// The column types of the partial state, in `state()` order.
    var stateTypes: [DataType] { get }

    /// Folds the rows of a batch into their groups; `filter` (over physical rows) skips rows whose bit
    /// is 0, `rowKinds` (one `RowKind` byte per physical row) makes -U/-D rows retract.
    mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                         selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError)

    /// Folds partial states (rows of `state` columns) into the groups `groupIds` names.
    mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError)

    /// The partial state of groups 0..<groupCount as columns of `stateTypes`.
    func state(groupCount: Int) throws(SluiceError) -> [Column]

    /// The result of groups 0..<groupCount.
    func finish(groupCount: Int) throws(SluiceError) -> Column

    /// The result of groups whose whole state is the rows of `state` (columns of `stateTypes`), when it
    /// is read off those columns without computing (COUNT's count; BIGINT SUM's sum, NULL where nothing
    /// was summed); nil when it must be computed.
    func result(ofState state: [Column]) -> Column?

    /// True for accumulators whose state is a set of values per group (COUNT(DISTINCT x), MIN/MAX over
    /// a changelog): it has no fixed-width partial state, and checkpoints carry it as value pairs.
    var keepsValuePairs: Bool { get }
    /// The live (group, value, count) entries of such an accumulator, for a checkpoint.
    func valuePairs() -> (groupIds: Buffer, values: Column, counts: Column)?
    /// Adds checkpointed entries of `valuePairs()` to the groups `groupIds` names.
    mutating func restoreValuePairs(groupIds: Buffer, groupCount: Int, values: Column, counts: Column) throws(SluiceError)
}

extension Accumulator {
    public func result(ofState state: [Column]) -> Column? { nil }
    public var keepsValuePairs: Bool { false }
    public func valuePairs() -> (groupIds: Buffer, values: Column, counts: Column)? { nil }
    public mutating func restoreValuePairs(groupIds: Buffer, groupCount: Int, values: Column, counts: Column) throws(SluiceError) {
        throw .internalError("\(Self.self) keeps no value pairs to restore")
    }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap? = nil,
                                selection: SelectionVector? = nil) throws(SluiceError) {
        try update(groupIds: groupIds, groupCount: groupCount, input: input, filter: filter, selection: selection, rowKinds: nil)
    }
}

/// Makes the accumulator for an aggregate over an input of `inputType`.
public enum Accumulators {
    /// `retractions`: the input is a changelog (-U/-D rows retract); MIN/MAX then keep a value multiset.
    public static func make(_ function: AggregateFunction, inputType: DataType?, distinct: Bool = false,
                            retractions: Bool = false, name: String? = nil) throws(SluiceError) -> any Accumulator {
        let label = name ?? function.rawValue
        let result = try function.resultType(input: inputType)
        if distinct {
            guard function == .count, let inputType else {
                throw .unsupported("\(function.rawValue)(DISTINCT …) is not supported; only COUNT(DISTINCT x) is")
            }
            return try CountDistinctAccumulator(inputType: inputType)
        }
        switch function {
        case .countStar: return CountAccumulator(countsRows: true)
        case .count: return CountAccumulator(countsRows: false)
        case .sum, .avg: return SumAccumulator(inputType: inputType!, resultType: result, isAverage: function == .avg, name: label)
        case .min, .max:
            if retractions { return try RetractableMinMaxAccumulator(inputType: inputType!, isMax: function == .max, name: label) }
            return appendOnlyMinMax(inputType!, isMax: function == .max, name: label)
        case .firstValue, .lastValue:
            if inputType!.isVariableWidth { return StringValueAccumulator(inputType: inputType!, function: function, name: label) }
            return FirstLastAccumulator(inputType: inputType!, isLast: function == .lastValue, name: label)
        }
    }

    static func appendOnlyMinMax(_ inputType: DataType, isMax: Bool, name: String) -> any Accumulator {
        if inputType.isVariableWidth { return StringValueAccumulator(inputType: inputType, function: isMax ? .max : .min, name: name) }
        return MinMaxAccumulator(inputType: inputType, isMax: isMax, name: name)
    }

    static func retractionUnsupported(_ name: String) -> SluiceError {
        .unsupported("\(name) cannot retract rows (-U/-D) here; for MIN/MAX create the aggregator with retractions enabled, FIRST_VALUE/LAST_VALUE over a changelog are not supported yet")
    }

    /// Validity from contributing-row counts (groups 0..<n): nil when every count is positive.
    static func validity(_ counts: UnsafeBufferPointer<Int64>, _ n: Int) -> Bitmap? {
        var all = true
        for g in 0..<n where counts[g] <= 0 { all = false; break }
        return all ? nil : Bitmap((0..<n).map { counts[$0] > 0 })
    }

    static func validity(_ counts: [Int64], _ n: Int) -> Bitmap? {
        counts.withUnsafeBufferPointer { validity($0, n) }
    }

    static func validity(_ counts: Buffer, _ n: Int) -> Bitmap? {
        counts.withUnsafeBufferPointer(as: Int64.self) { validity($0, n) }
    }

    static func checkState(_ state: [Column], _ types: [DataType], _ name: String) throws(SluiceError) {
        guard state.count == types.count, zip(state, types).allSatisfy({ $0.type == $1 }) else {
            throw .invalidInput("partial state for \(name) has columns \(state.map { "\($0.type)" }.joined(separator: ", ")), expected \(types.map { "\($0)" }.joined(separator: ", "))")
        }
    }
}
