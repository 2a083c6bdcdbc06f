/// `=`, `<>`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `IN`, `IS [NOT] NULL`, `LIKE` as registered functions.
enum ComparisonFunctions {
    static func register(_ r: inout FunctionRegistry) {
        for op in [ComparisonOperator.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual] {
            r.register(.init(op.rawValue, "a \(op.rawValue) b") { (args) throws(SluiceError) in
                try Signature.arity(op.rawValue, args, 2...2, "a \(op.rawValue) b")
                return ResolvedFunction(name: op.rawValue, returnType: .boolean, isInfix: true) { (d, n) throws(SluiceError) in
                    try compare(d[0], op, d[1], n)
                }
            })
        }
        r.register(.init("!=", "a != b") { (args) throws(SluiceError) -> PhysicalExpression in
            try FunctionRegistry.standard.call("<>", args)
        })
        registerNullTests(&r)
        r.register(.init("between", "x BETWEEN low AND high") { (args) throws(SluiceError) -> PhysicalExpression in
            try Signature.arity("between", args, 3...3, "x BETWEEN low AND high")
            return try betweenFunction(args, negated: false)
        })
        r.register(.init("not between", "x NOT BETWEEN low AND high") { (args) throws(SluiceError) -> PhysicalExpression in
            try Signature.arity("not between", args, 3...3, "x NOT BETWEEN low AND high")
            return try betweenFunction(args, negated: true)
        })
        r.register(.init("in", "x IN (v1, v2, …)") { (args) throws(SluiceError) -> PhysicalExpression in
            try inFunction(args, negated: false)
        })
        r.register(.init("not in", "x NOT IN (v1, v2, …)") { (args) throws(SluiceError) -> PhysicalExpression in
            try inFunction(args, negated: true)
        })
        r.register(.init("like", "s LIKE pattern [ESCAPE c]") { (args) throws(SluiceError) -> PhysicalExpression in
            .call(try likeFunction(args, negated: false), [args[0]])
        })
        r.register(.init("not like", "s NOT LIKE pattern [ESCAPE c]") { (args) throws(SluiceError) -> PhysicalExpression in
            .call(try likeFunction(args, negated: true), [args[0]])
        })
    }

    /// Column-versus-constant comparisons use the kernel's scalar fast path; a constant on the left is
    /// flipped to the right (`5 < x` is `x > 5`).
    static func compare(_ a: Datum, _ op: ComparisonOperator, _ b: Datum, _ n: Int) throws(SluiceError) -> Datum {
        switch (a, b) {
        case (.column(let x), .scalar(let v, _)):
            return .column(try Comparison.compare(x, op, v))
        case (.scalar(let v, _), .column(let y)):
            return .column(try Comparison.compare(y, op.flipped, v))
        case (.column(let x), .column(let y)):
            return .column(try Comparison.compare(x, op, y))
        case (.scalar(let v, let t), .scalar(let w, _)):
            let one = try Column.repeating(v, type: t, count: 1)
            return .scalar(try Comparison.compare(one, op, w).value(at: 0), .boolean)
        }
    }

    static func registerNullTests(_ r: inout FunctionRegistry) {
        for (name, negated) in [("is null", false), ("is not null", true)] {
            r.register(.init(name, "x \(name.uppercased())") { (args) throws(SluiceError) in
                try Signature.arity(name, args, 1...1, "x \(name.uppercased())")
                return ResolvedFunction(name: name, returnType: .boolean) { (d, n) throws(SluiceError) in
                    switch d[0] {
                    case .scalar(let v, _): return .scalar(.boolean(v.isNull != negated), .boolean)
                    case .column(let c): return .column(negated ? Predicates.isNotNull(c) : Predicates.isNull(c))
                    }
                }
            })
        }
    }

    static func betweenFunction(_ args: [PhysicalExpression], negated: Bool) throws(SluiceError) -> PhysicalExpression {
        let name = negated ? "not between" : "between"
        if args[1].isConstant && args[2].isConstant {
            let low = try Signature.constant(name, args[1], "lower bound")
            let high = try Signature.constant(name, args[2], "upper bound")
            let f = ResolvedFunction(name: name, returnType: .boolean, kernel: KernelAdapter.columns(.boolean) { (c) throws(SluiceError) in
                try Predicates.between(c[0], low, high, negated: negated)
            })
            return .call(f, args)
        }
        // Bounds that vary per row: x >= low AND x <= high (negated: x < low OR x > high).
        let registry = FunctionRegistry.standard
        let lowCheck = try registry.call(negated ? "<" : ">=", [args[0], args[1]])
        let highCheck = try registry.call(negated ? ">" : "<=", [args[0], args[2]])
        return try registry.call(negated ? "or" : "and", [lowCheck, highCheck])
    }

    static func inFunction(_ args: [PhysicalExpression], negated: Bool) throws(SluiceError) -> PhysicalExpression {
        let name = negated ? "not in" : "in"
        guard args.count >= 2 else { throw .invalidInput("\(name.uppercased()) needs at least one value in its list") }
        let list = Array(args.dropFirst())
        if list.allSatisfy(\.isConstant) {
            var values: [Value] = []
            for arg in list { values.append(try Signature.constant(name, arg, "list")) }
            let list = values
            let f = ResolvedFunction(name: name, returnType: .boolean, kernel: KernelAdapter.columns(.boolean) { (c) throws(SluiceError) in
                try Predicates.inList(c[0], list, negated: negated)
            })
            return .call(f, [args[0]])
        }
        // Non-constant members: x = a OR x = b …, negated as NOT(…); SQL's NULL rules carry over.
        let registry = FunctionRegistry.standard
        var disjunction = try registry.call("=", [args[0], list[0]])
        for item in list.dropFirst() { disjunction = try registry.call("or", [disjunction, try registry.call("=", [args[0], item])]) }
        return negated ? try registry.call("not", [disjunction]) : disjunction
    }

    static func likeFunction(_ args: [PhysicalExpression], negated: Bool) throws(SluiceError) -> ResolvedFunction {
        let name = negated ? "not like" : "like"
        try Signature.arity(name, args, 2...3, "s \(name.uppercased()) 'pattern' [ESCAPE 'c']")
        guard args[0].type == .string else { throw Signature.mismatch(name, args, "s LIKE 'pattern' with s a STRING") }
        let patternValue = try Signature.constant(name, args[1], "pattern")
        var escape: Character?
        if args.count == 3 {
            guard case .string(let e) = try Signature.constant(name, args[2], "escape"), e.count == 1 else {
                throw .invalidInput("the ESCAPE of LIKE must be a single character")
            }
            escape = e.first
        }
        let escapeCharacter = escape
        guard case .string(let pattern) = patternValue else {
            if patternValue.isNull {
                return ResolvedFunction(name: name, returnType: .boolean) { (_, _) throws(SluiceError) in .scalar(.null, .boolean) }
            }
            throw Signature.mismatch(name, args, "s LIKE 'pattern'")
        }
        return ResolvedFunction(name: name, returnType: .boolean, isInfix: true, kernel: KernelAdapter.columns(.boolean) { (c) throws(SluiceError) in
            try Like.like(c[0], pattern: pattern, escape: escapeCharacter, negated: negated)
        })
    }
}
