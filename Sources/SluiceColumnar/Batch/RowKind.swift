/// The kind of change a row carries in a changelog stream, with Flink's byte values and short strings.
public enum RowKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case insert = 0
    case updateBefore = 1
    case updateAfter = 2
    case delete = 3

    /// "+I", "-U", "+U", "-D", as Flink prints them.
    public var description: String {
        switch self {
        case .insert: return "+I"
        case .updateBefore: return "-U"
        case .updateAfter: return "+U"
        case .delete: return "-D"
        }
    }

    /// True for rows that add to a result (+I, +U); false for retractions (-U, -D).
    public var isAccumulate: Bool { self == .insert || self == .updateAfter }
}
