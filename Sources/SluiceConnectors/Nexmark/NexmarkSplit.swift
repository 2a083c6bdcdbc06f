/// One split of the Nexmark event stream: a disjoint range of event ids on the shared event-time
/// timeline, and the reference generator's formulas for ids and times.
///
/// Split `i` of `n` starts at event id `firstEventId = 1 + i·(maxEvents/n)` (the last split takes
/// the remainder); every split starts at event number 1, so all splits cover the same stretch of
/// event time (`interEventDelayUs` grows with `n` to keep the total rate). The k-th event of a split
/// has id `firstEventId + firstEventNumber + k`; `id % totalProportion` picks its kind.
public struct NexmarkSplit: Sendable, Equatable {
    public let index: Int
    public let count: Int
    public let firstEventId: Int64
    public let firstEventNumber: Int64
    /// Events this split generates (a huge number when the source is unbounded).
    public let maxEvents: Int64
    /// Events after which this split stops (its share of `stop-at`), or -1 for never.
    public let stopAtEvent: Int64
    public let interEventDelayUs: Double
    public let baseTimeMillis: Int64
    /// `interEventDelayUs` when it is a whole number (as at the usual rates), else 0; up to event
    /// number `exactDelayLimit` the product `n · delay` is then exact in a Double, so integer
    /// arithmetic gives `timestampMillis` the same result without the conversions.
    @usableFromInline let integerDelayUs: Int64
    @usableFromInline let exactDelayLimit: Int64
    let personProportion: Int64
    let auctionProportion: Int64
    let totalProportion: Int64
    /// Events it takes to generate 100 auctions (an auction's expiry horizon).
    let eventsFor100Auctions: Int64

    /// Split `index` of `count` for `options`.
    public init(_ options: NexmarkOptions, index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "split \(index) of \(count)")
        self.index = index
        self.count = count
        personProportion = Int64(options.personProportion)
        auctionProportion = Int64(options.auctionProportion)
        totalProportion = Int64(options.personProportion + options.auctionProportion + options.bidProportion)
        let largest = Int64(max(options.avgPersonByteSize, options.avgAuctionByteSize, options.avgBidByteSize))
        // Unbounded: the reference scales its maximum down so byte estimates cannot overflow.
        let total = options.eventsNum > 0 ? options.eventsNum : Int64.max / (totalProportion * largest)
        let n = Int64(count), i = Int64(index)
        let share = total / n
        maxEvents = i == n - 1 ? total - share * (n - 1) : share
        firstEventId = 1 + i * share
        firstEventNumber = 1
        if options.stopAt < 0 {
            stopAtEvent = -1
        } else {
            let stopShare = options.stopAt / n
            stopAtEvent = i == n - 1 ? options.stopAt - stopShare * (n - 1) : stopShare
        }
        interEventDelayUs = 1_000_000.0 / Double(options.firstEventRate) * Double(count)
        baseTimeMillis = options.baseTimeMillis
        let wholeDelay = interEventDelayUs >= 1 && interEventDelayUs < 0x1p53 && interEventDelayUs.rounded(.towardZero) == interEventDelayUs
        integerDelayUs = wholeDelay ? Int64(interEventDelayUs) : 0
        exactDelayLimit = wholeDelay ? (1 << 53) / Int64(interEventDelayUs) : -1
        eventsFor100Auctions = (100 * totalProportion) / max(auctionProportion, 1)
    }

    /// Events this split emits before it is done: `maxEvents`, or fewer when `stop-at` is set.
    public var eventLimit: Int64 { stopAtEvent >= 0 ? min(maxEvents, stopAtEvent) : maxEvents }

    /// Event time in milliseconds of event number `n`: `baseTime + (long)(n · delay) / 1000`.
    @inlinable
    public func timestampMillis(eventNumber n: Int64) -> Int64 {
        if n >= 0 && n <= exactDelayLimit { return baseTimeMillis &+ (n &* integerDelayUs) / 1000 }
        return baseTimeMillis &+ Int64(Double(n) * interEventDelayUs) / 1000
    }

    /// The position of event `eventId` in the proportions cycle: `(eventId / total, eventId % total)`.
    /// The generator advances it by one per event instead of dividing.
    func cyclePosition(_ eventId: Int64) -> NexmarkCyclePosition {
        NexmarkCyclePosition(epoch: eventId / totalProportion, offset: eventId % totalProportion)
    }

    /// The last person id (base 0) at or before the event at `p`.
    @inline(__always)
    func lastBase0PersonId(_ p: NexmarkCyclePosition) -> Int64 {
        p.epoch * personProportion + min(p.offset, personProportion - 1)
    }

    /// The last auction id (base 0) at or before the event at `p`.
    @inline(__always)
    func lastBase0AuctionId(_ p: NexmarkCyclePosition) -> Int64 {
        if p.offset < personProportion { return (p.epoch - 1) * auctionProportion + auctionProportion - 1 }
        if p.offset >= personProportion + auctionProportion { return p.epoch * auctionProportion + auctionProportion - 1 }
        return p.epoch * auctionProportion + p.offset - personProportion
    }
}

/// Where an event id falls in the cycle of `totalProportion` events: the cycle number and the
/// offset inside it (the offset picks the kind).
struct NexmarkCyclePosition {
    var epoch: Int64
    var offset: Int64

    /// Moves to the next event id.
    @inline(__always)
    mutating func advance(total: Int64) {
        offset += 1
        if offset == total {
            offset = 0
            epoch += 1
        }
    }
}
