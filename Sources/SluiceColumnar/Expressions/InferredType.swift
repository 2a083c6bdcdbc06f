/// Finds a column kernel's result type by running it on zero-row columns of the argument types.
///
/// Kernels validate their argument types and pick their result type before touching any row, so an
/// empty run gives the exact type (and the kernel's own error for wrong types) without a second table
/// of signatures that could drift from the kernels.
enum InferredType {
    static func of(_ args: [PhysicalExpression],
                   _ kernel: ([Column]) throws(SluiceError) -> Column) throws(SluiceError) -> DataType {
        let empty = args.map { ColumnBuilder(type: $0.type).finish() }
        return try kernel(empty).type
    }
}

extension FunctionRegistry {
    /// Registers a function implemented by one column kernel whose result type is inferred from it.
    mutating func registerKernel(
        _ name: String, _ usage: String, arity: ClosedRange<Int>,
        _ kernel: @escaping @Sendable ([Column]) throws(SluiceError) -> Column
    ) {
        register(.init(name, usage) { (args) throws(SluiceError) -> ResolvedFunction in
            try Signature.arity(name, args, arity, usage)
            let type = try InferredType.of(args, kernel)
            return ResolvedFunction(name: name, returnType: type, kernel: KernelAdapter.columns(type, kernel))
        })
    }

    /// Registers a function whose trailing arguments are constants (patterns, units, digit counts),
    /// turned into Swift values once when the call is built.
    mutating func registerWithConstants(
        _ name: String, _ usage: String, arity: ClosedRange<Int>, columnArguments: Int,
        _ bind: @escaping @Sendable ([Value]) throws(SluiceError) -> @Sendable ([Column]) throws(SluiceError) -> Column
    ) {
        register(.init(name, usage) { (args) throws(SluiceError) -> PhysicalExpression in
            try Signature.arity(name, args, arity, usage)
            var constants: [Value] = []
            for arg in args.dropFirst(columnArguments) { constants.append(try Signature.constant(name, arg, "argument `\(arg)`")) }
            let kernel = try bind(constants)
            let columnArgs = Array(args.prefix(columnArguments))
            let type = try InferredType.of(columnArgs, kernel)
            // The constants stay in the call as literals (the kernel skips them), so that calls differing
            // only in a constant (DATE_FORMAT(t, 'yyyy-MM-dd') vs 'HH:mm') print and compare as different.
            let columns = KernelAdapter.columns(type, kernel)
            let literals = zip(args.dropFirst(columnArguments), constants).map { PhysicalExpression.literal($1, $0.type) }
            let function = ResolvedFunction(name: name, returnType: type) { (datums, count) throws(SluiceError) -> Datum in
                try columns(Array(datums.prefix(columnArguments)), count)
            }
            return .call(function, columnArgs + literals)
        })
    }
}

/// Reading constant arguments as Swift values.
enum ConstantArgument {
    static func string(_ v: Value, _ name: String, _ what: String) throws(SluiceError) -> String {
        guard case .string(let s) = v else { throw .invalidInput("the \(what) of \(name.uppercased()) must be a string literal, not \(v)") }
        return s
    }

    static func int(_ v: Value, _ name: String, _ what: String) throws(SluiceError) -> Int {
        guard case .int(let i) = v else { throw .invalidInput("the \(what) of \(name.uppercased()) must be an integer literal, not \(v)") }
        return Int(i)
    }
}
