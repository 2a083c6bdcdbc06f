import SluiceColumnar

/// Generates one split of the Nexmark stream as typed columnar batches, event for event the same
/// as the reference generator seeded as NEXMARK.md describes.
///
/// Design: a value type holding the split, the random stream and a position. `next` generates the
/// next events of the split in one loop, routing each to the column writers of its kind; kinds not
/// requested still draw their random numbers (the stream is shared) but write nothing. Strings go
/// from a stack scratch buffer straight into column bytes; strings cut from the shared tables and
/// prices are recorded per row and finished after the loop in tight loops (`finishColumns`): no
/// allocation, no `String`, no existential call per event. Bids draw their conditional values
/// speculatively (`nextBidSpeculative`), falling back to the plain recipe in the rare cases it
/// cannot decide.
///
/// Threading: one generator per split, used by one thread at a time; the tables are shared read-only.
public struct NexmarkGenerator: Sendable {
    public let options: NexmarkOptions
    public let split: NexmarkSplit
    let tables: NexmarkTables
    /// A bid's fields other than `extra` have a fixed size, so its padding bounds are precomputed.
    let bidExtra: NexmarkExtraPlan
    let bidBounds: NexmarkBidBounds?
    /// Whether bids may take the speculative path (tests compare it with the plain one).
    var speculativeDraws = true
    var random: JavaSplittableRandom
    /// Events generated so far by this split.
    public private(set) var eventsSoFar: Int64 = 0

    /// The generator of split `index` of `count`; `tables` may be shared by all splits of one seed.
    public init(options: NexmarkOptions, split index: Int = 0, of count: Int = 1, tables: NexmarkTables? = nil) {
        self.options = options
        split = NexmarkSplit(options, index: index, count: count)
        self.tables = tables ?? NexmarkTables(seed: options.seed)
        random = JavaSplittableRandom(seed: options.seed &+ Int64(index))
        bidExtra = NexmarkExtraPlan(currentSize: 32, averageSize: options.avgBidByteSize)
        bidBounds = NexmarkBidBounds(options)
    }

    /// Events this split will still generate (`events.num` / `stop-at` share minus what was generated).
    public var remaining: Int64 { split.eventLimit - eventsSoFar }
    public var isExhausted: Bool { remaining <= 0 }

    /// Event time (ms) of the next event to generate.
    public var nextEventTimeMillis: Int64 { split.timestampMillis(eventNumber: split.firstEventNumber + eventsSoFar) }

    /// Generates up to `maxEvents` next events (fewer when the split ends) into batches of `kinds`;
    /// `recordOrder` also returns every event's kind in order.
    public mutating func next(maxEvents: Int, kinds: NexmarkEventKinds = .all, recordOrder: Bool = false) throws(SluiceError) -> NexmarkBatches {
        let n = Int(min(Int64(max(maxEvents, 0)), max(remaining, 0)))
        let total = split.totalProportion
        // At most this many of `n` consecutive events have a kind of proportion `share`.
        func rows(_ share: Int64) -> Int { Int(Int64(n) / total * share + min(share, Int64(n) % total)) }
        func rows(_ kind: NexmarkEventKinds, _ share: Int64) -> Int { kinds.contains(kind) ? rows(share) : 0 }
        var persons = NexmarkPersonColumns(rows: rows(.persons, split.personProportion), enabled: kinds.contains(.persons))
        var auctions = NexmarkAuctionColumns(rows: rows(.auctions, split.auctionProportion), enabled: kinds.contains(.auctions))
        let bidShare = total - split.personProportion - split.auctionProportion
        var bids = NexmarkBidColumns(rows: rows(.bids, bidShare), enabled: kinds.contains(.bids))
        var order: [Int32]? = recordOrder ? [] : nil
        order?.reserveCapacity(n)
        var lastTime: Int64?
        var columns: (persons: [Column]?, auctions: [Column]?, bids: [Column]?) = (nil, nil, nil)
        var position = split.cyclePosition(split.firstEventId + split.firstEventNumber + eventsSoFar)
        tables.withPointers { t in
            for _ in 0..<n {
                let eventNumber = split.firstEventNumber + eventsSoFar
                let time = split.timestampMillis(eventNumber: eventNumber)
                if position.offset < split.personProportion {
                    nextPerson(position, time: time, into: &persons, t)
                    order?.append(0)
                } else if position.offset < split.personProportion + split.auctionProportion {
                    nextAuction(position, eventNumber: eventNumber, time: time, into: &auctions, t)
                    order?.append(1)
                } else {
                    if !nextBidSpeculative(position, time: time, into: &bids, t) { nextBid(position, time: time, into: &bids, t) }
                    order?.append(2)
                }
                lastTime = time
                eventsSoFar += 1
                position.advance(total: total)
            }
            columns = (persons.finish(t), auctions.finish(t), bids.finish(t))
        }
        return NexmarkBatches(persons: try NexmarkPersonColumns.batch(columns.persons),
                              auctions: try NexmarkAuctionColumns.batch(columns.auctions),
                              bids: try NexmarkBidColumns.batch(columns.bids),
                              eventTypes: order, events: n, lastEventTimeMillis: lastTime)
    }

    /// The bounds of the random person and auction draws once the stream is past its first
    /// thousand people / hundred auctions (1000 active + 10 ahead, 101 in flight + 10 ahead), with
    /// their remainders precomputed; before that the bound grows and a division is used.
    static let activePeopleBound = JavaBound(1010)
    static let inFlightAuctionsBound = JavaBound(111)

    /// A random person id (base 0) among the active people plus a few not yet generated.
    @inline(__always)
    mutating func nextBase0PersonId(_ p: NexmarkCyclePosition) -> Int64 {
        let numPeople = split.lastBase0PersonId(p) + 1
        if numPeople >= 1000 { return numPeople - 1000 + Int64(random.nextInt(NexmarkGenerator.activePeopleBound)) }
        return random.nextLong(below: numPeople + 10)
    }

    /// A person id (base 0): with probability 1 − 1/`hotRatio` the hot one (the last hundred's first
    /// plus `hotOffset`), else a random active one.
    @inline(__always)
    mutating func nextPerson(_ p: NexmarkCyclePosition, hotRatio: Int, hotOffset: Int64) -> Int64 {
        if random.nextInt(Int32(hotRatio)) > 0 { return split.lastBase0PersonId(p) / 100 * 100 + hotOffset }
        return nextBase0PersonId(p)
    }

    /// A random auction id (base 0) among those likely in flight plus a few not yet generated.
    @inline(__always)
    mutating func nextBase0AuctionId(_ p: NexmarkCyclePosition) -> Int64 {
        let maxAuction = split.lastBase0AuctionId(p)
        if maxAuction >= 100 { return maxAuction - 100 + Int64(random.nextInt(NexmarkGenerator.inFlightAuctionsBound)) }
        return random.nextLong(below: maxAuction + 1 + 10)
    }
}
