import SluiceColumnar

/// Aggregate function calls of SQL (`COUNT(*)`, `SUM(DISTINCT x) FILTER (WHERE …)`) as `AggregateSpec`s.
enum AggregateCall {
    static let names: Set<String> = ["COUNT", "SUM", "MIN", "MAX", "AVG", "FIRST_VALUE", "LAST_VALUE"]

    static func function(_ name: String, star: Bool) -> AggregateFunction? {
        switch name {
        case "COUNT": return star ? .countStar : .count
        case "SUM": return .sum
        case "MIN": return .min
        case "MAX": return .max
        case "AVG": return .avg
        case "FIRST_VALUE": return .firstValue
        case "LAST_VALUE": return .lastValue
        default: return nil
        }
    }

    /// Binds the call's argument and filter over the input (through `slot`, which places an expression
    /// in the pre-aggregation projection and returns its column) and returns the spec and result type.
    static func bind(_ f: FunctionCall, binder: ExpressionBinder,
                     slot: (PhysicalExpression) -> Int) throws(SluiceError) -> (AggregateSpec, DataType) {
        let name = f.upperName
        if f.over != nil { throw BindError.unsupported("OVER windows (\(name) … OVER (…))") }
        let star = f.arguments.count == 1 && f.arguments[0] == .star(qualifier: [])
        guard let function = function(name, star: star) else { throw .internalError("not an aggregate: \(name)") }
        var filter: Int?
        if let condition = f.filter {
            let bound = try binder.bind(condition)
            guard bound.type == .boolean else {
                throw BindError.at(f.position, "the FILTER (WHERE …) of \(name) must be BOOLEAN, but `\(condition)` is \(bound.type)")
            }
            filter = slot(bound)
        }
        if function == .countStar {
            return (.countStar(filter: filter), .int64)
        }
        guard f.arguments.count == 1 else {
            throw BindError.at(f.position, "\(name) takes one argument but got \(f.arguments.count); usage: \(name)([DISTINCT] x)")
        }
        if case .star = f.arguments[0] { throw BindError.at(f.position, "\(name)(*) is not valid; only COUNT takes `*`") }
        let argument = try binder.bind(f.arguments[0])
        let type: DataType
        do { type = try function.resultType(input: argument.type) } catch { throw BindError.located(error, f.position) }
        return (AggregateSpec(function, input: slot(argument), filter: filter, distinct: f.distinct), type)
    }
}
