import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// `'connector' = 'filesystem'`: a bounded source over a file or a directory of files (read
/// recursively, in parallel byte-range splits, only the needed columns parsed), and an append-only
/// sink writing one output directory of part files; both in `'format' = 'csv'` or `'json'` (JSON
/// Lines), as Flink's filesystem connector.
///
/// A table `PARTITIONED BY (k, …)` keeps its rows in `k=value/…` directories without the partition
/// columns. Its sink writes them through `PartitionedFileWriter`s and a `PartitionCommitter`
/// (rolling policy, partition-commit trigger and success file, per the `sink.*` options below); its
/// source reads the values back from the paths.
///
/// Options: `path` (required; a `file://` prefix is accepted), `format`; for csv `csv.field-delimiter`,
/// `csv.quote-character`, `csv.null-literal`, `csv.ignore-parse-errors`, `csv.header` (default true);
/// for json `json.ignore-parse-errors`, `json.fail-on-missing-field`, `json.timestamp-format.standard`
/// (SQL, ISO-8601), `json.encode.ignore-null-fields`; for partitioned sinks `sink.rolling-policy.file-size`,
/// `sink.rolling-policy.rollover-interval`, `sink.rolling-policy.inactivity-interval`,
/// `sink.rolling-policy.check-interval` (accepted; files are checked on every batch and watermark),
/// `sink.partition-commit.trigger` (process-time, partition-time), `sink.partition-commit.delay`,
/// `sink.partition-commit.policy.kind` (success-file), `sink.partition-commit.success-file.name`,
/// `partition.time-extractor.timestamp-pattern`, `partition.time-extractor.timestamp-formatter`
/// (`yyyy-MM-dd HH:mm:ss` only), `sink.partition-commit.watermark-time-zone` (UTC only).
struct FilesystemConnector: SourceConnector, SinkConnector {
    var identifier: String { "filesystem" }
    var supportsProjection: Bool { true }
    var acceptsUpdates: Bool { false }
    var supportsPartitioning: Bool { true }

