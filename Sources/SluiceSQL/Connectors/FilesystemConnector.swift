import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// `'connector' = 'filesystem'` with `'format' = 'csv'`: a bounded source over one CSV file (read in
/// parallel byte-range splits, only the needed columns parsed), and an append-only sink writing one
/// output directory of part files (`part-<subtask>.csv`).
///
/// Options: `path` (required), `format` (`csv`), `csv.field-delimiter`, `csv.quote-character`,
/// `csv.null-literal`, `csv.ignore-parse-errors` (skip and count bad lines), `csv.header` (the first
/// line is a header: skipped when reading, written when writing; default true).
struct FilesystemConnector: SourceConnector, SinkConnector {
    var identifier: String { "filesystem" }
    var supportsProjection: Bool { true }
    var acceptsUpdates: Bool { false }

    static let keys = ["path", "format", "csv.field-delimiter", "csv.quote-character", "csv.null-literal",
                       "csv.ignore-parse-errors", "csv.header"]

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        try options.checkKeys(connector: identifier, allowed: Self.keys)
        _ = try options.require("path", connector: identifier)
        let format = try options.require("format", connector: identifier)
        guard format.lowercased() == "csv" else {
            if format.lowercased() == "json" {
                throw .unsupported("format 'json' of table `\(options.table)` is valid Flink SQL but not supported by Sluice yet; use 'csv'")
            }
            throw .invalidInput("unknown format '\(format)' for table `\(options.table)` (formats: 'csv')")
        }
        for field in schema.fields {
            if case .row = field.type {
                throw .unsupported("column `\(field.name)` of table `\(options.table)` is a ROW, which the csv format cannot hold; flatten it into columns")
            }
        }
        try csvOptions(options).validate()
    }

    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool { true }

    func csvOptions(_ options: TableOptions) throws(SluiceError) -> CSVOptions {
        var csv = CSVOptions()
        csv.hasHeader = try options.bool("csv.header", default: true)
        csv.ignoreParseErrors = try options.bool("csv.ignore-parse-errors", default: false)
        csv.nullLiteral = options["csv.null-literal"]
        if let d = options["csv.field-delimiter"] { csv.delimiter = try Self.byte(d, "csv.field-delimiter", options) }
        if let q = options["csv.quote-character"] { csv.quote = try Self.byte(q, "csv.quote-character", options) }
        return csv
    }

    private static func byte(_ text: String, _ key: String, _ options: TableOptions) throws(SluiceError) -> UInt8 {
        let value = text == "\\t" ? "\t" : text
        guard value.utf8.count == 1, let b = value.utf8.first else {
            throw .invalidInput("option '\(key)' of table `\(options.table)` is '\(text)'; it must be one ASCII character")
        }
        return b
    }

    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        var csv = try csvOptions(request.options)
        if request.projection != Array(0..<request.schema.count) { csv.projection = request.projection }
        let path = try request.options.require("path", connector: identifier)
        return graph.addCSVSource(name: request.name, parallelism: request.parallelism, path: path,
                                  schema: request.schema, options: csv)
    }

    func addSink(_ request: SinkRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let path = try request.options.require("path", connector: identifier)
        if request.exactlyOnce {
            return graph.addTransactionalFileSink(name: request.name, uid: request.name, parallelism: request.parallelism,
                                                  schema: request.schema, directory: path, options: try csvOptions(request.options))
        }
        return graph.addCSVFileSink(name: request.name, parallelism: request.parallelism, schema: request.schema,
                                    directory: path, options: try csvOptions(request.options))
    }
}
