/// A typed expression tree evaluated a whole batch at a time.
///
/// Built by the SQL binder or the DataStream API, never per row: each node evaluates to a `Datum` with
/// one kernel call per batch. Function calls carry their resolved implementation, chosen once when the
/// expression is built (`FunctionRegistry.resolve`), so evaluation does no lookups.
///
/// Expressions evaluate over the batch's physical rows; a selection vector is carried along by the
/// caller (filters compose selections, projections gather once when they compact).
public indirect enum PhysicalExpression: Sendable {
    /// Column `index` of the input batch.
    case column(index: Int, name: String, type: DataType)
    case literal(Value, DataType)
    case call(ResolvedFunction, [PhysicalExpression])
    /// CASE WHEN c1 THEN v1 … ELSE e END; a NULL condition counts as false, a missing ELSE is NULL.
    case caseWhen([(condition: PhysicalExpression, value: PhysicalExpression)], otherwise: PhysicalExpression?, type: DataType)
    case cast(PhysicalExpression, to: DataType, orNull: Bool)
    /// Field `index` of a ROW-typed expression.
    case field(PhysicalExpression, index: Int, name: String, type: DataType)

    public var type: DataType {
        switch self {
        case .column(_, _, let t), .literal(_, let t), .caseWhen(_, _, let t), .field(_, _, _, let t): return t
        case .call(let f, _): return f.returnType
        case .cast(_, let t, _): return t
        }
    }

    /// True when the expression reads no column (it can be folded to a constant).
    public var isConstant: Bool {
        switch self {
        case .column: return false
        case .literal: return true
        case .call(let f, let args): return f.isDeterministic && args.allSatisfy(\.isConstant)
        case .caseWhen(let branches, let otherwise, _):
            return branches.allSatisfy { $0.condition.isConstant && $0.value.isConstant } && (otherwise?.isConstant ?? true)
        case .cast(let e, _, _), .field(let e, _, _, _): return e.isConstant
        }
    }

    /// A column reference by name, checked against the schema (with a "did you mean" hint).
    public static func column(_ name: String, in schema: Schema) throws(SluiceError) -> PhysicalExpression {
        let i = try schema.requireIndex(of: name)
        return .column(index: i, name: schema[i].name, type: schema[i].type)
    }

    /// A literal with its natural type: BIGINT, DOUBLE, STRING, BOOLEAN, DECIMAL(p, s) and so on.
    public static func literal(_ value: Value) -> PhysicalExpression {
        .literal(value, Value.naturalType(of: value))
    }

    /// A function call resolved by name against the standard registry.
    public static func call(_ name: String, _ args: [PhysicalExpression]) throws(SluiceError) -> PhysicalExpression {
        try FunctionRegistry.standard.call(name, args)
    }
}

extension PhysicalExpression: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(_, let name, _): return name
        case .literal(let v, let t):
            if case .string(let s) = v { return "'" + s.replacingAll("'", with: "''") + "'" }
            if v.isNull { return "CAST(NULL AS \(t))" }
            return v.description
        case .call(let f, let args):
            if f.isInfix && args.count == 2 { return "(\(args[0]) \(f.name.uppercased()) \(args[1]))" }
            return f.name.uppercased() + "(" + args.map(\.description).joined(separator: ", ") + ")"
        case .caseWhen(let branches, let otherwise, _):
            var s = "CASE"
            for b in branches { s += " WHEN \(b.condition) THEN \(b.value)" }
            if let otherwise { s += " ELSE \(otherwise)" }
            return s + " END"
        case .cast(let e, let t, let orNull): return (orNull ? "TRY_CAST(" : "CAST(") + "\(e) AS \(t))"
        case .field(let e, _, let name, _): return "\(e).\(name)"
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
