extension DataType {
    /// Parses a type as Flink SQL writes it: `INT`, `BIGINT NOT NULL` (the nullability is returned
    /// separately), `DECIMAL(10, 2)`, `VARCHAR(20)`, `TIMESTAMP(3)`, `TIMESTAMP_LTZ(3)`, `STRING`.
    public static func parse(_ text: String) throws(SluiceError) -> (type: DataType, nullable: Bool) {
        var words = text.uppercased().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var nullable = true
        if words.count >= 2 && words.suffix(2) == ["NOT", "NULL"] {
            nullable = false
            words.removeLast(2)
        }
        let spelled = words.joined(separator: " ")
        let name: String
        var parameters: [Int] = []
        if let open = spelled.firstIndex(of: "("), spelled.hasSuffix(")") {
            name = spelled[..<open].trimmingSpaces()
            let inner = spelled[spelled.index(after: open)..<spelled.index(before: spelled.endIndex)]
            for part in inner.split(separator: ",") {
                guard let n = Int(part.trimmingSpaces()) else {
                    throw .invalidInput("type parameter `\(part.trimmingSpaces())` in `\(text)` is not a number")
                }
                parameters.append(n)
            }
        } else {
            name = spelled
        }
        let type = try named(name, parameters, text)
        try type.validate()
        return (type, nullable)
    }

    private static func named(_ name: String, _ p: [Int], _ text: String) throws(SluiceError) -> DataType {
        switch name {
        case "BOOLEAN", "BOOL": return .boolean
        case "TINYINT": return .int8
        case "SMALLINT": return .int16
        case "INT", "INTEGER": return .int32
        case "BIGINT": return .int64
        case "FLOAT", "REAL": return .float32
        case "DOUBLE", "DOUBLE PRECISION": return .float64
        case "DECIMAL", "DEC", "NUMERIC":
            return .decimal(precision: p.first ?? 10, scale: p.count > 1 ? p[1] : 0)
        case "STRING", "VARCHAR", "CHAR", "CHARACTER VARYING": return .string
        case "BYTES", "BINARY", "VARBINARY": return .binary
        case "DATE": return .date
        case "TIME": return .time(precision: p.first ?? 0)
        case "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE": return .timestamp(precision: p.first ?? 6)
        case "TIMESTAMP_LTZ", "TIMESTAMP WITH LOCAL TIME ZONE": return .timestampLTZ(precision: p.first ?? 6)
        case "INTERVAL DAY TO SECOND": return .intervalDayTime
        case "INTERVAL YEAR TO MONTH": return .intervalYearMonth
        default:
            throw .invalidInput("unknown type `\(text)`; use BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING, BYTES, DATE, TIME, TIMESTAMP(p) or TIMESTAMP_LTZ(p)")
        }
    }
}

extension Schema {
    /// Parses `name TYPE, name TYPE, …` (Flink column definitions, commas inside parentheses allowed).
    public static func parse(_ text: String) throws(SluiceError) -> Schema {
        var fields: [Field] = []
        var depth = 0
        var current = ""
        var parts: [String] = []
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        for part in parts {
            let trimmed = Substring(part).trimmingSpaces()
            guard let space = trimmed.firstIndex(of: " ") else {
                throw .invalidInput("column definition `\(trimmed)` needs a name and a type, e.g. `price DECIMAL(10, 2)`")
            }
            let name = String(trimmed[..<space]).trimmingCharacters(in: "`")
            let (type, nullable) = try DataType.parse(String(trimmed[space...]))
            if fields.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw .invalidInput("column `\(name)` is defined twice")
            }
            fields.append(Field(name, type, nullable: nullable))
        }
        return Schema(fields)
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}

extension String {
    func trimmingSpaces() -> String { self[...].trimmingSpaces() }
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
