/// Unparsing expressions to Flink SQL, with parentheses only where precedence needs them, so that
/// parsing the text gives back an equal tree.
extension Expression: CustomStringConvertible {
    public var description: String {
        switch self {
        case .literal(let literal): return literal.description
        case .identifier(let path, _): return SQLText.name(path)
        case .star(let qualifier): return qualifier.isEmpty ? "*" : SQLText.name(qualifier) + ".*"
        case .unary(.not, let x): return "NOT " + x.wrapped(below: 3)
        case .unary(let op, let x):
            if case .unary = x { return op.rawValue + "(" + x.description + ")" }
            return op.rawValue + x.wrapped(below: 8)
        case .binary(let op, let l, let r):
            return l.wrapped(below: op.precedence) + " " + op.rawValue + " " + r.wrapped(below: op.precedence + 1)
        case .isNull(let x, let negated): return x.wrapped(below: 4) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isBoolean(let x, let value, let negated):
            return x.wrapped(below: 4) + " IS " + (negated ? "NOT " : "") + (value ? "TRUE" : "FALSE")
        case .between(let x, let low, let high, let negated):
            return x.wrapped(below: 4) + (negated ? " NOT" : "") + " BETWEEN " + low.wrapped(below: 5)
                + " AND " + high.wrapped(below: 5)
        case .inList(let x, let list, let negated):
            return x.wrapped(below: 4) + (negated ? " NOT" : "") + " IN ("
                + list.map(\.description).joined(separator: ", ") + ")"
        case .inSubquery(let x, let query, let negated):
            return x.wrapped(below: 4) + (negated ? " NOT" : "") + " IN (" + query.description + ")"
        case .like(let x, let pattern, let escape, let negated):
            return x.wrapped(below: 4) + (negated ? " NOT" : "") + " LIKE " + pattern.wrapped(below: 5)
                + (escape.map { " ESCAPE " + $0.wrapped(below: 5) } ?? "")
        case .exists(let query): return "EXISTS (" + query.description + ")"
        case .scalarSubquery(let query): return "(" + query.description + ")"
        case .function(let call): return call.description
        case .caseWhen(let operand, let branches, let otherwise):
            var text = "CASE"
            if let operand { text += " " + operand.description }
            for b in branches { text += " WHEN " + b.condition.description + " THEN " + b.result.description }
            if let otherwise { text += " ELSE " + otherwise.description }
            return text + " END"
        case .cast(let x, let type, let isTry):
            return (isTry ? "TRY_CAST(" : "CAST(") + x.description + " AS " + type.description + ")"
        case .timeUnit(let unit): return unit
        case .extract(let unit, let x): return "EXTRACT(" + unit + " FROM " + x.description + ")"
        case .trim(let mode, let characters, let x):
            if mode == nil && characters == nil { return "TRIM(" + x.description + ")" }
            var text = "TRIM("
            if let mode { text += mode.rawValue + " " }
            if let characters { text += characters.description + " " }
            return text + "FROM " + x.description + ")"
        }
    }

    /// How tightly the expression binds as an operand: see `BinaryOperator.precedence`.
    var precedence: Int {
        switch self {
        case .binary(let op, _, _): return op.precedence
        case .unary(.not, _): return 3
        case .unary: return 8
        case .isNull, .isBoolean, .between, .inList, .inSubquery, .like: return 4
        default: return 9
        }
    }

    /// The text, parenthesised when the expression binds looser than `level`.
    func wrapped(below level: Int) -> String {
        precedence < level ? "(" + description + ")" : description
    }
}

extension Literal: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .number(let n): return n
        case .string(let s): return SQLText.string(s)
        case .date(let s): return "DATE " + SQLText.string(s)
        case .time(let s): return "TIME " + SQLText.string(s)
        case .timestamp(let s): return "TIMESTAMP " + SQLText.string(s)
        case .interval(let s, let qualifier): return "INTERVAL " + SQLText.string(s) + " " + qualifier.description
        }
    }
}

extension TypeName: CustomStringConvertible {
    public var description: String { type.description + (nullable ? "" : " NOT NULL") }
}

extension FunctionCall: CustomStringConvertible {
    public var description: String {
        let spelled = name.map(SQLText.functionNamePart).joined(separator: ".")
        if arguments.isEmpty && !distinct && name.count == 1 && Parser.niladicFunctions.contains(upperName) {
            return spelled
        }
        if name.count == 1 && upperName == "POSITION" && arguments.count == 2 && !distinct && filter == nil && over == nil {
            return spelled + "(" + arguments[0].wrapped(below: 5) + " IN " + arguments[1].description + ")"
        }
        if name.count == 1 && ["FLOOR", "CEIL", "CEILING"].contains(upperName) && arguments.count == 2,
           case .timeUnit(let unit) = arguments[1] {
            return spelled + "(" + arguments[0].description + " TO " + unit + ")"
        }
        var text = spelled + "(" + (distinct ? "DISTINCT " : "")
        text += arguments.map(\.description).joined(separator: ", ") + ")"
        if let filter { text += " FILTER (WHERE " + filter.description + ")" }
        if let over { text += " OVER (" + over.description + ")" }
        return text
    }
}

extension WindowSpecification: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        if !partitionBy.isEmpty { parts.append("PARTITION BY " + partitionBy.map(\.description).joined(separator: ", ")) }
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        if let frame {
            parts.append(frame.unit.rawValue + " BETWEEN " + frame.start.description + " AND " + frame.end.description)
        }
        return parts.joined(separator: " ")
    }
}

extension WindowFrame.Bound: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let x): return x.wrapped(below: 5) + " PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let x): return x.wrapped(below: 5) + " FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }
}

extension OrderItem: CustomStringConvertible {
    public var description: String {
        var text = expression.description
        if let ascending { text += ascending ? " ASC" : " DESC" }
        if let nullsFirst { text += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }
}
