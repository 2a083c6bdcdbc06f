import SluiceColumnar

/// A validated job graph cut into chains: what actually runs.
///
/// Chaining rule: an edge `u → v` is chained (a direct call, no channel) when it is forward, both
/// have the same parallelism, it is `u`'s only output and `v`'s only input. Each chain becomes one
/// task per subtask; every other edge becomes channels between task subtasks (one per subtask pair
/// for forward, all-to-all for hash, rebalance and broadcast).
public struct ExecutionPlan: Sendable {
    /// An edge with hash keys resolved to column indices of the producer's output.
    public struct Edge: Sendable, Equatable {
        public enum Partitioning: Sendable, Equatable {
            case forward
            case hash(keyColumns: [Int], maxParallelism: Int)
            case rebalance
            case broadcast
        }
        public var source: VertexID
        public var target: VertexID
        public var partitioning: Partitioning
        public var input: Int
    }

    /// Operators fused into one task, head first.
    public struct Chain: Sendable, Equatable {
        public var vertices: [VertexID]
        public var parallelism: Int
        public var head: VertexID { vertices[0] }
        public var tail: VertexID { vertices[vertices.count - 1] }
    }

    public let graph: JobGraph
    /// Chains in topological order (producers before consumers).
    public let chains: [Chain]
    /// Edges that cross between chains (through channels).
    public let networkEdges: [Edge]
    /// Edges fused inside chains.
    public let chainedEdges: [Edge]

    /// Validates `graph` and cuts it into chains; `chaining: false` gives every operator its own task.
    public init(_ graph: JobGraph, chaining: Bool = true) throws(SluiceError) {
        let edges = try graph.resolvedEdges()
        self.graph = graph
        func chainable(_ e: Edge) -> Bool {
            chaining && e.partitioning == .forward
                && graph[e.source].parallelism == graph[e.target].parallelism
                && edges.count(where: { $0.source == e.source }) == 1
                && edges.count(where: { $0.target == e.target }) == 1
        }
        chainedEdges = edges.filter(chainable)
        networkEdges = edges.filter { !chainable($0) }
        var chains: [Chain] = []
        for id in Self.topologicalOrder(graph, edges) where !chainedEdges.contains(where: { $0.target == id }) {
            var members = [id]
            while let next = chainedEdges.first(where: { $0.source == members.last! }) { members.append(next.target) }
            chains.append(Chain(vertices: members, parallelism: graph[id].parallelism))
        }
        self.chains = chains
    }

    /// The index in `chains` of the chain that holds `vertex`.
    public func chainIndex(of vertex: VertexID) -> Int {
        chains.firstIndex { $0.vertices.contains(vertex) }!
    }

    /// Chains as names, e.g. `["source -> filter", "count"]`: what tests and EXPLAIN show.
    public var chainNames: [String] {
        chains.map { $0.vertices.map { graph[$0].name }.joined(separator: " -> ") }
    }

    /// Kahn's order, ties broken by vertex id so the plan is deterministic. The graph is acyclic here.
    private static func topologicalOrder(_ graph: JobGraph, _ edges: [Edge]) -> [VertexID] {
        var indegree = [Int](repeating: 0, count: graph.vertices.count)
        for e in edges { indegree[e.target.rawValue] += 1 }
        var ready = graph.vertices.indices.filter { indegree[$0] == 0 }
        var order: [VertexID] = []
        while !ready.isEmpty {
            ready.sort()
            let v = ready.removeFirst()
            order.append(VertexID(v))
            for e in edges where e.source.rawValue == v {
                indegree[e.target.rawValue] -= 1
                if indegree[e.target.rawValue] == 0 { ready.append(e.target.rawValue) }
            }
        }
        return order
    }
}

extension JobGraph {
    /// Validates the graph and cuts it into chains.
    public func plan(chaining: Bool = true) throws(SluiceError) -> ExecutionPlan {
        try ExecutionPlan(self, chaining: chaining)
    }
}
