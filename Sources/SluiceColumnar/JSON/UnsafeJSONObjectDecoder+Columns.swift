/// Pass 2 of `UnsafeJSONObjectDecoder`: typed columns from the value spans.
extension UnsafeJSONObjectDecoder {
    /// Decodes schema column `c` of the current batch, adding the rows whose value does not convert
    /// (or is NULL in a NOT NULL column) to `problems`.
    func decodeColumn(_ c: Int, rows: Int, _ problems: inout [Problem]) -> Column {
        let field = schema[c]
        let column: Column
        if case .row = field.type, let inner = nested[c] {
            var objects: [(start: Int, end: Int)] = []
            objects.reserveCapacity(rows)
            var validity = ValidityBuilder()
            for r in 0..<rows {
                let (s, e) = span(r, c)
                objects.append((s, e))
                if s == e { validity.appendNull() } else { validity.appendValid() }
            }
            let decoded = inner.decode(UnsafePointer(values.pointer), objects: objects)
            for p in decoded.problems {
                let path = p.field.map { "\(field.name).\($0)" } ?? field.name
                problems.append(Problem(row: p.row, field: path, message: p.field == nil ? "in `\(field.name)`: \(p.message)" : p.message))
            }
            column = Column(type: field.type, count: rows, storage: .children(decoded.columns), validity: validity.finish())
        } else {
            let decoder = UnsafeCSVColumnDecoder(
                p: UnsafePointer(values.pointer), spans: UnsafePointer(spans), fieldCount: schema.count, rows: rows,
                quote: UInt8(ascii: "\""), nullBytes: UnsafePointer(nullByte), nullCount: 0, scratch: scratch,
                dictionaries: dictionaries)
            var failures = UnsafeCSVColumnDecoder.Failures(stopAtFirst: false)
            // With `stopAtFirst` off the decoder always returns a column (NULL where a value failed).
            column = decoder.decode(c, as: field.type, &failures)!
            for f in failures.rowsAndColumns {
                let text = CSVReader.quoted(decoder.text(f.row, c))
                var message = "cannot convert '\(text)' to \(field.type) for column `\(field.name)`"
                if let hint = CSVReader.hint(decoder.text(f.row, c), field.type) { message += " (\(hint))" }
                problems.append(Problem(row: f.row, field: field.name, message: message))
            }
        }
        if !field.nullable && column.hasNulls {
            for r in 0..<rows where column.isNull(r) {
                problems.append(Problem(row: r, field: field.name,
                                        message: "NULL value for NOT NULL column `\(field.name)` of type \(field.type)"))
            }
        }
        return column
    }

    @inline(__always)
    func span(_ row: Int, _ column: Int) -> (Int, Int) {
        let k = (row &* schema.count &+ column) &* 2
        return (Int(spans[k]), Int(spans[k &+ 1]))
    }
}
