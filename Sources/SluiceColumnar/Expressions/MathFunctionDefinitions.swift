/// ABS, MOD, ROUND, FLOOR, CEIL (CEILING).
enum MathFunctionDefinitions {
    static func register(_ r: inout FunctionRegistry) {
        r.registerKernel("abs", "ABS(x)", arity: 1...1) { (c) throws(SluiceError) in try MathFunctions.abs(c[0]) }
        r.registerKernel("mod", "MOD(a, b)", arity: 2...2) { (c) throws(SluiceError) in try MathFunctions.mod(c[0], c[1]) }
        r.registerKernel("floor", "FLOOR(x)", arity: 1...1) { (c) throws(SluiceError) in try MathFunctions.floor(c[0]) }
        r.registerKernel("ceil", "CEIL(x)", arity: 1...1) { (c) throws(SluiceError) in try MathFunctions.ceil(c[0]) }
        r.registerKernel("ceiling", "CEILING(x)", arity: 1...1) { (c) throws(SluiceError) in try MathFunctions.ceil(c[0]) }
        r.registerWithConstants("round", "ROUND(x[, digits])", arity: 1...2, columnArguments: 1) { (k) throws(SluiceError) in
            let digits = k.isEmpty ? 0 : try ConstantArgument.int(k[0], "round", "number of digits")
            return { (c) throws(SluiceError) in try MathFunctions.round(c[0], digits: digits) }
        }
    }
}
