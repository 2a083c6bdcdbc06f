import SluiceColumnar

/// Group windows: the window table functions (`TUMBLE(TABLE t, DESCRIPTOR(ts), …)`) and the legacy
/// `GROUP BY TUMBLE(ts, …)` form with `TUMBLE_START` / `TUMBLE_END` / `TUMBLE_ROWTIME`.
enum WindowGrouping {
    /// Legacy group-window functions, valid only in GROUP BY.
    static let functionNames: Set<String> = ["TUMBLE", "HOP", "SESSION", "CUMULATE"]
    /// Legacy window properties and the window column each one reads (0 start, 1 end, 2 time).
    static let properties: [String: Int] = [
        "TUMBLE_START": 0, "TUMBLE_END": 1, "TUMBLE_ROWTIME": 2,
        "HOP_START": 0, "HOP_END": 1, "HOP_ROWTIME": 2,
        "SESSION_START": 0, "SESSION_END": 1, "SESSION_ROWTIME": 2,
    ]
    static let columnNames = ["window_start", "window_end", "window_time"]

    /// A constant INTERVAL argument in microseconds.
    static func interval(_ e: Expression, _ what: String, binder: ExpressionBinder) throws(SluiceError) -> Int64 {
        let bound = try binder.bind(e)
        guard case .literal(.intervalDayTime(let us), _) = bound, us > 0 else {
            throw .invalidInput("the \(what) must be a positive INTERVAL literal such as INTERVAL '10' SECOND, not \(e)")
        }
        return us
    }

    static func sessionUnsupported() -> SluiceError {
        BindError.unsupported("SESSION windows", hint: "the session-window operator is not available yet; use TUMBLE, HOP or CUMULATE")
    }

    /// The assigner of a window table function.
    static func assigner(_ f: WindowTableFunction, binder: ExpressionBinder) throws(SluiceError) -> SliceAssigner {
        let offset = try f.offset.map { (e: Expression) throws(SluiceError) -> Int64 in try interval(e, "window offset", binder: binder) } ?? 0
        switch f.kind {
        case .tumble(let size): return try .tumble(size: try interval(size, "TUMBLE size", binder: binder), offset: offset)
        case .hop(let slide, let size):
            return try .hop(size: try interval(size, "HOP size", binder: binder), slide: try interval(slide, "HOP slide", binder: binder), offset: offset)
        case .cumulate(let step, let size):
            return try .cumulate(size: try interval(size, "CUMULATE size", binder: binder), step: try interval(step, "CUMULATE step", binder: binder), offset: offset)
        case .session: throw sessionUnsupported()
        }
    }

    /// The time column and assigner of a legacy `GROUP BY TUMBLE(ts, size)` / `HOP(ts, slide, size)`.
    static func legacy(_ f: FunctionCall, binder: ExpressionBinder) throws(SluiceError) -> (time: PhysicalExpression, assigner: SliceAssigner) {
        let name = f.upperName
        if name == "SESSION" { throw sessionUnsupported() }
        let arity = name == "TUMBLE" ? 2...3 : 3...4
        guard arity.contains(f.arguments.count) else {
            throw BindError.at(f.position, "\(name) in GROUP BY takes \(arity.lowerBound) arguments: \(name == "TUMBLE" ? "TUMBLE(time_attr, size)" : "\(name)(time_attr, slide, size)")")
        }
        let time = try binder.bind(f.arguments[0])
        let a = try interval(f.arguments[1], "\(name) interval", binder: binder)
        switch name {
        case "TUMBLE": return (time, try .tumble(size: a))
        case "HOP": return (time, try .hop(size: try interval(f.arguments[2], "HOP size", binder: binder), slide: a))
        default: return (time, try .cumulate(size: try interval(f.arguments[2], "CUMULATE size", binder: binder), step: a))
        }
    }
}
