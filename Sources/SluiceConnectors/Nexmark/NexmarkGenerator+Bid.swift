import SluiceColumnar

/// The column writers of a bid batch.
struct NexmarkBidColumns: NexmarkKindColumns {
    var auction: UnsafeNexmarkInt64Writer, bidder: UnsafeNexmarkInt64Writer, price: UnsafeNexmarkInt64Writer
    var channel: UnsafeNexmarkStringWriter, url: UnsafeNexmarkStringWriter
    var dateTime: UnsafeNexmarkInt64Writer
    var extra: UnsafeNexmarkStringWriter

    let enabled: Bool
    static let schema = NexmarkSchemas.bid

    init(rows: Int, enabled: Bool = true) {
        self.enabled = enabled
        auction = .init(rows: rows)
        bidder = .init(rows: rows)
        price = .init(rows: rows)
        channel = .init(rows: rows, bytesPerRow: 12)
        url = .init(rows: rows, bytesPerRow: 80)
        dateTime = .init(NexmarkSchemas.time, rows: rows)
        extra = .init(rows: rows, bytesPerRow: 70)
    }

    mutating func flushDeferred() {
        channel.flushDeferred()
        url.flushDeferred()
        extra.flushDeferred()
    }

    consuming func finishColumns() -> [Column] {
        [
            auction.finish(), bidder.finish(), price.finish(), channel.finish(), url.finish(),
            dateTime.finish(), extra.finish(),
        ]
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
        let price = NexmarkStrings.price(&random)
        let channel: Int
        if random.nextInt(2) > 0 {
            channel = Int(random.nextInt(4))
        } else {
            channel = 4 + Int(random.nextInt(Int32(NexmarkTables.channelCount)))
        }
        let extra = NexmarkStrings.extra(&random, bidExtra)
        guard columns.enabled else { return }
        columns.auction.append(auction)
        columns.bidder.append(bidder)
        columns.price.append(price)
        columns.channel.appendDeferred(t.nameStarts, t.nameBytes, channel)
        columns.url.appendDeferred(t.urlStarts, t.urlBytes, channel)
        columns.dateTime.append(time &* 1000)
        columns.extra.appendDeferred(t.pool + extra.start, extra.count)
    }
}
