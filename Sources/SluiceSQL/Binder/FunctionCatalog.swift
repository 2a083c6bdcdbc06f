#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// Scalar functions a query can call: the built-ins of `FunctionRegistry.standard`, `PROCTIME()`, and
/// the functions registered with `CREATE FUNCTION name AS 'class'`.
public struct FunctionCatalog: Sendable {
    /// User functions by lower-cased name.
    public private(set) var userFunctions: [String: NativeFunction] = [:]

    public init() {}

    public mutating func add(_ name: String, _ function: NativeFunction) { userFunctions[name.lowercased()] = function }

    public mutating func remove(_ name: String) -> Bool { userFunctions.removeValue(forKey: name.lowercased()) != nil }

    public func call(name: String, _ args: [PhysicalExpression]) throws(SluiceError) -> PhysicalExpression {
        if let f = userFunctions[name.lowercased()] { return try f.build(args) }
        if name.lowercased() == "proctime" { return try Self.proctime(args) }
        if FunctionRegistry.standard.definition(name) == nil {
            var message = "unknown function \(name.uppercased())"
            let known = FunctionRegistry.standard.names.filter { $0.first?.isLetter ?? false } + userFunctions.keys + ["proctime"]
            let close = known.filter { NameSuggestion.closest(to: name, among: [$0]) != nil }.sorted().prefix(5)
            if !close.isEmpty { message += "; did you mean \(close.map { $0.uppercased() }.joined(separator: ", "))?" }
            throw .invalidInput(message + " (SHOW FUNCTIONS lists them; CREATE FUNCTION registers a native one)")
        }
        return try FunctionRegistry.standard.call(name, args)
    }

    /// `PROCTIME()`: the wall-clock time when a batch is evaluated, TIMESTAMP_LTZ(3); never folded.
    static func proctime(_ args: [PhysicalExpression]) throws(SluiceError) -> PhysicalExpression {
        guard args.isEmpty else { throw .invalidInput("PROCTIME() takes no arguments but got \(args.count)") }
        let type = DataType.timestampLTZ(precision: 3)
        let f = ResolvedFunction(name: "proctime", returnType: type, isDeterministic: false) { _, _ in
            .scalar(.timestamp(SystemClockMicros.now() / 1000 * 1000), type)
        }
        return .call(f, [])
    }

    /// Names for SHOW FUNCTIONS.
    public var names: [String] {
        (FunctionRegistry.standard.names.filter { $0.first?.isLetter ?? false } + ["proctime"] + userFunctions.keys).sorted()
    }
}

/// Wall-clock microseconds since the epoch.
enum SystemClockMicros {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
