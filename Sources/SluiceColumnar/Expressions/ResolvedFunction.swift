/// A scalar function bound to argument types: its return type and the kernel that runs it per batch.
public struct ResolvedFunction: Sendable {
    /// Evaluates the function over argument datums for a batch of `count` physical rows.
    public typealias Kernel = @Sendable (_ args: [Datum], _ count: Int) throws(SluiceError) -> Datum

    public let name: String
    public let returnType: DataType
    /// Printed between its operands (`a + b`, `a AND b`) rather than as `NAME(a, b)`.
    public let isInfix: Bool
    /// False for functions whose result changes between calls (PROCTIME, RAND): never constant-folded.
    public let isDeterministic: Bool
    let kernel: Kernel

    public init(name: String, returnType: DataType, isInfix: Bool = false, isDeterministic: Bool = true,
                kernel: @escaping Kernel) {
        self.name = name
        self.returnType = returnType
        self.isInfix = isInfix
        self.isDeterministic = isDeterministic
        self.kernel = kernel
    }

    public func invoke(_ args: [Datum], _ count: Int) throws(SluiceError) -> Datum {
        try kernel(args, count)
    }
}

/// Adapters from column kernels to `ResolvedFunction.Kernel`.
public enum KernelAdapter {
    /// Runs a kernel over columns: scalars are broadcast, and when every argument is a scalar the kernel
    /// runs on one row and the result stays a scalar (so constant expressions cost one row).
    public static func columns(
        _ type: DataType, _ body: @escaping @Sendable ([Column]) throws(SluiceError) -> Column
    ) -> ResolvedFunction.Kernel {
        return { (args: [Datum], count: Int) throws(SluiceError) -> Datum in
            let allScalar = args.allSatisfy { if case .scalar = $0 { return true } else { return false } }
            let rows = allScalar ? 1 : count
            var columns: [Column] = []
            columns.reserveCapacity(args.count)
            for arg in args { columns.append(try arg.column(count: rows)) }
            let result = try body(columns)
            guard result.type == type else {
                throw .internalError("a kernel returned \(result.type) where its function was typed \(type)")
            }
            return allScalar ? .scalar(result.value(at: 0), type) : .column(result)
        }
    }
}
