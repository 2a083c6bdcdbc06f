import SluiceColumnar

/// Predicate pushdown into sources: the conjuncts of a filter right above a scan that read only
/// physical columns and that the table's connector accepts (`SourceConnector.acceptsFilter`) move into
/// the scan; the rest stay in the Calc.
enum SourceFilterPushdown {
    static func apply(_ plan: LogicalPlan, connectors: ConnectorRegistry) -> LogicalPlan {
        plan.transformUp { node in push(node, connectors) }
    }

    private static func push(_ plan: LogicalPlan, _ connectors: ConnectorRegistry) -> LogicalPlan {
        guard case .calc(var calc) = plan, let predicate = calc.predicate, case .scan(var scan) = calc.input,
              let connector = try? connectors.source(scan.table.connector, table: scan.table.name) else { return plan }
        var remaining: [PhysicalExpression] = []
        for conjunct in conjuncts(predicate) {
            if let physical = overPhysical(conjunct, scan),
               conjunct.isDeterministic,
               connector.acceptsFilter(physical, options: scan.table.options, schema: scan.table.physicalSchema) {
                scan.filters.append(physical)
            } else {
                remaining.append(conjunct)
            }
        }
        guard remaining.count < conjuncts(predicate).count else { return plan }
        calc.input = .scan(scan)
        calc.predicate = remaining.isEmpty ? nil : remaining.dropFirst().reduce(remaining[0]) { acc, c in
            (try? FunctionRegistry.standard.call("and", [acc, c])) ?? acc
        }
        return CalcMerge.normalized(calc)
    }

    /// `a AND b AND c` as [a, b, c].
    static func conjuncts(_ e: PhysicalExpression) -> [PhysicalExpression] {
        if case .call(let f, let args) = e, f.name == "and", args.count == 2 { return conjuncts(args[0]) + conjuncts(args[1]) }
        return [e]
    }

    /// The conjunct over the table's physical columns, or nil when it reads a computed column.
    private static func overPhysical(_ e: PhysicalExpression, _ scan: ScanNode) -> PhysicalExpression? {
        var ok = true
        let rewritten = e.replacingColumns { i, name, type in
            guard let p = scan.table.physicalIndex(ofColumn: scan.columns[i]) else { ok = false; return .column(index: i, name: name, type: type) }
            return .column(index: p, name: name, type: type)
        }
        return ok ? rewritten : nil
    }
}
