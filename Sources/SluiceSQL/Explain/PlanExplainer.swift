import SluiceColumnar
import SluiceRuntime

/// EXPLAIN text: the optimized logical plan as a tree with each node's changelog mode, then the physical
/// job: operators with parallelism and changelog mode, and the edges between them with their kind.
///
///     == Optimized Logical Plan ==
///     Calc(select=[color, $a0 AS EXPR$1]) changelog=[I]
///     +- Aggregate(groupBy=[color], select=[COUNT(*) AS $a0]) changelog=[I]
///        +- Calc(where=[(color <> 'orange')]) changelog=[I]
///           +- Scan(table=[events], fields=[color]) changelog=[I]
///
///     == Physical Plan ==
///     events          source     parallelism=2  changelog=[I]
///     ...
enum PlanExplainer {
    static func explain(_ job: SQLSession.PlannedJob, batch: Bool) -> String {
        var out = "== Optimized Logical Plan ==\n"
        if let sort = job.sort { out += sortLine(sort, job.optimized.schema) + " changelog=[I]\n" }
        logical(job.optimized, batch: batch, indent: job.sort == nil ? "" : "+- ", continuation: job.sort == nil ? "" : "   ", into: &out)
        out += "\n== Physical Plan ==\n"
        out += physical(job.planner.graph, updating: updatingVertices(job.planner.graph, batch: batch))
        return out
    }

    static func mode(_ updating: Bool) -> String { updating ? "changelog=[I,UB,UA]" : "changelog=[I]" }

    private static func logical(_ plan: LogicalPlan, batch: Bool, indent: String, continuation: String, into out: inout String) {
        out += indent + describe(plan) + " " + mode(plan.isUpdating(batch: batch)) + "\n"
        for child in plan.inputs {
            logical(child, batch: batch, indent: continuation + "+- ", continuation: continuation + "   ", into: &out)
        }
    }

    static func describe(_ plan: LogicalPlan) -> String {
        switch plan {
        case .scan(let n):
            let filters = n.filters.isEmpty ? "" : ", filter=[\(n.filters.map(\.description).joined(separator: " AND "))]"
            return "Scan(table=[\(n.table.name)], fields=[\(n.schema.names.joined(separator: ", "))]\(filters))"
        case .values(let n): return "Values(rows=\(n.rows.count), fields=[\(n.schema.names.joined(separator: ", "))])"
        case .calc(let n):
            var parts: [String] = []
            if let projections = n.projections {
                let items = zip(projections, n.schema.names).map { e, name in
                    let text = e.description
                    return text == name ? text : "\(text) AS \(name)"
                }
                parts.append("select=[\(items.joined(separator: ", "))]")
            }
            if let p = n.predicate { parts.append("where=[\(p)]") }
            return "Calc(\(parts.joined(separator: ", ")))"
        case .aggregate(let n):
            let input = n.input.schema
            let keys = n.keys.map { input[$0].name }
            let aggs = n.aggregates.enumerated().map { i, a in aggregateText(a, input) + " AS " + n.schema[n.keys.count + (n.window == nil ? 0 : 2) + i].name }
            if let w = n.window {
                return "WindowAggregate(window=[\(w.kind) on \(w.timeColumn)], groupBy=[\(keys.joined(separator: ", "))], select=[\(aggs.joined(separator: ", "))])"
            }
            return "Aggregate(groupBy=[\(keys.joined(separator: ", "))], select=[\(aggs.joined(separator: ", "))])"
        case .union(let n): return "Union(all=[true], inputs=\(n.inputs.count))"
        case .sort(let n): return sortLine(n, n.input.schema)
        }
    }

    static func aggregateText(_ a: AggregateSpec, _ input: Schema) -> String {
        let name = a.function == .countStar ? "COUNT" : a.function.rawValue
        let arg = a.input.map { (a.distinct ? "DISTINCT " : "") + input[$0].name } ?? "*"
        return name + "(" + arg + ")" + (a.filter.map { " FILTER (WHERE \(input[$0].name))" } ?? "")
    }

    static func sortLine(_ n: SortNode, _ schema: Schema) -> String {
        let keys = n.keys.map { schema[$0.column].name + ($0.ascending ? " ASC" : " DESC") }
        var text = "Sort(orderBy=[\(keys.joined(separator: ", "))]"
        if n.offset > 0 { text += ", offset=\(n.offset)" }
        if let l = n.limit { text += ", fetch=\(l)" }
        return text + ")"
    }

    /// Vertices whose output is an updating changelog: streaming aggregates (not their local phase,
    /// not window aggregates) and everything downstream of them.
    static func updatingVertices(_ graph: JobGraph, batch: Bool) -> Set<VertexID> {
        guard !batch else { return [] }
        var updating = Set<VertexID>()
        for v in graph.vertices {
            let producer = v.name.hasPrefix("aggregate") && !v.name.hasSuffix("-local")
            let fed = graph.edges.contains { $0.target == v.id && updating.contains($0.source) }
            if producer || fed { updating.insert(v.id) }
        }
        return updating
    }

    static func physical(_ graph: JobGraph, updating: Set<VertexID>) -> String {
        let width = max(12, graph.vertices.map(\.name.count).max() ?? 0)
        var out = ""
        for v in graph.vertices {
            let role = v.isSource ? "source" : graph.edges.contains(where: { $0.source == v.id }) ? "operator" : "sink"
            out += v.name.padding(width) + "  " + role.padding(8) + "  parallelism=\(v.parallelism)  " + mode(updating.contains(v.id)) + "\n"
        }
        out += "edges:\n"
        for e in graph.edges {
            out += "  \(graph[e.source].name) -> \(graph[e.target].name)  \(e.partitioning)\n"
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
