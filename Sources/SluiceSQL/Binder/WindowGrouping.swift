import SluiceColumnar

/// Group windows: the window table functions (`TUMBLE(TABLE t, DESCRIPTOR(ts), …)`, also HOP, CUMULATE
/// and SESSION) and the legacy `GROUP BY TUMBLE(ts, …)` / `SESSION(ts, gap)` form with `TUMBLE_START` /
/// `TUMBLE_END` / `TUMBLE_ROWTIME` (and the HOP_ and SESSION_ forms).
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

    /// The window of a window table function.
    static func kind(_ f: WindowTableFunction, binder: ExpressionBinder) throws(SluiceError) -> WindowSpec.Kind {
        let offset = try f.offset.map { (e: Expression) throws(SluiceError) -> Int64 in try interval(e, "window offset", binder: binder) } ?? 0
        switch f.kind {
        case .tumble(let size): return .sliced(try .tumble(size: try interval(size, "TUMBLE size", binder: binder), offset: offset))
        case .hop(let slide, let size):
            return .sliced(try .hop(size: try interval(size, "HOP size", binder: binder), slide: try interval(slide, "HOP slide", binder: binder), offset: offset))
        case .cumulate(let step, let size):
            return .sliced(try .cumulate(size: try interval(size, "CUMULATE size", binder: binder), step: try interval(step, "CUMULATE step", binder: binder), offset: offset))
        case .session(let gap): return .session(gapMicros: try interval(gap, "SESSION gap", binder: binder))
        }
    }

    /// The time column and window of a legacy `GROUP BY TUMBLE(ts, size)` / `HOP(ts, slide, size)` /
    /// `CUMULATE(ts, step, size)` / `SESSION(ts, gap)`.
    static func legacy(_ f: FunctionCall, binder: ExpressionBinder) throws(SluiceError) -> (time: PhysicalExpression, kind: WindowSpec.Kind) {
        let name = f.upperName
        let arity = name == "SESSION" ? 2...2 : name == "TUMBLE" ? 2...3 : 3...4
        guard arity.contains(f.arguments.count) else {
            let usage = ["TUMBLE": "TUMBLE(time_attr, size)", "SESSION": "SESSION(time_attr, gap)"][name] ?? "\(name)(time_attr, slide, size)"
            throw BindError.at(f.position, "\(name) in GROUP BY takes \(arity.lowerBound) arguments: \(usage)")
        }
        let time = try binder.bind(f.arguments[0])
        let a = try interval(f.arguments[1], "\(name) interval", binder: binder)
        switch name {
        case "TUMBLE": return (time, .sliced(try .tumble(size: a)))
        case "SESSION": return (time, .session(gapMicros: a))
        case "HOP": return (time, .sliced(try .hop(size: try interval(f.arguments[2], "HOP size", binder: binder), slide: a)))
        default: return (time, .sliced(try .cumulate(size: try interval(f.arguments[2], "CUMULATE size", binder: binder), step: a)))
        }
    }
}
