import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// `'connector' = 'print'`: every row with its kind (`+I[…]`, `-U[…]`), prefixed by `print-identifier`
/// and the subtask as Flink prints them. Takes updates.
struct PrintConnector: SinkConnector {
    var identifier: String { "print" }
    var acceptsUpdates: Bool { true }

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        try options.checkKeys(connector: identifier, allowed: ["print-identifier", "standard-error", "sink.parallelism"])
    }

    func addSink(_ request: SinkRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        graph.addPrintSink(name: request.name, parallelism: request.parallelism, schema: request.schema,
                           identifier: request.options["print-identifier"], write: request.write)
    }
}

/// `'connector' = 'blackhole'`: discards every row (for throughput runs). Takes updates.
struct BlackholeConnector: SinkConnector {
    var identifier: String { "blackhole" }
    var acceptsUpdates: Bool { true }

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        try options.checkKeys(connector: identifier, allowed: [])
    }

    func addSink(_ request: SinkRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        graph.addBlackholeSink(name: request.name, parallelism: request.parallelism, schema: request.schema)
    }
}
