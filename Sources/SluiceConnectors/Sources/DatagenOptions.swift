import SluiceColumnar

/// How one column of a `DatagenSource` is filled, as in Flink's `datagen` connector
/// (`fields.<name>.kind`).
public enum DatagenKind: Sendable, Equatable {
    /// `start, start + 1, …, end` over the rows of the whole source (all subtasks together); the source
    /// ends when a sequence is exhausted. Integer, date, timestamp, floating and string columns (as text).
    case sequence(start: Int64, end: Int64)
    /// Uniform values in `min … max` (integers, dates, timestamps: inclusive; floating: `min ..< max`),
    /// strings of `length` random letters and digits, random booleans.
    case random(min: Double = 0, max: Double = 1000, length: Int = 10)
}

/// What a `DatagenSource` generates and how fast.
public struct DatagenOptions: Sendable, Equatable {
    /// Per column name; columns not listed are `.random()`.
    public var fields: [String: DatagenKind]
    /// Rows per second over all subtasks together, or nil for as fast as possible.
    public var rowsPerSecond: Double?
    /// Rows over all subtasks; nil is unbounded unless a sequence column ends first.
    public var rowsTotal: Int?
    public var batchSize: Int
    /// Random values depend only on the seed, the column and the row number, so a rerun (at any
    /// parallelism) produces the same rows.
    public var seed: UInt64

    public init(fields: [String: DatagenKind] = [:], rowsPerSecond: Double? = nil, rowsTotal: Int? = nil,
                batchSize: Int = 4096, seed: UInt64 = 0) {
        self.fields = fields
        self.rowsPerSecond = rowsPerSecond
        self.rowsTotal = rowsTotal
        self.batchSize = batchSize
        self.seed = seed
    }

    /// The number of rows the whole source produces, or nil when it is unbounded.
    public func totalRows(_ schema: Schema) -> Int? {
        var total = rowsTotal
        for field in schema.fields {
            if case .sequence(let start, let end) = fields[field.name] ?? .random() {
                let length = end >= start ? Int(clamping: Int128(end) - Int128(start) + 1) : 0
                total = Swift.min(total ?? length, length)
            }
        }
        return total
    }

    /// Checks names, types and ranges against `schema`; the messages say how to fix the options.
    public func validate(_ schema: Schema) throws(SluiceError) {
        for name in fields.keys.sorted() where schema.index(of: name) == nil {
            throw .invalidInput("datagen option for `\(name)`, which is not a column (columns: "
                + "\(schema.names.joined(separator: ", ")))")
        }
        if let rowsPerSecond, !(rowsPerSecond > 0) {
            throw .invalidInput("datagen rowsPerSecond is \(rowsPerSecond); it must be positive (or nil for unlimited)")
        }
        if let rowsTotal, rowsTotal < 0 { throw .invalidInput("datagen rowsTotal is \(rowsTotal); it must be at least 0") }
        guard batchSize >= 1 else { throw .invalidInput("datagen batchSize is \(batchSize); it must be at least 1") }
        for field in schema.fields {
            let kind = fields[field.name] ?? .random()
            guard DatagenColumns.supports(field.type, kind) else {
                throw SluiceError(.unsupported, "datagen cannot generate \(kind.label) values for column `\(field.name)` of "
                    + "type \(field.type); supported: integer, FLOAT, DOUBLE, STRING, BOOLEAN (random), DATE, TIMESTAMP",
                    context: .init(column: field.name))
            }
            if case .sequence(let start, let end) = kind, field.type.isInteger {
                let (lo, hi) = IntegerRange.bounds(field.type)
                guard start >= lo && end <= hi else {
                    throw SluiceError(.invalidInput, "datagen sequence \(start) … \(end) for `\(field.name)` does not fit "
                        + "\(field.type) (\(lo) … \(hi))", context: .init(column: field.name))
                }
            }
            if case .random(let lo, let hi, let length) = kind, !(lo <= hi) || !lo.isFinite || !hi.isFinite || length < 0 {
                throw SluiceError(.invalidInput, "datagen random range for `\(field.name)` is min \(lo) … max \(hi), length "
                    + "\(length); min must not exceed max and length must not be negative", context: .init(column: field.name))
            }
        }
    }
}

extension DatagenKind {
    var label: String {
        switch self {
        case .sequence: return "sequence"
        case .random: return "random"
        }
    }
}
