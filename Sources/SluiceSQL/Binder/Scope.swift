import SluiceColumnar

/// The columns a query block can name: each with the table alias that qualifies it.
///
/// `price`, `b.price` and `bid.price` (a ROW column's field) all resolve here: a path whose first part
/// is a qualifier names a column of that table, otherwise the first part is a column and the rest
/// are nested ROW fields.
struct Scope {
    struct Entry {
        var qualifier: String?
        var name: String
        var type: DataType
    }

    var entries: [Entry]

    init(_ entries: [Entry]) { self.entries = entries }

    init(schema: Schema, qualifier: String?) {
        entries = schema.fields.map { Entry(qualifier: qualifier, name: $0.name, type: $0.type) }
    }

    var schema: Schema { Schema(entries.map { Field($0.name, $0.type) }) }

    /// The column index and the nested field names after it.
    func resolve(_ path: [String], at position: SQLPosition) throws(SluiceError) -> (index: Int, fields: [String]) {
        if path.count >= 2 {
            let q = path[0].lowercased()
            let qualified = matches(path[1]) { $0.qualifier?.lowercased() == q }
            if qualified.count == 1 { return (qualified[0], Array(path.dropFirst(2))) }
            if qualified.count > 1 { throw ambiguous(path[1], qualified, position) }
        }
        let plain = matches(path[0]) { _ in true }
        if plain.count == 1 { return (plain[0], Array(path.dropFirst())) }
        if plain.count > 1 { throw ambiguous(path[0], plain, position) }
        throw unknown(path, position)
    }

    /// Indices of entries named `name` (exact spelling first, then ignoring case) that pass `filter`.
    private func matches(_ name: String, _ filter: (Entry) -> Bool) -> [Int] {
        let exact = entries.indices.filter { entries[$0].name == name && filter(entries[$0]) }
        if !exact.isEmpty { return exact }
        let lower = name.lowercased()
        return entries.indices.filter { entries[$0].name.lowercased() == lower && filter(entries[$0]) }
    }

    private func ambiguous(_ name: String, _ hits: [Int], _ position: SQLPosition) -> SluiceError {
        let spelled = hits.map { i in entries[i].qualifier.map { "\($0).\(entries[i].name)" } ?? "#\(i + 1) `\(entries[i].name)`" }
        return BindError.at(position, "column `\(name)` is ambiguous: it matches \(spelled.joined(separator: ", ")); qualify it or rename one with AS", column: name)
    }

    private func unknown(_ path: [String], _ position: SQLPosition) -> SluiceError {
        let name = path.count >= 2 && entries.contains { $0.qualifier?.lowercased() == path[0].lowercased() } ? path[1] : path[0]
        var message = "column `\(path.joined(separator: "."))` not found"
        if let guess = NameSuggestion.closest(to: name, among: entries.map(\.name)) { message += "; did you mean `\(guess)`?" }
        let names = entries.map { e in e.qualifier.map { "\($0).\(e.name)" } ?? e.name }
        message += " (columns: \(names.joined(separator: ", ")))"
        return BindError.at(position, message, column: name)
    }
}

/// Binder errors, pointing at the line and column of the SQL text when it is known.
enum BindError {
    static func at(_ position: SQLPosition, _ message: String, code: SluiceError.Code = .invalidInput,
                   column: String? = nil) -> SluiceError {
        guard let p = position.position else { return SluiceError(code, message, context: .init(column: column)) }
        return SluiceError(code, "\(message) (at \(p))", context: .init(column: column, line: p.line))
    }

    /// `error` with the position appended when it has none yet.
    static func located(_ error: SluiceError, _ position: SQLPosition) -> SluiceError {
        guard let p = position.position, error.context.line == nil else { return error }
        var copy = error
        copy.message += " (at \(p))"
        copy.context.line = p.line
        return copy
    }

    static func unsupported(_ what: String, hint: String? = nil) -> SluiceError {
        SluiceError(.unsupported, "\(what): valid Flink SQL, but not supported by Sluice yet" + (hint.map { "; \($0)" } ?? ""))
    }
}
