import SluiceOperators

/// A stream of batches of one schema, produced by one operator of a job being built.
///
/// Transformations add operators to the environment's job graph and return the new stream; nothing
/// runs until `StreamEnvironment.execute()`. Operators joined by forward edges at equal parallelism
/// are chained into one task (direct calls, no queue).
public struct DataStream {
    let env: StreamEnvironment
    let vertex: VertexID
    public let schema: Schema
    public let parallelism: Int
    /// True when rows may be updates (-U/+U) rather than inserts only: downstream of a streaming aggregate.
    public let isChangelog: Bool
    /// How the next operator connects to this one (`rebalance()` / `broadcast()` change it).
    let partitioning: Partitioning

    init(env: StreamEnvironment, vertex: VertexID, schema: Schema, parallelism: Int, isChangelog: Bool = false,
         partitioning: Partitioning = .forward) {
        self.env = env
        self.vertex = vertex
        self.schema = schema
        self.parallelism = parallelism
        self.isChangelog = isChangelog
        self.partitioning = partitioning
    }

    /// Adds an operator fed by this stream. A forward edge between different parallelisms becomes a
    /// rebalance, as in Flink.
    func then(_ base: String, parallelism: Int? = nil, outputSchema: Schema, edge: Partitioning? = nil,
              _ factory: @escaping @Sendable (SubtaskInfo) -> any Operator) -> DataStream {
        let p = parallelism ?? self.parallelism
        let name = env.uniqueName(base)
        let id = env.graph.addOperator(name: name, parallelism: p, inputSchemas: [schema], outputSchema: outputSchema, factory)
        var connection = edge ?? partitioning
        if case .forward = connection, p != self.parallelism { connection = .rebalance }
        env.graph.connect(vertex, id, connection)
        return DataStream(env: env, vertex: id, schema: outputSchema, parallelism: p, isChangelog: isChangelog)
    }

    /// Keeps the rows for which `predicate` is TRUE (NULL counts as false).
    public func filter(_ predicate: Expr) throws(SluiceError) -> DataStream {
        let resolved = try predicate.resolve(schema)
        guard resolved.type == .boolean else {
            throw .invalidInput("filter needs a BOOLEAN predicate, but `\(predicate.text)` is \(resolved.type)")
        }
        let schema = self.schema
        return then("filter", outputSchema: schema) { _ in CalcOperator(predicate: resolved, projections: nil, outputSchema: schema) }
    }

    /// Computes new columns: `select(col("color"), (col("price") * 2).as("double_price"))`.
    public func select(_ items: [NamedExpr]) throws(SluiceError) -> DataStream {
        guard !items.isEmpty else { throw .invalidInput("select needs at least one column") }
        var projections: [PhysicalExpression] = []
        var fields: [Field] = []
        for item in items {
            let resolved = try item.expr.resolve(schema)
            if fields.contains(where: { $0.name.lowercased() == item.name.lowercased() }) {
                throw .invalidInput("select names two columns `\(item.name)`; give each a distinct name with .as(\"…\")")
            }
            projections.append(resolved)
            fields.append(Field(item.name, resolved.type))
        }
        let output = Schema(fields)
        let resolved = projections
        return then("select", outputSchema: output) { _ in CalcOperator(predicate: nil, projections: resolved, outputSchema: output) }
    }

    public func select(_ items: NamedExpr...) throws(SluiceError) -> DataStream { try select(items) }

    /// Keeps the named columns, in this order.
    public func select(columns: String...) throws(SluiceError) -> DataStream {
        try select(columns.map { col($0).as($0) })
    }

    /// Another name for `select`: a map over whole batches of expressions.
    public func map(_ items: NamedExpr...) throws(SluiceError) -> DataStream { try select(items) }

    /// Groups by key columns for `aggregate`; rows of one key meet in one subtask (hash edge).
    public func keyBy(_ columns: String...) throws(SluiceError) -> KeyedStream {
        guard !columns.isEmpty else { throw .invalidInput("keyBy needs at least one key column") }
        var keys: [Int] = []
        for c in columns { keys.append(try schema.requireIndex(of: c)) }
        return KeyedStream(input: self, keyColumns: keys)
    }

    /// The escape hatch: `body` sees every batch (its selection vector included) and returns the batch
    /// to emit (or nil for none), with schema `outputSchema`.
    public func process(outputSchema: Schema,
                        _ body: @escaping @Sendable (RecordBatch, ProcessContext) throws(SluiceError) -> RecordBatch?) -> DataStream {
        then("process", outputSchema: outputSchema) { _ in ProcessOperator(outputSchema: outputSchema, body) }
    }

    /// Per-row processing through a row view (convenience, not speed): `body` reads a row and emits
    /// any number of output rows of `outputSchema` through the collector.
    public func processRows(outputSchema: Schema,
                            _ body: @escaping @Sendable (RowView, RowCollector) throws(SluiceError) -> Void) -> DataStream {
        then("process-rows", outputSchema: outputSchema) { _ in RowProcessOperator(outputSchema: outputSchema, body) }
    }

    /// Spreads batches round-robin over the next operator's subtasks.
    public func rebalance() -> DataStream {
        DataStream(env: env, vertex: vertex, schema: schema, parallelism: parallelism, isChangelog: isChangelog,
                   partitioning: .rebalance)
    }

    /// Sends every batch to every subtask of the next operator.
    public func broadcast() -> DataStream {
        DataStream(env: env, vertex: vertex, schema: schema, parallelism: parallelism, isChangelog: isChangelog,
                   partitioning: .broadcast)
    }

    /// Merges streams of the same schema.
    public func union(_ others: DataStream...) throws(SluiceError) -> DataStream {
        for other in others where !other.schema.hasSameColumnTypes(as: schema) {
            throw .invalidInput("union needs streams of one schema, but \(schema) and \(other.schema) differ")
        }
        let all = [self] + others
        let p = env.parallelism
        let union = env.graph.addUnion(name: env.uniqueName("union"), parallelism: p, schema: schema, inputs: all.map(\.vertex))
        return DataStream(env: env, vertex: union, schema: schema, parallelism: p, isChangelog: all.contains { $0.isChangelog })
    }
}
