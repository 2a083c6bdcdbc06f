import SluiceColumnar

/// Processing-time attributes: columns computed by `PROCTIME()`, traced through Calcs to where they
/// are computed (a table's computed column or a view's select list).
extension LogicalPlan {
    func isProcessingTime(column: Int) -> Bool {
        switch self {
        case .scan(let n):
            guard n.columns.indices.contains(column), let e = n.table.columns[n.columns[column]].computed else { return false }
            return e.isProctimeCall
        case .calc(let n):
            guard let projections = n.projections else { return n.input.isProcessingTime(column: column) }
            guard projections.indices.contains(column) else { return false }
            let e = projections[column]
            if e.isProctimeCall { return true }
            if case .column(let i, _, _) = e { return n.input.isProcessingTime(column: i) }
            return false
        case .sort(let n): return n.input.isProcessingTime(column: column)
        case .values, .aggregate, .union: return false
        }
    }
}

extension PhysicalExpression {
    var isProctimeCall: Bool {
        if case .call(let f, let args) = self, f.name == "proctime", args.isEmpty { return true }
        return false
    }
}
