/// `AND`, `OR`, `NOT` with SQL three-valued logic, as registered functions.
enum LogicalFunctions {
    static func register(_ r: inout FunctionRegistry) {
        for name in ["and", "or"] {
            r.register(.init(name, "a \(name.uppercased()) b") { (args) throws(SluiceError) -> ResolvedFunction in
                try Signature.arity(name, args, 2...2, "a \(name.uppercased()) b")
                try requireBoolean(name, args)
                let isAnd = name == "and"
                return ResolvedFunction(name: name, returnType: .boolean, isInfix: true,
                                        kernel: KernelAdapter.columns(.boolean) { (c) throws(SluiceError) in
                    isAnd ? try Logical.and(c[0], c[1]) : try Logical.or(c[0], c[1])
                })
            })
        }
        r.register(.init("not", "NOT a") { (args) throws(SluiceError) -> ResolvedFunction in
            try Signature.arity("not", args, 1...1, "NOT a")
            try requireBoolean("not", args)
            return ResolvedFunction(name: "not", returnType: .boolean,
                                    kernel: KernelAdapter.columns(.boolean) { (c) throws(SluiceError) in try Logical.not(c[0]) })
        })
    }

    static func requireBoolean(_ name: String, _ args: [PhysicalExpression]) throws(SluiceError) {
        for arg in args where arg.type != .boolean {
            throw .invalidInput("\(name.uppercased()) needs BOOLEAN operands but `\(arg)` is \(arg.type); compare it to something (e.g. `\(arg) <> 0`)")
        }
    }
}
