import SluiceColumnar

/// Source and sink connectors by their `'connector'` identifier.
public struct ConnectorRegistry: Sendable {
    private var sources: [String: any SourceConnector] = [:]
    private var sinks: [String: any SinkConnector] = [:]

    public init() {}

    /// The connectors Sluice ships: filesystem (CSV), datagen, nexmark, print, blackhole.
    public static let builtIn: ConnectorRegistry = {
        var r = ConnectorRegistry()
        r.register(source: FilesystemConnector())
        r.register(sink: FilesystemConnector())
        r.register(source: DatagenConnector())
        r.register(source: NexmarkConnector())
        r.register(sink: PrintConnector())
        r.register(sink: BlackholeConnector())
        return r
    }()

    public mutating func register(source: any SourceConnector) { sources[source.identifier.lowercased()] = source }
    public mutating func register(sink: any SinkConnector) { sinks[sink.identifier.lowercased()] = sink }

    public var sourceIdentifiers: [String] { sources.keys.sorted() }
    public var sinkIdentifiers: [String] { sinks.keys.sorted() }

    /// True when some source or sink has this identifier.
    public func knows(_ identifier: String) -> Bool {
        sources[identifier.lowercased()] != nil || sinks[identifier.lowercased()] != nil
    }

    /// The source connector of a table, or an error listing the source connectors.
    public func source(_ identifier: String, table: String) throws(SluiceError) -> any SourceConnector {
        if let s = sources[identifier.lowercased()] { return s }
        throw Self.unknown(identifier, table: table, role: "source", valid: sourceIdentifiers)
    }

    /// The sink connector of a table, or an error listing the sink connectors.
    public func sink(_ identifier: String, table: String) throws(SluiceError) -> any SinkConnector {
        if let s = sinks[identifier.lowercased()] { return s }
        throw Self.unknown(identifier, table: table, role: "sink", valid: sinkIdentifiers)
    }

    /// Checks a CREATE TABLE's options with every role its connector has.
    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        let id = options["connector"] ?? ""
        guard !id.isEmpty else {
            let all = Set(sourceIdentifiers + sinkIdentifiers).sorted().joined(separator: "', '")
            throw .invalidInput("table `\(options.table)` has no 'connector' option; add WITH ('connector' = '…') with one of '\(all)'")
        }
        guard knows(id) else {
            throw Self.unknown(id, table: options.table, role: "", valid: Set(sourceIdentifiers + sinkIdentifiers).sorted())
        }
        if !options.partitionKeys.isEmpty && !(sinks[id.lowercased()]?.supportsPartitioning ?? false) {
            throw .invalidInput("table `\(options.table)` is PARTITIONED BY (\(options.partitionKeys.joined(separator: ", "))), but the '\(id)' connector "
                + "does not partition; drop the clause, or use the 'filesystem' connector, which writes key=value directories")
        }
        if let s = sources[id.lowercased()] { try s.validate(options, schema: schema) }
        if let s = sinks[id.lowercased()] { try s.validate(options, schema: schema) }
    }

    private static func unknown(_ id: String, table: String, role: String, valid: [String]) -> SluiceError {
        var message = "unknown \(role.isEmpty ? "" : role + " ")connector '\(id)' for table `\(table)`"
        if let guess = NameSuggestion.closest(to: id, among: valid) { message += "; did you mean '\(guess)'?" }
        return .invalidInput(message + " (\(role.isEmpty ? "" : role + " ")connectors: '\(valid.joined(separator: "', '"))')")
    }
}
