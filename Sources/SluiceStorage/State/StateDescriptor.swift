import SluiceColumnar

/// What kind of state a name holds and how its slot is laid out: stored in a backend snapshot's
/// manifest, so that a restored state is re-registered only with a matching description.
///
/// Slot layout of every state entry (fixed width, in the state table's slot):
/// ```
///  +0  expiresAt Int64      (Int64.max: never; TTL states refresh it on write / read)
///  +8  payload              fixed-width value bytes, or a ValueHandle (UInt64, 0 = none)
///                           into the table's value arena when `variable`
/// ```
struct StateDescriptor: Equatable, Sendable {
    enum Kind: UInt8, Sendable {
        case value = 0
        case map = 1
        case list = 2
        case aggregating = 3
    }

    static let expiryField = 0
    static let payloadField = 8

    var name: String
    var kind: Kind
    /// Bytes of the payload in the slot (8 for a ValueHandle).
    var payloadWidth: Int
    /// Whether the payload is a ValueHandle to variable-size bytes.
    var variable: Bool
    /// Kind-specific detail: the element width of a list, the function and type of an aggregate.
    var detail: UInt32

    var slotWidth: Int { StateDescriptor.payloadField + payloadWidth }

    func mismatch(_ other: StateDescriptor) -> SluiceError {
        .invalidInput("state '\(name)' is already registered (or restored) as \(other.summary); it cannot be used as \(summary); use another state name or the same kind and type")
    }

    var summary: String {
        "\(kind) state with \(variable ? "variable-size" : "\(payloadWidth)-byte") values (detail \(detail))"
    }
}
