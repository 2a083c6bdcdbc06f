/// Turns Swift values (`Encodable` structs) into a `RecordBatch`: the in-memory source of embedded jobs.
///
///     struct Event: Codable { var color: String; var value: Int; var price: Double? }
///     let batch = try BatchEncoder.encode([Event(color: "red", value: 1, price: nil)])
///
/// Each stored property becomes a column, in declaration order: `Int`/`Int64` → BIGINT, `Int32` → INT,
/// `Int16` → SMALLINT, `Int8` → TINYINT, `Double` → DOUBLE, `Float` → FLOAT, `Bool` → BOOLEAN,
/// `String` → STRING, `[UInt8]` is not inferred (give a schema with BYTES), nested structs → ROW.
/// Optionals are NULL when nil. Without a schema the types are inferred from the values; an optional
/// property that is nil in every value leaves no trace in the encoded data (Swift's synthesized
/// `encode` skips it), so it has no column: give a schema when such columns must exist. With a schema,
/// values are checked against it and a property that is not one of its columns is an error.
public enum BatchEncoder {
    public static func encode<T: Encodable>(_ values: [T], schema: Schema? = nil) throws(SluiceError) -> RecordBatch {
        var rows: [[String: Value]] = []
        var order: [String] = []
        var inferred: [String: DataType] = [:]
        rows.reserveCapacity(values.count)
        for (i, value) in values.enumerated() {
            let recorder = RowRecorder()
            do {
                try value.encode(to: RecordingEncoder(recorder: recorder, path: []))
            } catch let error as SluiceError {
                throw SluiceError(.invalidInput, error.message + " (value \(i))", context: error.context)
            } catch {
                throw SluiceError(.invalidInput, "cannot encode value \(i) of \(T.self): \(error)")
            }
            guard case .row(let fields) = recorder.root else {
                throw .invalidInput("\(T.self) encodes as a single value; BatchEncoder needs a struct with named properties")
            }
            var row: [String: Value] = [:]
            for (name, (v, t)) in fields {
                if !order.contains(name) { order.append(name) }
                if let t {
                    if let known = inferred[name], known != t {
                        throw .invalidInput("property `\(name)` is \(known) in earlier values but \(t) in value \(i)")
                    }
                    inferred[name] = t
                }
                row[name] = v
            }
            rows.append(row)
        }
        let target: Schema
        if let schema {
            for name in order where schema.index(of: name) == nil {
                throw .invalidInput("property `\(name)` of \(T.self) is not a column of the schema (columns: \(schema.names.joined(separator: ", ")))")
            }
            target = schema
        } else {
            target = try inferSchema(order, inferred, T.self)
        }
        var columns: [Column] = []
        for field in target.fields {
            var builder = ColumnBuilder(type: field.type, capacity: rows.count)
            for (i, row) in rows.enumerated() {
                let v = try convert(row[field.name] ?? .null, to: field, row: i)
                do { try builder.append(v) } catch { throw error.inColumn(field.name) }
            }
            columns.append(builder.finish())
        }
        return try RecordBatch(schema: target, columns: columns, count: rows.count)
    }

    static func inferSchema(_ order: [String], _ types: [String: DataType], _ t: Any.Type) throws(SluiceError) -> Schema {
        var fields: [Field] = []
        for name in order {
            guard let type = types[name] else {
                throw .invalidInput("property `\(name)` of \(t) is nil in every value, so its type is unknown; pass a schema to BatchEncoder.encode")
            }
            fields.append(Field(name, type))
        }
        return Schema(fields)
    }

    /// Widens integers and floats to the schema's type; everything else must already match.
    static func convert(_ v: Value, to field: Field, row: Int) throws(SluiceError) -> Value {
        if v.isNull && !field.nullable {
            throw SluiceError(.invalidInput, "value \(row) has NULL for NOT NULL column `\(field.name)`", context: .init(column: field.name))
        }
        switch (v, field.type) {
        case (.int(let i), .float64), (.int(let i), .float32): return .float(Double(i))
        case (.int(let i), .decimal(_, let s)): return .decimal(Int128(i) * DecimalFormat.powersOfTen[s], scale: s)
        default: return v
        }
    }
}
