import SluiceColumnar

/// The column writers of a bid batch.
struct NexmarkBidColumns {
    var auction: UnsafeNexmarkInt64Writer, bidder: UnsafeNexmarkInt64Writer, price: UnsafeNexmarkInt64Writer
    var channel: UnsafeNexmarkStringWriter, url: UnsafeNexmarkStringWriter
    var dateTime: UnsafeNexmarkInt64Writer
    var extra: UnsafeNexmarkStringWriter

    /// False for a kind that was not requested: its events draw their numbers but write nothing.
    let enabled: Bool

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

    /// Makes the deferred string copies (inside the generator's table-pointer scope).
    mutating func flushDeferred() {
        channel.flushDeferred()
        url.flushDeferred()
        extra.flushDeferred()
    }

    consuming func finish() throws(SluiceError) -> RecordBatch? {
        guard enabled else { return nil }
        let n = extra.count
        return try RecordBatch(schema: NexmarkSchemas.bid, columns: [
            auction.finish(), bidder.finish(), price.finish(), channel.finish(), url.finish(),
            dateTime.finish(), extra.finish(),
        ], count: n)
    }
}

extension NexmarkGenerator {
    /// One bid, drawing in the reference order: auction (hot or recent), bidder (hot or active),
    /// price, channel (hot or cached), extra.
    @inline(__always)
    mutating func nextBid(_ p: NexmarkCyclePosition, time: Int64, into columns: inout NexmarkBidColumns,
                          _ t: UnsafeNexmarkTablePointers) {
        var auction: Int64
        if random.nextInt(Int32(options.hotAuctionRatio)) > 0 {
            auction = (split.lastBase0AuctionId(p) / 100) * 100
        } else {
            auction = nextBase0AuctionId(p)
        }
        auction += 1000
        var bidder: Int64
        if random.nextInt(Int32(options.hotBiddersRatio)) > 0 {
            bidder = (split.lastBase0PersonId(p) / 100) * 100 + 1
        } else {
            bidder = nextBase0PersonId(p)
        }
        bidder += options.bidderOffsetCompat ? 2000 : 1000
        let price = NexmarkStrings.price(&random)
        let channel: Int
        if random.nextInt(2) > 0 {
            channel = Int(random.nextInt(4))
        } else {
            channel = 4 + Int(random.nextInt(Int32(NexmarkTables.channelCount)))
        }
        let extra = NexmarkStrings.extra(&random, currentSize: 32, averageSize: options.avgBidByteSize)
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
