import SluiceColumnar

/// A scalar function implemented natively and registered under a Java class name, so that
/// `CREATE FUNCTION name AS 'com.example.Fn'` written for Flink resolves to it.
public struct NativeFunction: Sendable {
    public let className: String
    /// How it is called, for messages.
    public let signature: String
    let build: @Sendable ([PhysicalExpression]) throws(SluiceError) -> PhysicalExpression

    public init(className: String, signature: String,
                build: @escaping @Sendable ([PhysicalExpression]) throws(SluiceError) -> PhysicalExpression) {
        self.className = className
        self.signature = signature
        self.build = build
    }
}

/// The class names `CREATE FUNCTION` can name.
public struct NativeFunctionTable: Sendable {
    private var byClass: [String: NativeFunction] = [:]

    public init() {}

    public static let builtIn: NativeFunctionTable = {
        var t = NativeFunctionTable()
        t.register(countChar)
        return t
    }()

    public mutating func register(_ f: NativeFunction) { byClass[f.className] = f }

    public var classNames: [String] { byClass.keys.sorted() }

    public func require(_ className: String) throws(SluiceError) -> NativeFunction {
        if let f = byClass[className] { return f }
        throw .invalidInput("unknown function class '\(className)'; Sluice runs no JVM, so CREATE FUNCTION resolves only natively registered classes: \(classNames.map { "'\($0)'" }.joined(separator: ", "))")
    }

    /// Nexmark's `CountChar`: `count_char(s, c)` counts the bytes of `s` equal to the first byte of `c`.
    static let countChar = NativeFunction(className: "com.github.nexmark.flink.udf.CountChar",
                                          signature: "COUNT_CHAR(STRING s, STRING c)") { (args) throws(SluiceError) in
        guard args.count == 2, args[0].type == .string, args[1].type == .string else {
            throw .invalidInput("cannot apply COUNT_CHAR to (\(args.map { "\($0.type)" }.joined(separator: ", "))); usage: COUNT_CHAR(STRING s, STRING c)")
        }
        let c = try Signature.constant("count_char", args[1], "character")
        guard case .string(let text) = c, let byte = text.utf8.first else {
            throw .invalidInput("the character argument of COUNT_CHAR must be a non-empty string literal, not \(c)")
        }
        let f = ResolvedFunction(name: "count_char", returnType: .int64,
                                 kernel: KernelAdapter.columns(.int64) { (cols) throws(SluiceError) in
            try CountCharKernel.count(cols[0], byte: byte)
        })
        return .call(f, [args[0]])
    }
}
