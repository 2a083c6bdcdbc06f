import SluiceColumnar

/// Binds an aggregating SELECT: GROUP BY keys (and a group window), aggregate calls, HAVING and the
/// select list over the aggregate's output.
///
/// Plan shape: input → Calc (pre-projection: keys, aggregate arguments, FILTER conditions, the time
/// column) → Aggregate (keys, [window_start, window_end,] aggregates) → Calc (HAVING, select list).
final class AggregateBinder {
    let select: SelectBinder
    let input: Relation
    /// Expressions the aggregate reads, deduplicated by their text.
    private var pre: [PhysicalExpression] = []
    private var keySlots: [Int] = []
    /// GROUP BY expressions as written (key i is `groupExpressions[i]`).
    private var groupExpressions: [Expression] = []
    private var window: WindowSpec?
    private var aggregates: [AggregateSpec] = []
    private var aggregateTypes: [DataType] = []
    private var aggregateCalls: [FunctionCall] = []

    init(select: SelectBinder, input: Relation) {
        self.select = select
        self.input = input
    }

    private var inputBinder: ExpressionBinder { select.guarded(input) }

    private func slot(_ e: PhysicalExpression) -> Int {
        let text = e.description
        if let i = pre.firstIndex(where: { $0.description == text && $0.type == e.type }) { return i }
        pre.append(e)
        return pre.count - 1
    }

    func bind(_ s: Select) throws(SluiceError) -> Relation {
        try bindGroupBy(s.groupBy)
        let post = ExpressionBinder(scope: input.scope, functions: select.functions) { [self] (e) throws(SluiceError) in
            try substitute(e)
        }
        var projections: [PhysicalExpression] = []
        var names: [String] = []
        for (i, item) in s.items.enumerated() {
            if case .star = item.expression { throw .invalidInput("`*` cannot be selected in an aggregating query; list the GROUP BY columns") }
            projections.append(try post.bind(item.expression))
            names.append(SelectBinder.outputName(item, index: i))
        }
        let having = try s.having.map { (h: Expression) throws(SluiceError) -> PhysicalExpression in
            let p = try post.bind(h)
            guard p.type == .boolean else { throw .invalidInput("HAVING must be BOOLEAN, but `\(h)` is \(p.type)") }
            return p
        }
        let aggregate = try aggregateNode()
        let node = CalcNode(input: .aggregate(aggregate), predicate: having, projections: projections, names: names)
        return Relation(plan: .calc(node), scope: Scope(schema: node.schema, qualifier: nil))
    }

    private func bindGroupBy(_ groupBy: [Expression]) throws(SluiceError) {
        var windowColumns = Set<Int>()
        for g in groupBy {
            if case .function(let f) = g, WindowGrouping.functionNames.contains(f.upperName) {
                guard window == nil, input.window == nil else { throw .invalidInput("a query can group by only one window") }
                let (time, kind) = try WindowGrouping.legacy(f, binder: inputBinder)
                guard case .column(let index, let name, _) = time,
                      input.plan.schema.eventTimeIndex == index || input.plan.isProcessingTime(column: index) else {
                    throw BindError.at(f.position, "the first argument of \(f.upperName) must be a time attribute (the column of a WATERMARK, or PROCTIME()), not `\(time)`")
                }
                window = WindowSpec(timeColumn: name, kind: kind, processingTime: input.plan.isProcessingTime(column: index))
                continue
            }
            if case .identifier(let path, let position) = g, input.window != nil {
                let (index, _) = try input.scope.resolve(path, at: position)
                if input.isVirtual(index) { windowColumns.insert(index - input.virtualStart); continue }
            }
            if g.containsAggregate { throw .invalidInput("aggregate functions are not allowed in GROUP BY (`\(g)`)") }
            let bound = try inputBinder.bind(g)
            let s = slot(bound)
            if !keySlots.contains(s) {
                keySlots.append(s)
                groupExpressions.append(g)
            }
        }
        if let w = input.window {
            guard windowColumns.contains(0) && windowColumns.contains(1) else {
                throw .invalidInput("a window table function's rows must be grouped by window_start and window_end (GROUP BY window_start, window_end, …)")
            }
            window = w
            try checkSessionPartition()
        }
        if let window, case .session = window.kind, window.processingTime {
            throw BindError.unsupported("SESSION windows on a processing-time attribute (PROCTIME())",
                                        hint: "session windows run on event time: use a column with a WATERMARK")
        }
    }

    /// Sessions are kept per GROUP BY key, so each SESSION `PARTITION BY` column must be grouped by.
    private func checkSessionPartition() throws(SluiceError) {
        let schema = input.plan.schema
        for p in input.sessionPartition {
            let grouped = keySlots.contains { if case .column(let i, _, _) = pre[$0] { return i == p } else { return false } }
            guard grouped else {
                throw .invalidInput("SESSION … PARTITION BY \(schema[p].name) needs `\(schema[p].name)` in the GROUP BY of the window aggregation (sessions are computed per group); add it: GROUP BY window_start, window_end, \(schema[p].name)")
            }
        }
    }

    /// Output column of key `i`, the window columns and aggregate `i`.
    private var windowOffset: Int { keySlots.count }
    private var aggregateOffset: Int { keySlots.count + (window == nil ? 0 : 2) }