    static let formatKeys: [String: [String]] = [
        "csv": ["csv.field-delimiter", "csv.quote-character", "csv.null-literal", "csv.ignore-parse-errors", "csv.header"],
        "json": ["json.ignore-parse-errors", "json.fail-on-missing-field", "json.timestamp-format.standard",
                 "json.encode.ignore-null-fields"],
    ]
    static let sinkKeys = ["sink.rolling-policy.file-size", "sink.rolling-policy.rollover-interval",
                           "sink.rolling-policy.inactivity-interval", "sink.rolling-policy.check-interval",
                           "sink.partition-commit.trigger", "sink.partition-commit.delay", "sink.partition-commit.policy.kind",
                           "sink.partition-commit.success-file.name", "partition.time-extractor.timestamp-pattern",
                           "partition.time-extractor.timestamp-formatter", "partition.time-extractor.kind",
                           "sink.partition-commit.watermark-time-zone"]

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        let format = try options.require("format", connector: identifier).lowercased()
        guard let formatKeys = Self.formatKeys[format] else {
            throw .invalidInput("unknown format '\(options["format"]!)' for table `\(options.table)` (formats: 'csv', 'json')")
        }
        try options.checkKeys(connector: identifier, allowed: ["path", "format"] + formatKeys + Self.sinkKeys)
        _ = try Self.path(options)
        if format == "csv" {
            for field in schema.fields {
                if case .row = field.type {
                    throw .unsupported("column `\(field.name)` of table `\(options.table)` is a ROW, which the csv format cannot hold; flatten it into columns or use 'format' = 'json'")
                }
            }
        }
        try fileFormat(options).validate()
        if !options.partitionKeys.isEmpty { _ = try partitionSettings(options, exactlyOnce: false) }
    }

    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool { true }

    func fileFormat(_ options: TableOptions) throws(SluiceError) -> FileFormat {
        switch (options["format"] ?? "csv").lowercased() {
        case "json":
            var json = JSONOptions()
            json.ignoreParseErrors = try options.bool("json.ignore-parse-errors", default: false)
            json.failOnMissingField = try options.bool("json.fail-on-missing-field", default: false)
            json.ignoreNullFields = try options.bool("json.encode.ignore-null-fields", default: false)
            let standard = try options.choice("json.timestamp-format.standard", ["sql", "iso-8601"], default: "sql")
            json.timestampFormat = standard == "sql" ? .sql : .iso8601
            return .json(json)
        default:
            return .csv(try csvOptions(options))
        }
    }

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

    /// The `path` option without a `file://` scheme.
    static func path(_ options: TableOptions) throws(SluiceError) -> String {
        let path = try options.require("path", connector: "filesystem")
        if path.hasPrefix("file://") { return String(path.dropFirst("file://".count)) }
        if let colon = path.firstIndex(of: ":"), path[..<colon].allSatisfy({ $0.isLetter }), path[colon...].hasPrefix("://") {
            throw .unsupported("path '\(path)' of table `\(options.table)` uses the scheme '\(path[..<colon])'; Sluice reads and writes local files (a plain path or file://)")
        }
        return path
    }

    func partitionSettings(_ options: TableOptions, exactlyOnce: Bool) throws(SluiceError) -> PartitionedSinkSettings {
        var commit = PartitionCommitPolicy()
        let trigger = try options.choice("sink.partition-commit.trigger", PartitionCommitPolicy.Trigger.allCases.map(\.rawValue),
                                         default: "process-time")
        commit.trigger = PartitionCommitPolicy.Trigger(rawValue: trigger)!
        commit.delayMicros = try options.durationMicros("sink.partition-commit.delay") ?? 0
        commit.timestampPattern = options["partition.time-extractor.timestamp-pattern"]
        if let kinds = options["sink.partition-commit.policy.kind"] {
            for kind in kinds.split(separator: ",").map({ String($0).trimmingSpaces() }) {
                switch kind.lowercased() {
                case "success-file": commit.successFileName = options["sink.partition-commit.success-file.name"] ?? "_SUCCESS"
                case "metastore", "custom":
                    throw .unsupported("'sink.partition-commit.policy.kind' = '\(kind)' of table `\(options.table)`: Sluice has no metastore and no custom commit policies; use 'success-file'")
                default:
                    throw .invalidInput("'sink.partition-commit.policy.kind' of table `\(options.table)` lists '\(kind)'; valid kinds: success-file")
                }
            }
        }
        if let formatter = options["partition.time-extractor.timestamp-formatter"], formatter != "yyyy-MM-dd HH:mm:ss" {
            throw .unsupported("'partition.time-extractor.timestamp-formatter' = '\(formatter)' of table `\(options.table)`: only 'yyyy-MM-dd HH:mm:ss' is supported; spell the time that way with 'partition.time-extractor.timestamp-pattern'")
        }
        if let kind = options["partition.time-extractor.kind"], kind.lowercased() != "default" {
            throw .unsupported("'partition.time-extractor.kind' = '\(kind)' of table `\(options.table)`: only 'default' is supported")
        }
        if let zone = options["sink.partition-commit.watermark-time-zone"], zone.uppercased() != "UTC" {
            throw .unsupported("'sink.partition-commit.watermark-time-zone' = '\(zone)' of table `\(options.table)`: watermarks are compared in UTC; use 'UTC'")
        }
        var settings = PartitionedSinkSettings(directory: try Self.path(options), partitionKeys: options.partitionKeys,
                                               format: try fileFormat(options), commit: commit, exactlyOnce: exactlyOnce)
        if let size = try options.bytes("sink.rolling-policy.file-size") { settings.rollingFileSize = size }
        if let t = try options.durationMicros("sink.rolling-policy.rollover-interval") { settings.rolloverIntervalMicros = t }
        if let t = try options.durationMicros("sink.rolling-policy.inactivity-interval") { settings.inactivityIntervalMicros = t }
        _ = try options.durationMicros("sink.rolling-policy.check-interval")
        return settings
    }

    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let projection = request.projection == Array(0..<request.schema.count) ? nil : request.projection
        return graph.addFileSource(name: request.name, parallelism: request.parallelism, path: try Self.path(request.options),
                                   schema: request.schema, format: try fileFormat(request.options),
                                   partitionKeys: request.options.partitionKeys, projection: projection)
    }

    func addSink(_ request: SinkRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let path = try Self.path(request.options)
        let format = try fileFormat(request.options)
        if !request.options.partitionKeys.isEmpty {
            return try graph.addPartitionedFileSink(name: request.name, uid: request.name, parallelism: request.parallelism,
                                                    schema: request.schema,
                                                    settings: partitionSettings(request.options, exactlyOnce: request.exactlyOnce))
        }
        if request.exactlyOnce {
            return graph.addTransactionalFileSink(name: request.name, uid: request.name, parallelism: request.parallelism,
                                                  schema: request.schema, directory: path, format: format)
        }
        return graph.addFileSink(name: request.name, parallelism: request.parallelism, schema: request.schema,
                                 directory: path, format: format)
    }
}
