/// The one error type of Sluice: a code, a message that says what and how to fix it, where it happened,
/// and the underlying cause.
///
/// Messages name what was expected, what was found and the valid choices. `context` carries the place
/// (operator, column, file, line) so that callers up the stack can add to it without rewording.
public struct SluiceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is; callers branch on the code, people read the message.
    public enum Code: String, Sendable, Equatable {
        case invalidInput
        case plan
        case unsupported
        case execution
        case io
        case corruptState
        case `internal`
    }

    /// Where the error happened; every field is optional and printed only when set.
    public struct Context: Sendable, Equatable {
        public var operatorName: String?
        public var column: String?
        public var file: String?
        public var line: Int?
        public var fieldIndex: Int?

        public init(operatorName: String? = nil, column: String? = nil, file: String? = nil,
                    line: Int? = nil, fieldIndex: Int? = nil) {
            self.operatorName = operatorName
            self.column = column
            self.file = file
            self.line = line
            self.fieldIndex = fieldIndex
        }

        var isEmpty: Bool {
            operatorName == nil && column == nil && file == nil && line == nil && fieldIndex == nil
        }
    }

    public var code: Code
    public var message: String
    public var context: Context
    /// A lower-level cause, already rendered (errors from the OS, from a codec, from another layer).
    public var cause: String?

    public init(_ code: Code, _ message: String, context: Context = Context(), cause: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.cause = cause
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if !context.isEmpty {
            var parts: [String] = []
            if let op = context.operatorName { parts.append("operator \(op)") }
            if let file = context.file {
                var place = file
                if let line = context.line { place += ":\(line)" }
                parts.append(place)
            } else if let line = context.line {
                parts.append("line \(line)")
            }
            if let field = context.fieldIndex { parts.append("field \(field)") }
            if let col = context.column { parts.append("column `\(col)`") }
            text += " (at " + parts.joined(separator: ", ") + ")"
        }
        if let cause { text += "; caused by: \(cause)" }
        return text
    }

    /// Returns a copy with the column set, unless a more specific column was already named.
    public func inColumn(_ name: String) -> SluiceError {
        var copy = self
        if copy.context.column == nil { copy.context.column = name }
        return copy
    }

    public static func invalidInput(_ message: String, column: String? = nil) -> SluiceError {
        SluiceError(.invalidInput, message, context: Context(column: column))
    }

    public static func unsupported(_ message: String) -> SluiceError {
        SluiceError(.unsupported, message)
    }

    public static func execution(_ message: String) -> SluiceError {
        SluiceError(.execution, message)
    }

    public static func internalError(_ message: String) -> SluiceError {
        SluiceError(.internal, message)
    }
}
