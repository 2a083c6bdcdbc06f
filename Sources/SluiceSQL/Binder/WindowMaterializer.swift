import SluiceColumnar

/// The rows of a TUMBLE window table function outside a window aggregation: every input row with its
/// `window_start`, `window_end` and `window_time` computed by a Calc (one window per row, so no rows
/// are added). HOP and CUMULATE put a row in several windows and a SESSION's bounds depend on other
/// rows, so these are only planned as window aggregations.
enum WindowMaterializer {
    /// True when the SELECT is a window aggregation: it groups by both `window_start` and `window_end`.
    static func isWindowAggregation(_ s: Select, _ rel: Relation) -> Bool {
        var found = Set<Int>()
        for g in s.groupBy {
            guard case .identifier(let path, _) = g, let (index, fields) = try? rel.scope.resolve(path, at: .unknown),
                  fields.isEmpty, rel.isVirtual(index) else { continue }
            found.insert(index - rel.virtualStart)
        }
        return found.contains(0) && found.contains(1)
    }

    /// The relation with the window columns as real columns.
    static func materialize(_ rel: Relation) throws(SluiceError) -> Relation {
        guard let window = rel.window else { return rel }
        guard let assigner = window.assigner, case .tumble = assigner.kind else {
            let name = switch window.assigner?.kind {
            case .hop: "HOP"
            case .cumulate: "CUMULATE"
            default: "SESSION"
            }
            throw BindError.unsupported("\(name) window table function rows outside a window aggregation",
                                        hint: "group by window_start, window_end, or use TUMBLE")
        }
        let schema = rel.plan.schema
        let time = try schema.requireIndex(of: window.timeColumn)
        let type = schema[time].type
        let size = assigner.size
        let offset = assigner.offset
        let startFunction = ResolvedFunction(name: "window_start", returnType: type,
                                             kernel: KernelAdapter.columns(type) { (c) throws(SluiceError) in
            try Windows.starts(c[0], size: size, offset: offset)
        })
        let start = PhysicalExpression.call(startFunction, [.column(index: time, name: schema[time].name, type: type)])
        let end = try FunctionRegistry.standard.call("+", [start, .literal(.intervalDayTime(size), .intervalDayTime)])
        let windowTime = try FunctionRegistry.standard.call("-", [end, .literal(.intervalDayTime(1000), .intervalDayTime)])
        var projections = schema.fields.enumerated().map { PhysicalExpression.column(index: $0.offset, name: $0.element.name, type: $0.element.type) }
        projections += [start, end, windowTime]
        let node = CalcNode(input: rel.plan, predicate: nil, projections: projections, names: schema.names + WindowGrouping.columnNames)
        var scope = rel.scope
        for i in 0..<3 { scope.entries[rel.virtualStart + i].type = node.schema[rel.virtualStart + i].type }
        return Relation(plan: .calc(node), scope: scope, window: nil)
    }
}
