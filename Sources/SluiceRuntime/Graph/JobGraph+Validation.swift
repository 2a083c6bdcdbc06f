import SluiceColumnar

extension JobGraph {
    /// Checks the graph and throws the first problem as a `.plan` error that names the vertices
    /// involved and says how to fix it.
    public func validate() throws(SluiceError) {
        _ = try resolvedEdges()
    }

    /// Validates the graph and returns its edges with hash keys resolved to column indices.
    func resolvedEdges() throws(SluiceError) -> [ExecutionPlan.Edge] {
        guard !vertices.isEmpty else { throw SluiceError(.plan, "the job graph is empty; add a source") }
        try checkVertices()
        try checkCycles()
        var resolved: [ExecutionPlan.Edge] = []
        for edge in edges {
            resolved.append(try resolve(edge))
        }
        return resolved
    }

    private func checkVertices() throws(SluiceError) {
        var uids: [String: String] = [:]
        for v in vertices {
            guard v.parallelism >= 1 else {
                throw SluiceError(.plan, "operator `\(v.name)` has parallelism \(v.parallelism); it must be at least 1")
            }
            if let other = uids[v.uid] {
                throw SluiceError(.plan, "operators `\(other)` and `\(v.name)` share the uid `\(v.uid)`; uids must be unique")
            }
            uids[v.uid] = v.name
            let inputs = inputEdges(of: v.id)
            if v.isSource, !inputs.isEmpty {
                throw SluiceError(.plan, "source `\(v.name)` cannot have inputs, but `\(self[inputs[0].source].name)` is connected to it")
            }
            if !v.isSource, inputs.isEmpty {
                throw SluiceError(.plan, "operator `\(v.name)` has no input; connect a source or another operator to it")
            }
        }
        for edge in edges {
            for id in [edge.source, edge.target] where !vertices.indices.contains(id.rawValue) {
                throw SluiceError(.plan, "an edge refers to vertex \(id), which is not in this graph")
            }
        }
    }

    /// Finds a cycle with a depth-first search and names its vertices in order.
    private func checkCycles() throws(SluiceError) {
        var color = [UInt8](repeating: 0, count: vertices.count)  // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ v: Int) -> [Int]? {
            color[v] = 1
            stack.append(v)
            for edge in edges where edge.source.rawValue == v {
                let w = edge.target.rawValue
                if color[w] == 1 {
                    return Array(stack[stack.lastIndex(of: w)!...]) + [w]
                }
                if color[w] == 0, let cycle = visit(w) { return cycle }
            }
            stack.removeLast()
            color[v] = 2
            return nil
        }
        for v in vertices.indices where color[v] == 0 {
            if let cycle = visit(v) {
                let names = cycle.map { "`\(vertices[$0].name)`" }.joined(separator: " → ")
                throw SluiceError(.plan, "the job graph has a cycle: \(names); dataflow edges must not loop back")
            }
        }
    }

    private func resolve(_ edge: JobEdge) throws(SluiceError) -> ExecutionPlan.Edge {
        let from = self[edge.source], to = self[edge.target]
        guard edge.input >= 0, edge.input < to.inputSchemas.count else {
            throw SluiceError(.plan, "edge `\(from.name)` → `\(to.name)` targets input \(edge.input), but `\(to.name)` has "
                + "\(to.inputSchemas.count) input\(to.inputSchemas.count == 1 ? "" : "s") (0..<\(to.inputSchemas.count))")
        }
        let expected = to.inputSchemas[edge.input]
        guard from.outputSchema == expected else {
            throw SluiceError(.plan, "schema mismatch on edge `\(from.name)` → `\(to.name)`: `\(from.name)` produces "
                + "\(from.outputSchema) but `\(to.name)` expects \(expected) on input \(edge.input)")
        }
        switch edge.partitioning {
        case .forward:
            guard from.parallelism == to.parallelism else {
                throw SluiceError(.plan, "forward edge `\(from.name)` (parallelism \(from.parallelism)) → `\(to.name)` "
                    + "(parallelism \(to.parallelism)) connects different parallelisms; use rebalance (or hash by key) "
                    + "to redistribute, or give both the same parallelism")
            }
            return .init(source: edge.source, target: edge.target, partitioning: .forward, input: edge.input)
        case .rebalance:
            return .init(source: edge.source, target: edge.target, partitioning: .rebalance, input: edge.input)
        case .broadcast:
            return .init(source: edge.source, target: edge.target, partitioning: .broadcast, input: edge.input)
        case .hash(let keys, let maxParallelism):
            let indices = try resolveKeys(keys, of: from, edgeTo: to)
            guard maxParallelism >= to.parallelism else {
                throw SluiceError(.plan, "hash edge `\(from.name)` → `\(to.name)` has maxParallelism \(maxParallelism), "
                    + "below the parallelism \(to.parallelism) of `\(to.name)`; raise maxParallelism (default 128)")
            }
            return .init(source: edge.source, target: edge.target,
                         partitioning: .hash(keyColumns: indices, maxParallelism: maxParallelism), input: edge.input)
        }
    }

    private func resolveKeys(_ keys: [KeyColumn], of from: JobVertex, edgeTo to: JobVertex) throws(SluiceError) -> [Int] {
        let schema = from.outputSchema
        let columns = schema.names.joined(separator: ", ")
        guard !keys.isEmpty else {
            throw SluiceError(.plan, "hash edge `\(from.name)` → `\(to.name)` has no key columns; name at least one (columns: \(columns))")
        }
        var indices: [Int] = []
        for key in keys {
            switch key {
            case .index(let i):
                guard i >= 0, i < schema.count else {
                    throw SluiceError(.plan, "hash key column #\(i) on edge `\(from.name)` → `\(to.name)` is out of range: "
                        + "`\(from.name)` produces \(schema.count) column\(schema.count == 1 ? "" : "s") (columns: \(columns))",
                        context: .init(fieldIndex: i))
                }
                indices.append(i)
            case .name(let name):
                guard let i = schema.index(of: name) else {
                    var message = "hash key column `\(name)` on edge `\(from.name)` → `\(to.name)` is not in the output of `\(from.name)`"
                    if let guess = NameSuggestion.closest(to: name, among: schema.names) { message += "; did you mean `\(guess)`?" }
                    throw SluiceError(.plan, message + " (columns: \(columns))", context: .init(column: name))
                }
                indices.append(i)
            }
        }
        return indices
    }
}
