import SluiceColumnar

/// A dataflow job before it runs: vertices (operators with a parallelism) and edges between them.
///
/// Build it with `addSource`, `addOperator` and `connect`; `plan()` validates it and decides which
/// operators are chained into one task. The graph is a plain value: nothing runs until a
/// `JobExecutor` executes the plan.
public struct JobGraph: Sendable {
    public private(set) var vertices: [JobVertex] = []
    public private(set) var edges: [JobEdge] = []

    /// Default memory budget of an operator subtask: 64 MiB.
    public static let defaultMemoryBudget = 64 << 20

    public init() {}

    @discardableResult
    public mutating func addSource(
        name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
        memoryBudgetBytes: Int = JobGraph.defaultMemoryBudget,
        _ factory: @escaping @Sendable (SubtaskInfo) -> any SourceReader
    ) -> VertexID {
        add(name: name, uid: uid, parallelism: parallelism, inputSchemas: [], outputSchema: schema,
            kind: .source(factory), memoryBudgetBytes: memoryBudgetBytes)
    }

    /// Adds an operator; `inputSchemas[i]` is what input `i` expects.
    @discardableResult
    public mutating func addOperator(
        name: String, uid: String? = nil, parallelism: Int = 1, inputSchemas: [Schema], outputSchema: Schema,
        memoryBudgetBytes: Int = JobGraph.defaultMemoryBudget,
        _ factory: @escaping @Sendable (SubtaskInfo) -> any Operator
    ) -> VertexID {
        add(name: name, uid: uid, parallelism: parallelism, inputSchemas: inputSchemas, outputSchema: outputSchema,
            kind: .operator(factory), memoryBudgetBytes: memoryBudgetBytes)
    }

    /// Adds a single-input operator whose output schema is its input schema (filters, sinks).
    @discardableResult
    public mutating func addOperator(
        name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
        memoryBudgetBytes: Int = JobGraph.defaultMemoryBudget,
        _ factory: @escaping @Sendable (SubtaskInfo) -> any Operator
    ) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, inputSchemas: [schema], outputSchema: schema,
                    memoryBudgetBytes: memoryBudgetBytes, factory)
    }

    /// Connects `source`'s output to input `input` of `target`.
    public mutating func connect(_ source: VertexID, _ target: VertexID, _ partitioning: Partitioning = .forward, input: Int = 0) {
        edges.append(JobEdge(source: source, target: target, partitioning: partitioning, input: input))
    }

    public subscript(id: VertexID) -> JobVertex { vertices[id.rawValue] }

    /// The vertex called `name`, if any (first match).
    public func vertex(named name: String) -> JobVertex? { vertices.first { $0.name == name } }

    func inputEdges(of id: VertexID) -> [JobEdge] { edges.filter { $0.target == id } }
    func outputEdges(of id: VertexID) -> [JobEdge] { edges.filter { $0.source == id } }

    private mutating func add(name: String, uid: String?, parallelism: Int, inputSchemas: [Schema],
                              outputSchema: Schema, kind: JobVertex.Kind, memoryBudgetBytes: Int) -> VertexID {
        let id = VertexID(vertices.count)
        vertices.append(JobVertex(id: id, name: name, uid: uid ?? name, parallelism: parallelism,
                                  inputSchemas: inputSchemas, outputSchema: outputSchema, kind: kind,
                                  memoryBudgetBytes: memoryBudgetBytes))
        return id
    }
}
