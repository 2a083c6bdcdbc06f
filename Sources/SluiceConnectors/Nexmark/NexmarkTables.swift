/// The generator's precomputed strings, shared read-only by all splits of one seed: the 1 MiB pool
/// that `extra` fields are cut from, the four hot channels with their URLs and the 10,000-entry
/// channel cache.
///
/// The reference builds these once per process from unseeded generators; Sluice seeds them (pool:
/// `seed + 1000001`; hot URLs then channel URLs: `seed + 1000002`) so a run is reproducible.
/// Strings are stored flat (bytes + Int32 start offsets) so the hot loop copies bytes without
/// touching a Swift `String`.
public final class NexmarkTables: Sendable {
    public static let poolSize = 1 << 20
    public static let channelCount = 10_000
    static let hotChannelNames = ["Google", "Facebook", "Baidu", "Apple"]

    /// `poolSize` characters (then zero padding): `'a' + r % 26` for Java's truncating `%` on signed ints, so `H`…`z`.
    public let pool: [UInt8]
    /// Hot channels 0..<4 then `channel-<i>` for i in 0..<10000: names and URLs, flat.
    let channelNames: FlatStrings
    let channelURLs: FlatStrings

    public init(seed: Int64) {
        var poolRandom = JavaSplittableRandom(seed: seed &+ 1_000_001)
        // Padded so that chunked copies may read past the last value.
        pool = NexmarkStrings.exactString(&poolRandom, length: NexmarkTables.poolSize)
            + [UInt8](repeating: 0, count: UnsafeNexmarkStringWriter.slack)
        var r = JavaSplittableRandom(seed: seed &+ 1_000_002)
        var names = FlatStrings(), urls = FlatStrings()
        for name in NexmarkTables.hotChannelNames {
            names.append(Array(name.utf8))
            urls.append(NexmarkTables.baseURL(&r))
        }
        for i in 0..<NexmarkTables.channelCount {
            names.append(Array("channel-\(i)".utf8))
            var url = NexmarkTables.baseURL(&r)
            if r.nextInt(10) > 0 {
                // Java: Math.abs(Integer.reverse(i)) in 32-bit arithmetic (abs(Int.MIN) stays negative).
                let reversed = Int32(bitPattern: UInt32(i).bitReversed)
                let id = reversed == .min ? reversed : Swift.abs(reversed)
                url += Array("&channel_id=\(id)".utf8)
            }
            urls.append(url)
        }
        channelNames = names
        channelURLs = urls
    }

    /// `https://www.nexmark.com/<s>/<s>/<s>/item.htm?query=1` with `_` as the rare special character.
    static func baseURL(_ r: inout JavaSplittableRandom) -> [UInt8] {
        var url = Array("https://www.nexmark.com/".utf8)
        for _ in 0..<3 {
            url += NexmarkStrings.randomString(&r, maxLength: 5, special: UInt8(ascii: "_"))
            url.append(UInt8(ascii: "/"))
        }
        return url + Array("item.htm?query=1".utf8)
    }
}

/// Strings stored back to back: `bytes[starts[i] ..< starts[i + 1]]` is string `i`; the bytes end
/// with zero padding so that chunked copies may read past the last string.
struct FlatStrings: Sendable {
    private(set) var bytes = [UInt8](repeating: 0, count: UnsafeNexmarkStringWriter.slack)
    private(set) var starts: [Int32] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ value: [UInt8]) {
        bytes.removeLast(UnsafeNexmarkStringWriter.slack)
        bytes += value
        starts.append(Int32(bytes.count))
        bytes += [UInt8](repeating: 0, count: UnsafeNexmarkStringWriter.slack)
    }
}

extension UInt32 {
    /// Java's `Integer.reverse`: bit 0 becomes bit 31.
    var bitReversed: UInt32 {
        var v = self, r: UInt32 = 0
        for _ in 0..<32 {
            r = (r << 1) | (v & 1)
            v >>= 1
        }
        return r
    }
}
