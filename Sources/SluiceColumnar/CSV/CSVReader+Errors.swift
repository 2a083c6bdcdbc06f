/// The error messages of `CSVReader`: what was expected, what was found, and where.
extension CSVReader {
    /// The place of file offset `offset`: file, 1-based physical line, and column when known.
    func context(offset: Int, column: Int?) -> SluiceError.Context {
        // Counting lines reads the file again; if that fails the line is left out rather than guessed.
        let line = try? input.lineNumber(at: offset)
        return SluiceError.Context(column: column.map { schema[$0].name }, file: name, line: line)
    }

    /// A field at `row`, `column` of the current batch that did not parse (or is NULL in a NOT NULL column).
    func fieldError(_ decoder: UnsafeCSVColumnDecoder, row: Int, column: Int, batchStart: Int) -> SluiceError {
        let field = schema[column]
        let start = decoder.span(row, column).start
        let context = context(offset: input.base + batchStart + start, column: column)
        let isNull = field.type.isVariableWidth ? decoder.stringField(row, column) == nil
                                                : decoder.valueField(row, column) == nil
        if isNull {
            return SluiceError(.invalidInput, "NULL value for NOT NULL column `\(field.name)` of type \(field.type)",
                               context: context)
        }
        let bytes = decoder.text(row, column)
        var message = "cannot parse '\(CSVReader.quoted(bytes))' as \(field.type) for column `\(field.name)`"
        if let hint = CSVReader.hint(bytes, field.type) { message += " (\(hint))" }
        return SluiceError(.invalidInput, message, context: context)
    }

    /// A line the tokenizer rejected.
    func lineError(_ issue: LineIssue) -> SluiceError {
        switch issue.status {
        case .unterminatedQuote:
            let column = issue.fields < schema.count ? issue.fields : nil
            return SluiceError(.invalidInput, "quoted field is not closed before the end of the input; a quote inside a quoted field must be doubled",
                               context: context(offset: issue.offset, column: column))
        case .junkAfterQuote:
            let column = issue.fields < schema.count ? issue.fields : nil
            let byte = input.bytes[issue.offset - input.base]
            return SluiceError(.invalidInput, "unexpected '\(CSVReader.quoted([byte]))' after the closing quote of a field; a quote inside a quoted field must be doubled",
                               context: context(offset: issue.offset, column: column))
        default:
            let names = schema.names.joined(separator: ", ")
            return SluiceError(.invalidInput, "line has \(issue.fields) field\(issue.fields == 1 ? "" : "s"), expected \(schema.count) (\(names))",
                               context: context(offset: issue.offset, column: nil))
        }
    }

    /// The text of a field for a message: at most 100 characters, control characters escaped.
    static func quoted(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.count > 100 { text = String(text.prefix(97)) + "..." }
        return text.unicodeScalars.map { $0.value < 0x20 ? $0.escaped(asASCII: true) : String($0) }.joined()
    }

    /// Why a value that looks right for the type still does not fit.
    static func hint(_ bytes: [UInt8], _ type: DataType) -> String? {
        bytes.withUnsafeBufferPointer { b -> String? in
            switch type {
            case .int8, .int16, .int32, .int64:
                var digits = b[...]
                while digits.first == 0x20 { digits = digits.dropFirst() }
                while digits.last == 0x20 { digits = digits.dropLast() }
                if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
                guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                let (lo, hi) = IntegerRange.bounds(type)
                return "out of range \(lo)...\(hi)"
            case .decimal(let p, let s):
                guard DecimalFormat.parse(b, precision: DataType.maxDecimalPrecision, scale: s) != nil else { return nil }
                return "more than \(p - s) integer digits"
            default:
                return nil
            }
        }
    }
}
