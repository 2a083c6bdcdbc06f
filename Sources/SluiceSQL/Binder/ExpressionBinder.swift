import SluiceColumnar

/// Binds SQL expressions to typed `PhysicalExpression`s over a scope: names resolved, functions looked up
/// once, implicit conversions inserted by the registry's coercion rules.
///
/// `substitute` runs first on every node: the aggregate binder uses it to turn aggregate calls and
/// GROUP BY expressions into columns of the aggregate's output.
struct ExpressionBinder {
    typealias Substitute = (Expression) throws(SluiceError) -> PhysicalExpression?

    let scope: Scope
    let functions: FunctionCatalog
    var substitute: Substitute?

    init(scope: Scope, functions: FunctionCatalog, substitute: Substitute? = nil) {
        self.scope = scope
        self.functions = functions
        self.substitute = substitute
    }

    func bind(_ e: Expression) throws(SluiceError) -> PhysicalExpression {
        if let substitute, let replaced = try substitute(e) { return replaced }
        switch e {
        case .literal(let l): return try LiteralBinder.bind(l)
        case .identifier(let path, let position): return try column(path, position)
        case .star: throw .invalidInput("`*` is only allowed in a select list or in COUNT(*)")
        case .unary(.not, let x): return try call("not", [x])
        case .unary(.minus, let x):
            if case .literal(.number(let n)) = x { return try LiteralBinder.number("-" + n) }
            return try call("negate", [x])
        case .unary(.plus, let x): return try bind(x)
        case .binary(let op, let l, let r): return try call(Self.functionName(op), [l, r])
        case .isNull(let x, let negated): return try call(negated ? "is not null" : "is null", [x])
        case .isBoolean(let x, let value, let negated):
            let test = try FunctionRegistry.standard.call("coalesce", [
                try FunctionRegistry.standard.call("=", [try bind(x), .literal(.boolean(value), .boolean)]),
                .literal(.boolean(false), .boolean)])
            return negated ? try FunctionRegistry.standard.call("not", [test]) : test
        case .between(let x, let low, let high, let negated): return try call(negated ? "not between" : "between", [x, low, high])
        case .inList(let x, let list, let negated): return try call(negated ? "not in" : "in", [x] + list)
        case .like(let x, let pattern, let escape, let negated):
            return try call(negated ? "not like" : "like", [x, pattern] + (escape.map { [$0] } ?? []))
        case .function(let f): return try function(f)
        case .caseWhen(let operand, let branches, let otherwise): return try caseWhen(operand, branches, otherwise)
        case .cast(let x, let type, let isTry):
            try type.type.validate()
            let value = try bind(x)
            if case .literal(.null, _) = value { return .literal(.null, type.type) }
            return .cast(value, to: type.type, orNull: isTry)
        case .extract(let unit, let x): return try FunctionRegistry.standard.call("extract", [try bind(x), .literal(.string(unit), .string)])
        case .trim(let mode, let characters, let x):
            var args = [try bind(x)]
            if mode != nil || characters != nil { args.append(.literal(.string(mode?.rawValue ?? "BOTH"), .string)) }
            if let characters { args.append(try bind(characters)) }
            return try FunctionRegistry.standard.call("trim", args)
        case .timeUnit(let unit): return .literal(.string(unit), .string)
        case .inSubquery, .exists, .scalarSubquery:
            throw BindError.unsupported("a subquery inside an expression (IN / EXISTS / scalar subquery)",
                                        hint: "rewrite it as a join or a subquery in FROM")
        }
    }

    private func column(_ path: [String], _ position: SQLPosition) throws(SluiceError) -> PhysicalExpression {
        let (index, fields) = try scope.resolve(path, at: position)
        let entry = scope.entries[index]
        var e = PhysicalExpression.column(index: index, name: entry.name, type: entry.type)
        for name in fields {
            guard case .row(let rowFields) = e.type else {
                throw BindError.at(position, "`\(path.joined(separator: "."))`: `\(e)` is \(e.type), not a ROW, so it has no field `\(name)`")
            }
            guard let i = rowFields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                var message = "ROW `\(e)` has no field `\(name)`"
                if let guess = NameSuggestion.closest(to: name, among: rowFields.map(\.name)) { message += "; did you mean `\(guess)`?" }
                throw BindError.at(position, message + " (fields: \(rowFields.map(\.name).joined(separator: ", ")))")
            }
            e = .field(e, index: i, name: rowFields[i].name, type: rowFields[i].type)
        }
        return e
    }

    private func call(_ name: String, _ args: [Expression]) throws(SluiceError) -> PhysicalExpression {
        var bound: [PhysicalExpression] = []
        for a in args { bound.append(try bind(a)) }
        return try FunctionRegistry.standard.call(name, bound)
    }

    private func function(_ f: FunctionCall) throws(SluiceError) -> PhysicalExpression {
        let name = f.upperName
        if AggregateCall.names.contains(name) {
            throw BindError.at(f.position, "aggregate function \(name) is not allowed here; aggregates belong in the select list or HAVING of a query")
        }
        if f.over != nil { throw BindError.unsupported("OVER windows (\(name) … OVER (…))") }
        if WindowGrouping.functionNames.contains(name) {
            throw BindError.at(f.position, "\(name)(…) is only allowed in GROUP BY (group window) or with a matching group window in the select list")
        }
        var args: [PhysicalExpression] = []
        for a in f.arguments {
            if case .star = a { throw BindError.at(f.position, "\(name)(*) is not valid; only COUNT(*) takes `*`") }
            args.append(try bind(a))
        }
        do {
            return try functions.call(name: f.name.last ?? "", args)
        } catch {
            throw BindError.located(error, f.position)
        }
    }

    private func caseWhen(_ operand: Expression?, _ branches: [CaseBranch], _ otherwise: Expression?) throws(SluiceError) -> PhysicalExpression {
        var conditions: [PhysicalExpression] = []
        var values: [PhysicalExpression] = []
        let subject = try operand.map { (o: Expression) throws(SluiceError) -> PhysicalExpression in try bind(o) }
        for b in branches {
            let c = try bind(b.condition)
            if let subject {
                conditions.append(try FunctionRegistry.standard.call("=", [subject, c]))
            } else {
                conditions.append(c)
            }
            values.append(try bind(b.result))
        }
        for c in conditions where c.type != .boolean {
            throw .invalidInput("CASE WHEN condition `\(c)` is \(c.type), not BOOLEAN")
        }
        var all = values
        if let otherwise { all.append(try bind(otherwise)) }
        let unified = try TypeCoercion.unify("CASE", all)
        let type = unified.first?.type ?? .string
        let pairs = zip(conditions, unified.prefix(values.count)).map { (condition: $0.0, value: $0.1) }
        return .caseWhen(pairs, otherwise: otherwise == nil ? nil : unified.last, type: type)
    }

    static func functionName(_ op: BinaryOperator) -> String {
        switch op {
        case .or: return "or"
        case .and: return "and"
        case .concat: return "concat"
        default: return op.rawValue
        }
    }
}
