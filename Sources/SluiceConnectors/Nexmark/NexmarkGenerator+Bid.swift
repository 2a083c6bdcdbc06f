import SluiceColumnar

/// The column writers of a bid batch.
struct NexmarkBidColumns: NexmarkKindColumns {
    var auction: UnsafeNexmarkInt64Writer, bidder: UnsafeNexmarkInt64Writer, price: UnsafeNexmarkInt64Writer
    /// The channel, which picks both the channel name and the URL.
    var channel: UnsafeNexmarkStringRefWriter
    var dateTime: UnsafeNexmarkInt64Writer
    var extra: UnsafeNexmarkStringRefWriter

    let enabled: Bool
    static let schema = NexmarkSchemas.bid

    init(rows: Int, enabled: Bool = true) {
        self.enabled = enabled
        auction = .init(rows: rows)
        bidder = .init(rows: rows)
        price = .init(rows: rows)
        channel = .init(rows: rows)
        dateTime = .init(NexmarkSchemas.time, rows: rows)
        extra = .init(rows: rows)
    }

    consuming func finishColumns(_ t: UnsafeNexmarkTablePointers) -> [Column] {
        price.resolvePrices(t.priceScale)
        return [
            auction.finish(), bidder.finish(), price.finish(),
            channel.finish(indexesInto: t.nameStarts, bytes: t.nameBytes),
            channel.finish(indexesInto: t.urlStarts, bytes: t.urlBytes),
            dateTime.finish(), extra.finish(slicesOf: t.pool),
        ]
    }

    /// Appends one bid.
    @inline(__always)
    mutating func append(auction: Int64, bidder: Int64, priceArgument: Double, channel: Int, time: Int64,
                         extra: (start: Int, count: Int), _ t: UnsafeNexmarkTablePointers) {
        self.auction.append(auction)
        self.bidder.append(bidder)
        price.appendPriceArgument(priceArgument)
        self.channel.append(index: channel)
        dateTime.append(time &* 1000)
        self.extra.append(start: extra.start, length: extra.count)
    }
}

extension NexmarkGenerator {
    /// One bid, drawing in the reference order: auction (hot or recent), bidder (hot or active),
    /// price, channel (hot or cached), extra.
    @inline(__always)
    mutating func nextBid(_ p: NexmarkCyclePosition, time: Int64, into columns: inout NexmarkBidColumns,
                          _ t: UnsafeNexmarkTablePointers) {
        var auction = 1000 + split.lastBase0AuctionId(p) / 100 * 100
        if random.nextInt(Int32(options.hotAuctionRatio)) == 0 { auction = 1000 + nextBase0AuctionId(p) }
        // Hot bidders are the second person of the last hundred (so they are not the hot sellers).
        let bidder = (options.bidderOffsetCompat ? 2000 : 1000)
            + nextPerson(p, hotRatio: options.hotBiddersRatio, hotOffset: 1)
        let price = NexmarkStrings.priceArgument(&random)
        let channel: Int
        if random.nextInt(2) > 0 {
            channel = Int(random.nextInt(4))
        } else {
            channel = 4 + Int(random.nextInt(Int32(NexmarkTables.channelCount)))
        }
        let extra = NexmarkStrings.extra(&random, bidExtra)
        guard columns.enabled else { return }
        columns.append(auction: auction, bidder: bidder, priceArgument: price, channel: channel, time: time, extra: extra, t)
    }

    /// `nextBid` with its conditional draws made speculatively (see `JavaSplittableRandom.peekInt`):
    /// the same draws and values, with selects instead of the three unpredictable 50 % / 25 %
    /// branches. Returns false, having changed nothing, when one of the draws it used would be
    /// rejected by Java's bounded draw or the stream is still in its first thousand people / hundred
    /// auctions; the caller then runs `nextBid`.
    @inline(__always)
    mutating func nextBidSpeculative(_ p: NexmarkCyclePosition, time: Int64, into columns: inout NexmarkBidColumns,
                                     _ t: UnsafeNexmarkTablePointers) -> Bool {
        let lastAuction = split.lastBase0AuctionId(p), lastPerson = split.lastBase0PersonId(p)
        guard speculativeDraws, let b = bidBounds, lastAuction >= 100, lastPerson >= 999 else { return false }
        typealias R = JavaSplittableRandom
        var r = random
        // Auction: hot unless `nextInt(ratio) == 0`, which then draws one of the in-flight auctions.
        let hot = R.bounded(r.peekInt(1), b.hotAuctions), recent = R.bounded(r.peekInt(2), b.inFlightAuctions)
        let randomAuction = hot.value == 0
        let auction = 1000 + (randomAuction ? lastAuction - 100 + Int64(recent.value) : lastAuction / 100 * 100)
        r.advance(by: randomAuction ? 2 : 1)
        // Bidder: hot when `nextInt(ratio) > 0`, else one of the active people.
        let hotBidder = R.bounded(r.peekInt(1), b.hotBidders), active = R.bounded(r.peekInt(2), b.activePeople)
        let isHotBidder = hotBidder.value > 0
        let bidder = b.bidderOffset + (isHotBidder ? lastPerson / 100 * 100 + 1 : lastPerson + 1 - 1000 + Int64(active.value))
        r.advance(by: isHotBidder ? 1 : 2)
        let price = NexmarkStrings.priceArgument(&r)
        // Channel: `nextInt(2) > 0` picks a hot one by `nextInt(4)`, else a cached one; one draw either way.
        let hotChannel = r.peekInt(1) & 1 != 0, pick = r.peekInt(2)
        let cached = R.bounded(pick, b.channels)
        let channel = hotChannel ? Int(pick & 3) : 4 + Int(cached.value)
        r.advance(by: 2)
        let extra = NexmarkStrings.extra(&r, bidExtra)
        // Rejections are rarer than 1 in 10^6, so these branches are predicted.
        guard hot.accepted, hotBidder.accepted, recent.accepted || !randomAuction, active.accepted || isHotBidder,
              cached.accepted || hotChannel else { return false }
        random = r
        guard columns.enabled else { return true }
        columns.append(auction: auction, bidder: bidder, priceArgument: price, channel: channel, time: time, extra: extra, t)
        return true
    }
}

/// The bounds of a bid's draws, precomputed (nil when a ratio option is out of `JavaBound`'s range,
/// which leaves bids to the plain path).
struct NexmarkBidBounds: Sendable {
    let hotAuctions: JavaBound, hotBidders: JavaBound
    let inFlightAuctions = NexmarkGenerator.inFlightAuctionsBound
    let activePeople = NexmarkGenerator.activePeopleBound
    let channels = JavaBound(Int32(NexmarkTables.channelCount))
    let bidderOffset: Int64

    init?(_ options: NexmarkOptions) {
        guard (1...Int(Int32.max)).contains(options.hotAuctionRatio), (1...Int(Int32.max)).contains(options.hotBiddersRatio)
        else { return nil }
        hotAuctions = JavaBound(Int32(options.hotAuctionRatio))
        hotBidders = JavaBound(Int32(options.hotBiddersRatio))
        bidderOffset = options.bidderOffsetCompat ? 2000 : 1000
    }
}
