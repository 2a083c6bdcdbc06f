import SluiceColumnar

/// A JSON document as a value: enough to write and read small metadata files (checkpoint manifests)
/// without Foundation. Numbers are 64-bit integers or doubles; object members keep their order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Compact serialization (no spaces, no newlines).
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// Typed accessors that throw a clear error naming the member and `what` document it is in.
    public func member(_ key: String, in what: String) throws(SluiceError) -> JSONValue {
        guard let value = self[key] else { throw SluiceError(.corruptState, "\(what): missing member '\(key)'") }
        return value
    }

    public func int(_ key: String, in what: String) throws(SluiceError) -> Int64 {
        guard case .int(let i) = try member(key, in: what) else { throw SluiceError(.corruptState, "\(what): '\(key)' is not an integer") }
        return i
    }

    public func string(_ key: String, in what: String) throws(SluiceError) -> String {
        guard case .string(let s) = try member(key, in: what) else { throw SluiceError(.corruptState, "\(what): '\(key)' is not a string") }
        return s
    }

    public func array(_ key: String, in what: String) throws(SluiceError) -> [JSONValue] {
        guard case .array(let a) = try member(key, in: what) else { throw SluiceError(.corruptState, "\(what): '\(key)' is not an array") }
        return a
    }
}
