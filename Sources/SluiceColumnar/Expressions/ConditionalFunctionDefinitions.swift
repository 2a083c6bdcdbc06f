/// IF and COALESCE; branches are converted to one common type first.
enum ConditionalFunctionDefinitions {
    static func register(_ r: inout FunctionRegistry) {
        r.register(.init("if", "IF(condition, then, else)") { (args) throws(SluiceError) -> PhysicalExpression in
            try Signature.arity("if", args, 3...3, "IF(condition, then, else)")
            guard args[0].type == .boolean else {
                throw .invalidInput("the condition of IF must be BOOLEAN, but `\(args[0])` is \(args[0].type)")
            }
            let branches = try TypeCoercion.unify("IF", [args[1], args[2]])
            let type = branches[0].type
            let f = ResolvedFunction(name: "if", returnType: type, kernel: KernelAdapter.columns(type) { (c) throws(SluiceError) in
                try Conditional.select(condition: c[0], then: c[1], else: c[2])
            })
            return .call(f, [args[0]] + branches)
        })
        r.register(.init("coalesce", "COALESCE(a, b, …)") { (args) throws(SluiceError) -> PhysicalExpression in
            try Signature.arity("coalesce", args, 1...64, "COALESCE(a, b, …)")
            let unified = try TypeCoercion.unify("COALESCE", args)
            let type = unified[0].type
            let f = ResolvedFunction(name: "coalesce", returnType: type, kernel: KernelAdapter.columns(type) { (c) throws(SluiceError) in
                try Conditional.coalesce(c)
            })
            return .call(f, unified)
        })
    }
}
