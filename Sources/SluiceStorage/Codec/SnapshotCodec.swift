import SluiceColumnar

/// How snapshot blocks are compressed. Stored in the snapshot header as its raw value.
public enum SnapshotCodec: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case lz4 = 1
    /// zstd at level 1: the default, close to LZ4's speed with a better ratio on state chunks.
    case zstd = 2

    public static let `default` = SnapshotCodec.zstd
    static let zstdLevel: Int32 = 1

    public var description: String {
        switch self {
        case .none: "none"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }

    /// Parses a codec name (`none`, `lz4`, `zstd`), saying which names are valid otherwise.
    public init(name: String) throws(SluiceError) {
        guard let codec = SnapshotCodec.allCases.first(where: { $0.description == name.lowercased() }) else {
            throw .invalidInput("unknown snapshot codec '\(name)'; use one of: none, lz4, zstd (default zstd)")
        }
        self = codec
    }
}
