import SluiceColumnar

/// The `WITH ('key' = 'value', …)` options of a table, with typed readers whose errors name the table,
/// the option and the accepted values.
public struct TableOptions: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: String)]
    /// The table the options belong to, for messages.
    public var table: String
    /// The table's `PARTITIONED BY` columns (not a `WITH` option, but connectors read it beside them).
    public var partitionKeys: [String] = []

    public init(_ options: [TableOption], table: String) {
        entries = options.map { ($0.key, $0.value) }
        self.table = table
    }

    public init(_ pairs: [(String, String)], table: String) {
        entries = pairs.map { (key: $0.0, value: $0.1) }
        self.table = table
    }

    public static func == (a: TableOptions, b: TableOptions) -> Bool {
        a.table == b.table && a.partitionKeys == b.partitionKeys && a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }

    public subscript(key: String) -> String? { entries.last { $0.key == key }?.value }

    public var keys: [String] { entries.map(\.key) }

    /// Fails on any key that is neither in `allowed` nor starts with one of `prefixes`, listing the valid keys.
    public func checkKeys(connector: String, allowed: [String], prefixes: [String] = []) throws(SluiceError) {
        let valid = ["connector"] + allowed
        for key in keys where !valid.contains(key) && !prefixes.contains(where: { key.hasPrefix($0) }) {
            var message = "unsupported option '\(key)' for connector '\(connector)' of table `\(table)`"
            if let guess = NameSuggestion.closest(to: key, among: valid) { message += "; did you mean '\(guess)'?" }
            let listed = (valid + prefixes.map { $0 + "…" }).joined(separator: "', '")
            throw .invalidInput(message + " (valid options: '\(listed)')")
        }
    }

    /// A required option's value.
    public func require(_ key: String, connector: String) throws(SluiceError) -> String {
        guard let value = self[key] else {
            throw .invalidInput("table `\(table)` with connector '\(connector)' needs the option '\(key)'")
        }
        return value
    }

    public func bool(_ key: String, default value: Bool) throws(SluiceError) -> Bool {
        guard let text = self[key] else { return value }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; use 'true' or 'false'")
        }
    }

    public func int(_ key: String) throws(SluiceError) -> Int? {
        guard let text = self[key] else { return nil }
        guard let n = Int(text.trimmingSpaces()) else {
            throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; it must be an integer")
        }
        return n
    }

    public func double(_ key: String) throws(SluiceError) -> Double? {
        guard let text = self[key] else { return nil }
        guard let n = Double(text.trimmingSpaces()) else {
            throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; it must be a number")
        }
        return n
    }

    /// A Flink duration ('10 s', '500 ms', '1 min', '2 h', or plain milliseconds) in microseconds.
    public func durationMicros(_ key: String) throws(SluiceError) -> Int64? {
        guard let text = self[key] else { return nil }
        do {
            return try SessionConfig.durationNanos(text, key: key) / 1_000
        } catch {
            throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; it must be a duration such as '10 s', '500 ms' or '1 min'")
        }
    }

    /// A Flink memory size ('128MB', '64 kb', '1gb', or plain bytes) in bytes.
    public func bytes(_ key: String) throws(SluiceError) -> Int? {
        guard let text = self[key] else { return nil }
        let trimmed = String(text.lowercased().filter { $0 != " " })
        let digits = trimmed.prefix { $0.isNumber }
        let scale: Int? = switch String(trimmed.dropFirst(digits.count)) {
        case "", "b", "bytes": 1
        case "k", "kb", "kibibytes": 1 << 10
        case "m", "mb", "mebibytes": 1 << 20
        case "g", "gb", "gibibytes": 1 << 30
        default: nil
        }
        guard let n = Int(digits), let scale, n > 0 else {
            throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; it must be a positive memory size such as '128MB' or '64kb'")
        }
        return n * scale
    }

    /// One of `choices` (case-insensitive), lower-cased.
    public func choice(_ key: String, _ choices: [String], default value: String) throws(SluiceError) -> String {
        guard let text = self[key] else { return value }
        guard choices.contains(text.lowercased()) else {
            throw .invalidInput("option '\(key)' of table `\(table)` is '\(text)'; valid values: \(choices.joined(separator: ", "))")
        }
        return text.lowercased()
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
