import Testing
import SluiceColumnar
import SluiceRuntime
import SluiceOperators
@testable import SluiceSQL

/// A source registered by name from outside SluiceSQL, as the nexmark connector will be: it reads
/// `'rows'` integers 0..<rows in column `n` (with `kind` = n % 3) and applies `kind = <literal>` filters itself.
struct CountingConnector: SourceConnector {
    var identifier: String { "counting" }
    var supportsProjection: Bool { false }

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        try options.checkKeys(connector: identifier, allowed: ["rows"])
        guard schema.names == ["n", "kind"] else { throw .invalidInput("counting tables have columns (n BIGINT, kind BIGINT)") }
    }

    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool { true }

    func acceptsFilter(_ conjunct: PhysicalExpression, options: TableOptions, schema: Schema) -> Bool {
        guard case .call(let f, let args) = conjunct, f.name == "=", args.count == 2,
              case .column(1, _, _) = args[0], case .literal = args[1] else { return false }
        return true
    }

    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let rows = try request.options.int("rows") ?? 0
        let n = (0..<rows).map { Int64($0) }
        let batch = try RecordBatch(schema: request.schema, columns: [Column.int64(n), Column.int64(n.map { $0 % 3 })])
        let source = graph.addBatchSource(name: request.name, parallelism: 1, schema: request.schema, batches: [batch])
        guard let first = request.filters.first else { return source }
        var predicate = first
        for f in request.filters.dropFirst() { predicate = try .call("and", [predicate, f]) }
        return try graph.addCalc(name: request.name + "-filter", input: source, predicate: predicate)
    }
}

@Suite("Source connectors registered by name")
struct SourceConnectorTests {
    func session() throws -> SQLSession {
        let s = SQLSession(parallelism: 1, workers: 1)
        s.catalog.connectors.register(source: CountingConnector())
        try s.config.set("execution.runtime-mode", "batch")
        _ = try s.execute(script: "CREATE TABLE c (n BIGINT, kind BIGINT) WITH ('connector' = 'counting', 'rows' = '30')")
        return s
    }

    @Test("a registered source is planned and its accepted filters move into the scan")
    func filterPushdown() throws {
        let s = try session()
        let q = "SELECT n FROM c WHERE kind = 2 AND n > 10"
        let plan = try s.execute(script: "EXPLAIN " + q)[0].message
        #expect(plan.contains("Scan(table=[c], fields=[n, kind], filter=[(kind = 2)])"))
        #expect(plan.contains("Calc(select=[n], where=[(n > 10)])"))
        let rows = try s.execute(script: q)[0].rows.map { $0[0] }
        #expect(rows == [11, 14, 17, 20, 23, 26, 29].map { Value.int($0) })
    }

    @Test("a view selecting one kind pushes its filter into the source")
    func viewPushdown() throws {
        let s = try session()
        _ = try s.execute(script: "CREATE VIEW twos AS SELECT n FROM c WHERE kind = 2")
        #expect(try s.execute(script: "EXPLAIN SELECT COUNT(*) FROM twos")[0].message.contains("filter=[(kind = 2)]"))
        #expect(try s.execute(script: "SELECT COUNT(*) FROM twos")[0].rows == [[.int(10)]])
    }
}
