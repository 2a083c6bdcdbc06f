/// The scalar functions Sluice knows, by Flink name, each resolving argument types to an implementation.
///
/// Names are case-insensitive. Operators are registered under their symbols (`=`, `<`, `+`, `and`,
/// `like`, `in`, `between`, `is null`), so the SQL binder and the DataStream API resolve everything the
/// same way. Resolution happens once, when an expression is built; evaluation never looks anything up.
public struct FunctionRegistry: Sendable {
    public struct Definition: Sendable {
        public let name: String
        /// How a user calls it, for error messages: "SUBSTRING(STRING, INT[, INT])".
        public let signature: String
        /// Builds the call for these arguments: usually `.call(resolved, args)`, sometimes a rewrite
        /// (`x BETWEEN a AND b` with non-constant bounds becomes `x >= a AND x <= b`).
        let build: @Sendable ([PhysicalExpression]) throws(SluiceError) -> PhysicalExpression

        public init(_ name: String, _ signature: String,
                    build: @escaping @Sendable ([PhysicalExpression]) throws(SluiceError) -> PhysicalExpression) {
            self.name = name
            self.signature = signature
            self.build = build
        }

        /// A definition whose calls all run one resolved kernel.
        public init(_ name: String, _ signature: String,
                    resolve: @escaping @Sendable ([PhysicalExpression]) throws(SluiceError) -> ResolvedFunction) {
            self.init(name, signature) { (args) throws(SluiceError) -> PhysicalExpression in
                .call(try resolve(args), args)
            }
        }
    }

    private var definitions: [String: Definition] = [:]

    public init() {}

    /// Every built-in function and operator.
    public static let standard: FunctionRegistry = {
        var r = FunctionRegistry()
        ComparisonFunctions.register(&r)
        LogicalFunctions.register(&r)
        ArithmeticFunctions.register(&r)
        StringFunctionDefinitions.register(&r)
        MathFunctionDefinitions.register(&r)
        TemporalFunctionDefinitions.register(&r)
        ConditionalFunctionDefinitions.register(&r)
        return r
    }()

    public mutating func register(_ definition: Definition) {
        definitions[definition.name.lowercased()] = definition
    }

    public var names: [String] { definitions.keys.sorted() }

    public func definition(_ name: String) -> Definition? { definitions[name.lowercased()] }

    /// The definition of `name`; an unknown name suggests the closest known one.
    public func require(_ name: String) throws(SluiceError) -> Definition {
        guard let definition = definitions[name.lowercased()] else {
            var message = "unknown function \(name.uppercased())"
            if let guess = NameSuggestion.closest(to: name, among: names.filter { $0.first?.isLetter ?? false }) {
                message += "; did you mean \(guess.uppercased())?"
            }
            throw .invalidInput(message)
        }
        return definition
    }

    /// A call expression; constant calls (all arguments literal, deterministic) are folded to a literal.
    public func call(_ name: String, _ args: [PhysicalExpression]) throws(SluiceError) -> PhysicalExpression {
        let call = try require(name).build(args)
        guard call.isConstant else { return call }
        let empty = RecordBatch.empty(Schema([]))
        if case .scalar(let v, let t) = try call.evaluate(empty) { return .literal(v, t) }
        return call
    }
}

/// Argument checks shared by the function definitions; messages show how the function is called.
public enum Signature {
    public static func arity(_ name: String, _ args: [PhysicalExpression], _ allowed: ClosedRange<Int>,
                             _ usage: String) throws(SluiceError) {
        guard allowed.contains(args.count) else {
            throw .invalidInput("\(name.uppercased()) takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)") argument\(allowed.upperBound == 1 ? "" : "s") but got \(args.count); usage: \(usage)")
        }
    }

    public static func mismatch(_ name: String, _ args: [PhysicalExpression], _ usage: String) -> SluiceError {
        .invalidInput("cannot apply \(name.uppercased()) to (\(args.map { "\($0.type)" }.joined(separator: ", "))); usage: \(usage)")
    }

    /// The literal value of a constant argument (a pattern, a unit), or an error saying it must be constant.
    public static func constant(_ name: String, _ arg: PhysicalExpression, _ what: String) throws(SluiceError) -> Value {
        guard arg.isConstant else {
            throw .unsupported("the \(what) of \(name.uppercased()) must be a constant, not \(arg)")
        }
        if case .literal(let v, _) = arg { return v }
        let empty = RecordBatch.empty(Schema([]))
        guard case .scalar(let v, _) = try arg.evaluate(empty) else { throw .internalError("constant did not fold") }
        return v
    }
}
