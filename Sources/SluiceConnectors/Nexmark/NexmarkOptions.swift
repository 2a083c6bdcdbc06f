#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// The options of the `nexmark` connector, named as the reference connector names them
/// (`WITH ('first-event.rate' = '10000', …)`), plus Sluice's `seed`, `base-time` and
/// `bidder-offset-compat`.
///
/// - `first-event.rate` (events/s over all splits, default 10000) sets the event-time timeline:
///   event `n` of a split is at `base-time + (n · 10⁶ / rate · splits) / 1000` ms. `next-event.rate`
///   is accepted and checked, but, as in the reference generator, only the first rate shapes time.
/// - `events.num` (default 0 = unbounded), `stop-at` (default -1 = never): both are shared by the
///   splits like the reference splits them (the last split takes the remainder).
/// - `keep-alive` (default false): a source that has generated everything stays running (idle)
///   instead of ending.
/// - `max-emit-speed` (default true): generate as fast as possible; false paces each split to
///   wall-clock time so that events come out at the configured rate.
/// - `person.proportion` / `auction.proportion` / `bid.proportion` (1 / 3 / 46), the hot ratios
///   `bid.hot-ratio.auctions` (2), `bid.hot-ratio.bidders` (4), `auction.hot-ratio.sellers` (4), and
///   the average sizes `person.avg-size` (200), `auction.avg-size` (500), `bid.avg-size` (100) in bytes.
/// - `seed` (default 0): split `i` draws from `seed + i`; shared tables use `seed + 1000001/1000002`.
/// - `base-time`: the event time of event number 0, as `yyyy-MM-dd HH:mm:ss[.SSS]` (UTC) or epoch
///   milliseconds; defaults to the wall-clock time when the options are parsed (as the reference does).
/// - `bidder-offset-compat` (default true): the reference adds the 1000 person-id offset to a bid's
///   bidder twice (so hot bidders are 2001, …, persons that are never generated); true reproduces that
///   (and the reference's results), false adds it once so bidders join with persons.
public struct NexmarkOptions: Sendable, Equatable {
    public var firstEventRate: Int64 = 10_000
    public var nextEventRate: Int64 = 10_000
    public var eventsNum: Int64 = 0
    public var personProportion: Int = 1
    public var auctionProportion: Int = 3
    public var bidProportion: Int = 46
    public var hotAuctionRatio: Int = 2
    public var hotBiddersRatio: Int = 4
    public var hotSellersRatio: Int = 4
    public var avgPersonByteSize: Int = 200
    public var avgAuctionByteSize: Int = 500
    public var avgBidByteSize: Int = 100
    public var keepAlive = false
    public var stopAt: Int64 = -1
    public var maxEmitSpeed = true
    public var seed: Int64 = 0
    /// Milliseconds since the epoch (UTC).
    public var baseTimeMillis: Int64
    public var bidderOffsetCompat = true
    /// Events per generated batch (per kind at most this many rows).
    public var batchSize = 8192

    /// Defaults, with `base-time` fixed to `baseTimeMillis` (tests) or now.
    public init(baseTimeMillis: Int64? = nil) {
        self.baseTimeMillis = baseTimeMillis ?? NexmarkOptions.nowMillis()
    }

    /// Every option name this connector accepts (`connector` itself is accepted and ignored).
    public static let names = [
        "first-event.rate", "next-event.rate", "events.num", "person.proportion", "auction.proportion",
        "bid.proportion", "bid.hot-ratio.auctions", "bid.hot-ratio.bidders", "auction.hot-ratio.sellers",
        "person.avg-size", "auction.avg-size", "bid.avg-size", "keep-alive", "stop-at", "max-emit-speed",
        "seed", "base-time", "bidder-offset-compat",
    ]

    /// Parses `WITH (…)` options; throws naming the option, the value and what is valid.
    public init(_ options: [String: String]) throws(SluiceError) {
        self.init()
        for key in options.keys.sorted() where key != "connector" {
            let value = options[key]!.trimmingSpaces
            switch key {
            case "first-event.rate": firstEventRate = try Self.integer(key, value, min: 1)
            case "next-event.rate": nextEventRate = try Self.integer(key, value, min: 1)
            case "events.num": eventsNum = try Self.integer(key, value, min: 0)
            case "person.proportion": personProportion = Int(try Self.integer(key, value, min: 0, max: 1_000_000))
            case "auction.proportion": auctionProportion = Int(try Self.integer(key, value, min: 0, max: 1_000_000))
            case "bid.proportion": bidProportion = Int(try Self.integer(key, value, min: 0, max: 1_000_000))
            case "bid.hot-ratio.auctions": hotAuctionRatio = Int(try Self.integer(key, value, min: 1, max: 1_000_000))
            case "bid.hot-ratio.bidders": hotBiddersRatio = Int(try Self.integer(key, value, min: 1, max: 1_000_000))
            case "auction.hot-ratio.sellers": hotSellersRatio = Int(try Self.integer(key, value, min: 1, max: 1_000_000))
            case "person.avg-size": avgPersonByteSize = try Self.bytes(key, value)
            case "auction.avg-size": avgAuctionByteSize = try Self.bytes(key, value)
            case "bid.avg-size": avgBidByteSize = try Self.bytes(key, value)
            case "keep-alive": keepAlive = try Self.boolean(key, value)
            case "stop-at": stopAt = try Self.integer(key, value, min: -1)
            case "max-emit-speed": maxEmitSpeed = try Self.boolean(key, value)
            case "seed": seed = try Self.integer(key, value, min: Int64.min)
            case "base-time": baseTimeMillis = try Self.baseTime(value)
            case "bidder-offset-compat": bidderOffsetCompat = try Self.boolean(key, value)
            default:
                let hint = NameSuggestion.closest(to: key, among: Self.names).map { "did you mean `\($0)`? " } ?? ""
                throw .invalidInput("unknown nexmark option `\(key)`; \(hint)(options: \(Self.names.joined(separator: ", ")))")
            }
        }
        try validate()
    }

    /// Checks the combination of values (the per-option ranges are checked while parsing).
    public func validate() throws(SluiceError) {
        guard personProportion + auctionProportion + bidProportion > 0 else {
            throw .invalidInput("nexmark `person.proportion`, `auction.proportion` and `bid.proportion` are all 0; at least one must be positive")
        }
        guard firstEventRate >= 1, batchSize >= 1 else {
            throw .invalidInput("nexmark `first-event.rate` (\(firstEventRate)) and the batch size (\(batchSize)) must be at least 1")
        }
    }

    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
