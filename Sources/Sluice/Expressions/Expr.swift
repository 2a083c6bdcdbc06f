/// An expression written in Swift for the DataStream API, resolved against a stream's schema when it
/// is used: `col("price") * 2 > 100 && col("color") != "orange"`.
///
/// Functions are called by their Flink names through `fn("upper", col("color"))`; everything resolves
/// through the same registry as SQL, so names, types and errors are the same.
public indirect enum Expr: Sendable {
    case column(String)
    case literal(Value)
    /// A typed literal, e.g. a NULL of a given type or an interval.
    case typedLiteral(Value, DataType)
    case call(String, [Expr])
    case cast(Expr, DataType, orNull: Bool)
    case caseWhen([(Expr, Expr)], otherwise: Expr?)
    /// Field `name` of a ROW-typed expression.
    case field(Expr, String)

    /// Resolves names and functions against `schema`.
    public func resolve(_ schema: Schema) throws(SluiceError) -> PhysicalExpression {
        switch self {
        case .column(let name):
            return try .column(name, in: schema)
        case .literal(let v):
            return .literal(v)
        case .typedLiteral(let v, let t):
            return .literal(v, t)
        case .call(let name, let args):
            var resolved: [PhysicalExpression] = []
            for a in args { resolved.append(try a.resolve(schema)) }
            return try .call(name, resolved)
        case .cast(let e, let t, let orNull):
            let inner = try e.resolve(schema)
            guard Cast.canCast(inner.type, to: t) else {
                throw .invalidInput("cannot cast \(inner) of type \(inner.type) to \(t)")
            }
            return .cast(inner, to: t, orNull: orNull)
        case .caseWhen(let branches, let otherwise):
            var conditions: [PhysicalExpression] = []
            var values: [PhysicalExpression] = []
            for (c, v) in branches {
                let condition = try c.resolve(schema)
                guard condition.type == .boolean else {
                    throw .invalidInput("a CASE condition must be BOOLEAN, but `\(condition)` is \(condition.type)")
                }
                conditions.append(condition)
                values.append(try v.resolve(schema))
            }
            if let otherwise { values.append(try otherwise.resolve(schema)) }
            let unified = try TypeCoercion.unify("CASE", values)
            let type = unified.first?.type ?? .string
            let pairs = zip(conditions, unified).map { (condition: $0, value: $1) }
            return .caseWhen(pairs, otherwise: otherwise == nil ? nil : unified.last, type: type)
        case .field(let e, let name):
            let inner = try e.resolve(schema)
            guard case .row(let fields) = inner.type else {
                throw .invalidInput("`\(inner)` is \(inner.type), not a ROW, so it has no field `\(name)`")
            }
            guard let i = fields.firstIndex(where: { $0.name == name }) ?? fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                var message = "ROW `\(inner)` has no field `\(name)`"
                if let guess = NameSuggestion.closest(to: name, among: fields.map(\.name)) { message += "; did you mean `\(guess)`?" }
                throw .invalidInput(message + " (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            return .field(inner, index: i, name: fields[i].name, type: fields[i].type)
        }
    }

    /// A readable form, for operator names and errors.
    public var text: String {
        switch self {
        case .column(let n): return n
        case .literal(let v): if case .string(let s) = v { return "'\(s)'" } else { return v.description }
        case .typedLiteral(let v, _): return v.description
        case .call(let name, let args):
            if args.count == 2, let first = name.first, !first.isLetter { return "\(args[0].text) \(name) \(args[1].text)" }
            return name.uppercased() + "(" + args.map(\.text).joined(separator: ", ") + ")"
        case .cast(let e, let t, _): return "CAST(\(e.text) AS \(t))"
        case .caseWhen: return "CASE …"
        case .field(let e, let n): return "\(e.text).\(n)"
        }
    }

    public func `as`(_ name: String) -> NamedExpr { NamedExpr(expr: self, name: name) }
    public func cast(to type: DataType) -> Expr { .cast(self, type, orNull: false) }
    public func tryCast(to type: DataType) -> Expr { .cast(self, type, orNull: true) }
    public func isNull() -> Expr { .call("is null", [self]) }
    public func isNotNull() -> Expr { .call("is not null", [self]) }
    public func like(_ pattern: String) -> Expr { .call("like", [self, .literal(.string(pattern))]) }
    public func between(_ low: Expr, _ high: Expr) -> Expr { .call("between", [self, low, high]) }
    public func isIn(_ values: [Expr]) -> Expr { .call("in", [self] + values) }
    public subscript(field: String) -> Expr { .field(self, field) }
}

/// An expression with an output column name: `col("price").as("p")`.
public struct NamedExpr: Sendable {
    public var expr: Expr
    public var name: String
}

/// A column reference.
public func col(_ name: String) -> Expr { .column(name) }
/// A literal value.
public func lit(_ value: Value) -> Expr { .literal(value) }
/// A call of a scalar function by its Flink name.
public func fn(_ name: String, _ args: Expr...) -> Expr { .call(name, args) }

extension Expr: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .literal(.string(value)) }
    public init(integerLiteral value: Int64) { self = .literal(.int(value)) }
    public init(floatLiteral value: Double) { self = .literal(.float(value)) }
    public init(booleanLiteral value: Bool) { self = .literal(.boolean(value)) }
}

public func == (a: Expr, b: Expr) -> Expr { .call("=", [a, b]) }
public func != (a: Expr, b: Expr) -> Expr { .call("<>", [a, b]) }
public func < (a: Expr, b: Expr) -> Expr { .call("<", [a, b]) }
public func <= (a: Expr, b: Expr) -> Expr { .call("<=", [a, b]) }
public func > (a: Expr, b: Expr) -> Expr { .call(">", [a, b]) }
public func >= (a: Expr, b: Expr) -> Expr { .call(">=", [a, b]) }
public func && (a: Expr, b: Expr) -> Expr { .call("and", [a, b]) }
public func || (a: Expr, b: Expr) -> Expr { .call("or", [a, b]) }
public prefix func ! (a: Expr) -> Expr { .call("not", [a]) }
public func + (a: Expr, b: Expr) -> Expr { .call("+", [a, b]) }
public func - (a: Expr, b: Expr) -> Expr { .call("-", [a, b]) }
public func * (a: Expr, b: Expr) -> Expr { .call("*", [a, b]) }
public func / (a: Expr, b: Expr) -> Expr { .call("/", [a, b]) }
public func % (a: Expr, b: Expr) -> Expr { .call("%", [a, b]) }
public prefix func - (a: Expr) -> Expr { .call("negate", [a]) }
