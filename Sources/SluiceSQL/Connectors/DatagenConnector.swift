import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// `'connector' = 'datagen'`: generated rows, as Flink's datagen connector names its options:
/// `rows-per-second`, `number-of-rows` (unbounded without it, unless a sequence ends),
/// `fields.<column>.kind` (`random` or `sequence`), `fields.<column>.min` / `.max` / `.length` for
/// random values, `fields.<column>.start` / `.end` for sequences.
struct DatagenConnector: SourceConnector {
    var identifier: String { "datagen" }
    var supportsProjection: Bool { false }

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        try options.checkKeys(connector: identifier, allowed: ["rows-per-second", "number-of-rows"], prefixes: ["fields."])
        try datagenOptions(options, schema: schema).validate(schema)
    }

    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool {
        if try options.int("number-of-rows") != nil { return true }
        return options.keys.contains { $0.hasPrefix("fields.") && $0.hasSuffix(".kind") && options[$0]?.lowercased() == "sequence" }
    }

    func datagenOptions(_ options: TableOptions, schema: Schema) throws(SluiceError) -> DatagenOptions {
        var fields: [String: DatagenKind] = [:]
        let fieldKeys = ["kind", "min", "max", "length", "start", "end"]
        for key in options.keys where key.hasPrefix("fields.") {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, fieldKeys.contains(parts[2]) else {
                throw .invalidInput("unsupported option '\(key)' for connector 'datagen' of table `\(options.table)`; per-column options are 'fields.<column>.\(fieldKeys.joined(separator: "|"))'")
            }
            guard let index = schema.index(of: parts[1]) else {
                throw .invalidInput("option '\(key)' of table `\(options.table)` names `\(parts[1])`, which is not a column (columns: \(schema.names.joined(separator: ", ")))")
            }
            let column = schema[index].name
            guard fields[column] == nil else { continue }
            fields[column] = try kind(column: parts[1], options)
        }
        let rate = try options.double("rows-per-second")
        return DatagenOptions(fields: fields, rowsPerSecond: rate, rowsTotal: try options.int("number-of-rows"))
    }

    private func kind(column: String, _ options: TableOptions) throws(SluiceError) -> DatagenKind {
        let prefix = "fields.\(column)."
        let kind = try options.choice(prefix + "kind", ["random", "sequence"], default: "random")
        if kind == "sequence" {
            guard let start = try options.int(prefix + "start"), let end = try options.int(prefix + "end") else {
                throw .invalidInput("datagen sequence column `\(column)` of table `\(options.table)` needs '\(prefix)start' and '\(prefix)end'")
            }
            return .sequence(start: Int64(start), end: Int64(end))
        }
        return .random(min: try options.double(prefix + "min") ?? 0, max: try options.double(prefix + "max") ?? 1000,
                       length: try options.int(prefix + "length") ?? 10)
    }

    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let options = try datagenOptions(request.options, schema: request.schema)
        if request.batch && options.totalRows(request.schema) == nil {
            throw SluiceError(.plan, "table `\(request.table)` (datagen) is unbounded but the job runs in batch mode; set 'number-of-rows', or run in streaming mode (SET 'execution.runtime-mode' = 'streaming')")
        }
        return graph.addDatagenSource(name: request.name, parallelism: request.parallelism, schema: request.schema, options: options)
    }
}
