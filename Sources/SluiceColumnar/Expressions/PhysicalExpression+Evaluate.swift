/// Evaluation of expression trees over batches: one kernel call per node per batch.
extension PhysicalExpression {
    /// Evaluates over every physical row of `batch`.
    public func evaluate(_ batch: RecordBatch) throws(SluiceError) -> Datum {
        switch self {
        case .column(let index, let name, _):
            guard index < batch.columns.count else {
                throw SluiceError(.internal, "expression reads column \(index) but the batch has \(batch.columns.count)",
                                  context: .init(column: name))
            }
            return .column(batch.columns[index])
        case .literal(let v, let t):
            return .scalar(v, t)
        case .call(let function, let args):
            var values: [Datum] = []
            values.reserveCapacity(args.count)
            for arg in args { values.append(try arg.evaluate(batch)) }
            return try function.invoke(values, batch.physicalCount)
        case .caseWhen(let branches, let otherwise, let type):
            return try evaluateCase(branches, otherwise, type, batch)
        case .cast(let inner, let target, let orNull):
            let input = try inner.evaluate(batch)
            if case .scalar(let v, let t) = input {
                let column = try Column.repeating(v, type: t, count: 1)
                let cast = orNull ? try Cast.tryCast(column, to: target) : try Cast.cast(column, to: target)
                return .scalar(cast.value(at: 0), target)
            }
            let column = try input.column(count: batch.physicalCount)
            return .column(orNull ? try Cast.tryCast(column, to: target) : try Cast.cast(column, to: target))
        case .field(let inner, let index, let name, _):
            let input = try inner.evaluate(batch)
            if case .scalar(let v, let t) = input {
                guard case .row(let values) = v else { return .scalar(.null, type) }
                guard case .row(let fields) = t else { throw .internalError("field access on \(t)") }
                _ = fields
                return .scalar(values[index], type)
            }
            let column = try input.column(count: batch.physicalCount)
            guard case .children(let children) = column.storage else {
                throw SluiceError(.internal, "field access on a \(column.type) column", context: .init(column: name))
            }
            // A field of a NULL row is NULL: combine the parent's validity into the child's.
            return .column(try Nulls.intersect(children[index], column.validity))
        }
    }

    /// Evaluates to a dense column of `batch.physicalCount` rows.
    public func evaluateColumn(_ batch: RecordBatch) throws(SluiceError) -> Column {
        try evaluate(batch).column(count: batch.physicalCount)
    }

    private func evaluateCase(_ branches: [(condition: PhysicalExpression, value: PhysicalExpression)],
                              _ otherwise: PhysicalExpression?, _ type: DataType,
                              _ batch: RecordBatch) throws(SluiceError) -> Datum {
        // Right to left: result = IF(c1, v1, IF(c2, v2, … else)).
        var result: Column
        if let otherwise {
            result = try otherwise.evaluateColumn(batch)
        } else {
            result = try Column.repeating(.null, type: type, count: batch.physicalCount)
        }
        for branch in branches.reversed() {
            let condition = try branch.condition.evaluateColumn(batch)
            let value = try branch.value.evaluateColumn(batch)
            result = try Conditional.select(condition: condition, then: value, else: result)
        }
        return .column(result)
    }
}