    private func substitute(_ e: Expression) throws(SluiceError) -> PhysicalExpression? {
        if case .function(let f) = e {
            if AggregateCall.names.contains(f.upperName) && f.over == nil { return try aggregate(f) }
            if let property = WindowGrouping.properties[f.upperName] {
                guard window != nil else { throw BindError.at(f.position, "\(f.upperName) needs GROUP BY \(f.upperName.split(separator: "_")[0])(…)") }
                return try windowColumn(property)
            }
        }
        if let k = groupExpressions.firstIndex(of: e) { return keyColumn(k) }
        if case .identifier(let path, let position) = e {
            let (index, fields) = try input.scope.resolve(path, at: position)
            if input.isVirtual(index) { return try nested(windowColumn(index - input.virtualStart), fields, position) }
            for (k, g) in groupExpressions.enumerated() {
                if case .identifier(let gp, _) = g, let (gi, gf) = try? input.scope.resolve(gp, at: .unknown), gi == index, gf.isEmpty {
                    return try nested(keyColumn(k), fields, position)
                }
            }
            throw BindError.at(position, "column `\(path.joined(separator: "."))` is neither in GROUP BY nor inside an aggregate function; add it to GROUP BY or aggregate it (e.g. MAX(\(path.joined(separator: "."))))", column: path.last)
        }
        return nil
    }

    private func nested(_ base: PhysicalExpression, _ fields: [String], _ position: SQLPosition) throws(SluiceError) -> PhysicalExpression {
        var e = base
        for name in fields {
            guard case .row(let rowFields) = e.type, let i = rowFields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw BindError.at(position, "`\(e)` (\(e.type)) has no field `\(name)`")
            }
            e = .field(e, index: i, name: rowFields[i].name, type: rowFields[i].type)
        }
        return e
    }

    private func keyColumn(_ k: Int) -> PhysicalExpression {
        let e = pre[keySlots[k]]
        return .column(index: k, name: keyName(k), type: e.type)
    }

    private func keyName(_ k: Int) -> String {
        if case .column(_, let name, _) = pre[keySlots[k]] { return name }
        return "$k\(k)"
    }

    private func windowColumn(_ which: Int) throws(SluiceError) -> PhysicalExpression {
        // Window bounds have the time attribute's type: TIMESTAMP(3), or TIMESTAMP_LTZ(3) over PROCTIME().
        let ts = window.flatMap { try? timeColumn($0.timeColumn).type } ?? .timestamp(precision: 3)
        let end = PhysicalExpression.column(index: windowOffset + 1, name: "window_end", type: ts)
        switch which {
        case 0: return .column(index: windowOffset, name: "window_start", type: ts)
        case 1: return end
        default: return try FunctionRegistry.standard.call("-", [end, .literal(.intervalDayTime(1000), .intervalDayTime)])
        }
    }

    private func aggregate(_ f: FunctionCall) throws(SluiceError) -> PhysicalExpression {
        if let i = aggregateCalls.firstIndex(of: f) {
            return .column(index: aggregateOffset + i, name: "$a\(i)", type: aggregateTypes[i])
        }
        for a in f.arguments + (f.filter.map { [$0] } ?? []) where a.containsAggregate {
            throw BindError.at(f.position, "aggregate calls cannot be nested (`\(Expression.function(f))`)")
        }
        var (spec, type) = try AggregateCall.bind(f, binder: inputBinder) { slot($0) }
        spec.name = "$a\(aggregates.count)"
        aggregates.append(spec)
        aggregateTypes.append(type)
        aggregateCalls.append(f)
        return .column(index: aggregateOffset + aggregates.count - 1, name: spec.name!, type: type)
    }

    private func aggregateNode() throws(SluiceError) -> AggregateNode {
        if let window { _ = slot(try timeColumn(window.timeColumn)) }
        // COUNT(*) alone reads no column; the aggregate still needs rows, so it reads the cheapest one.
        if pre.isEmpty, let first = input.plan.schema.fields.first {
            _ = slot(.column(index: 0, name: first.name, type: first.type))
        }
        var names = pre.map(\.description)
        for (k, s) in keySlots.enumerated() { names[s] = keyName(k) }
        if let window, let i = pre.firstIndex(where: { if case .column(_, let n, _) = $0 { return n == window.timeColumn } else { return false } }) {
            names[i] = window.timeColumn
        }
        var calc = CalcNode(input: input.plan, predicate: nil, projections: pre, names: Self.unique(names))
        if let window, let i = names.firstIndex(of: window.timeColumn) { calc.schema.eventTimeIndex = i }
        let schema: Schema
        if let window {
            schema = try WindowPlanning.outputSchema(input: calc.schema, window: window, keys: keySlots, aggregates: aggregates)
        } else {
            schema = try AggregatePlanning.outputSchema(input: calc.schema, keys: keySlots, aggregates: aggregates)
        }
        for (i, t) in aggregateTypes.enumerated() where schema[aggregateOffset + i].type != t {
            throw .internalError("aggregate \(i) was typed \(t) but the operator produces \(schema[aggregateOffset + i].type)")
        }
        return AggregateNode(input: .calc(calc), keys: keySlots, aggregates: aggregates, window: window, schema: schema)
    }

    private func timeColumn(_ name: String) throws(SluiceError) -> PhysicalExpression {
        let schema = input.plan.schema
        let i = try schema.requireIndex(of: name)
        return .column(index: i, name: schema[i].name, type: schema[i].type)
    }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.enumerated().map { i, n in seen.insert(n.lowercased()).inserted ? n : "\(n)$\(i)" }
    }
}
