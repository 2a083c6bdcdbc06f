/// Appends columns of one type end to end into a new dense column (the inverse of slicing).
public enum Concatenate {
    public static func columns(_ parts: [Column]) throws(SluiceError) -> Column {
        guard let first = parts.first else { throw .internalError("cannot concatenate zero columns (the type is unknown)") }
        for part in parts where part.type != first.type {
            throw .invalidInput("cannot concatenate a \(part.type) column to a \(first.type) column")
        }
        if parts.count == 1 { return first }
        let total = parts.reduce(0) { $0 + $1.count }
        var validity = ValidityBuilder()
        let anyNulls = parts.contains { $0.hasNulls }
        if anyNulls {
            for part in parts { for i in 0..<part.count { if part.isNull(i) { validity.appendNull() } else { validity.appendValid() } } }
        }
        let bits = anyNulls ? validity.finish() : nil
        switch first.storage {
        case .fixed:
            var out = MutableBuffer(capacity: total * first.type.fixedWidth!)
            for part in parts { if case .fixed(let b) = part.storage { out.append(contentsOf: b) } }
            return Column(type: first.type, count: total, storage: .fixed(out.freeze()), validity: bits)
        case .bits:
            var b = BooleanColumnBuilder(capacity: total)
            for part in parts { let v = part.booleanValues; for i in 0..<part.count { b.append(v[i]) } }
            return Column(type: first.type, count: total, storage: b.finish().storage, validity: bits)
        case .variable, .dictionary:
            var b = StringColumnBuilder(type: first.type, capacity: total)
            for part in parts {
                let dense = part.decoded()
                guard case .variable(let offsets, let bytes) = dense.storage else { continue }
                offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                    bytes.withUnsafeBytes { data in
                        for i in 0..<dense.count {
                            b.append(bytes: UnsafeRawBufferPointer(rebasing: data[Int(o[i])..<Int(o[i + 1])]))
                        }
                    }
                }
            }
            return Column(type: first.type, count: total, storage: b.finish().storage, validity: bits)
        case .children(let firstChildren):
            var children: [Column] = []
            for f in 0..<firstChildren.count {
                let childParts = parts.map { part -> Column in
                    guard case .children(let c) = part.storage else { preconditionFailure("row column without children") }
                    return c[f]
                }
                children.append(try columns(childParts))
            }
            return Column(type: first.type, count: total, storage: .children(children), validity: bits)
        }
    }

    /// Batches of one schema end to end, selections applied.
    public static func batches(_ parts: [RecordBatch]) throws(SluiceError) -> RecordBatch {
        guard let first = parts.first else { throw .internalError("cannot concatenate zero batches (the schema is unknown)") }
        for part in parts where part.schema.fields != first.schema.fields {
            throw .invalidInput("cannot concatenate batches with schemas \(first.schema) and \(part.schema)")
        }
        let dense = parts.map { $0.compacted() }
        var columns: [Column] = []
        for c in 0..<first.schema.count { columns.append(try Concatenate.columns(dense.map { $0.columns[c] })) }
        var kinds: Buffer?
        if dense.contains(where: { $0.isChangelog }) {
            var out = MutableBuffer()
            for part in dense {
                if let k = part.rowKinds { k.withUnsafeBytes { out.append(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<part.count])) } }
                else { for _ in 0..<part.count { out.append(RowKind.insert.rawValue) } }
            }
            kinds = out.freeze()
        }
        return try RecordBatch(schema: first.schema, columns: columns, count: dense.reduce(0) { $0 + $1.count }, rowKinds: kinds)
    }
}
