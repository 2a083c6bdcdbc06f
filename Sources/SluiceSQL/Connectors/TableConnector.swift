import SluiceColumnar
import SluiceRuntime
import SluiceConnectors

/// What the planner asks a source connector for: read `projection` of the table's physical columns.
public struct SourceRequest: Sendable {
    public var table: String
    public var options: TableOptions
    /// The table's physical columns.
    public var schema: Schema
    /// Indices into `schema` to read, in this order; the connector honours it when it
    /// `supportsProjection`, otherwise it emits `schema` whole.
    public var projection: [Int]
    public var parallelism: Int
    public var batch: Bool
    /// The vertex name to use.
    public var name: String
    /// Conjuncts the connector accepted in `acceptsFilter` (over `schema`): it must emit only rows
    /// for which all of them are TRUE.
    public var filters: [PhysicalExpression] = []
}

/// What the planner asks a sink connector for: write rows of `schema` from `input`.
public struct SinkRequest: Sendable {
    public var table: String
    public var options: TableOptions
    public var schema: Schema
    public var parallelism: Int
    public var name: String
    /// Where text sinks (print) write; nil is standard output.
    public var write: PrintSink.Write?
    /// The job takes checkpoints: a sink that can stage its output per checkpoint should (the
    /// filesystem sink then commits files when checkpoints complete, exactly once).
    public var exactlyOnce = false
}

/// A connector that reads a table: one per `'connector'` value.
///
/// Registering a new source is one file: a type conforming to this protocol, added to a
/// `ConnectorRegistry` (see `ConnectorRegistry.builtIn`, or `SQLSession.connectors.register`).
public protocol SourceConnector: Sendable {
    /// The value of the `'connector'` option that selects it.
    var identifier: String { get }
    /// True when the source can read only some columns (the planner pushes projections into it).
    var supportsProjection: Bool { get }
    /// Checks the options against the table's physical schema (unknown options, required ones, types).
    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError)
    /// True when the source ends by itself (batch mode requires it).
    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool
    /// Adds the source vertex and returns it.
    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID
    /// True when the source can apply `conjunct` (a BOOLEAN expression over the table's physical
    /// columns) itself, exactly, so the planner drops it from the Calc above the scan. A source that
    /// generates several kinds of rows can use it to produce only the rows a query asks for.
    func acceptsFilter(_ conjunct: PhysicalExpression, options: TableOptions, schema: Schema) -> Bool
}

extension SourceConnector {
    public func acceptsFilter(_ conjunct: PhysicalExpression, options: TableOptions, schema: Schema) -> Bool { false }
}

extension SinkConnector {
    public var supportsPartitioning: Bool { false }
}

/// A connector that writes a table.
public protocol SinkConnector: Sendable {
    var identifier: String { get }
    /// False for sinks that can only append (files): the planner rejects an updating input.
    var acceptsUpdates: Bool { get }
    /// True when the sink writes tables `PARTITIONED BY` some columns (`TableOptions.partitionKeys`).
    var supportsPartitioning: Bool { get }
    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError)
    /// Adds the sink vertex fed by `input` (the planner connects it) and returns it.
    func addSink(_ request: SinkRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID
}
