/// `+ - * / %` and unary minus as registered functions, with Flink's result types.
enum ArithmeticFunctions {
    static func register(_ r: inout FunctionRegistry) {
        for op in [ArithmeticOperator.add, .subtract, .multiply, .divide, .modulo] {
            r.register(.init(op.rawValue, "a \(op.rawValue) b") { (args) throws(SluiceError) -> ResolvedFunction in
                try Signature.arity(op.rawValue, args, 2...2, "a \(op.rawValue) b")
                let type = try Arithmetic.resultType(op, args[0].type, args[1].type)
                return ResolvedFunction(name: op.rawValue, returnType: type, isInfix: true,
                                        kernel: KernelAdapter.columns(type) { (c) throws(SluiceError) in
                    try Arithmetic.evaluate(op, c[0], c[1])
                })
            })
        }
        r.register(.init("negate", "-a") { (args) throws(SluiceError) -> ResolvedFunction in
            try Signature.arity("negate", args, 1...1, "-a")
            let type = args[0].type
            guard type.isNumeric || type == .intervalDayTime || type == .intervalYearMonth else {
                throw Signature.mismatch("-", args, "-a with a numeric or interval a")
            }
            return ResolvedFunction(name: "negate", returnType: type,
                                    kernel: KernelAdapter.columns(type) { (c) throws(SluiceError) in try Arithmetic.negate(c[0]) })
        })
    }
}
