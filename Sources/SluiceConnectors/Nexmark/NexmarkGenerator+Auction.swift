import SluiceColumnar

/// The column writers of an auction batch.
struct NexmarkAuctionColumns: NexmarkKindColumns {
    var id: UnsafeNexmarkInt64Writer
    var itemName: UnsafeNexmarkStringWriter, description: UnsafeNexmarkStringWriter
    var initialBid: UnsafeNexmarkInt64Writer, reserve: UnsafeNexmarkInt64Writer
    var dateTime: UnsafeNexmarkInt64Writer, expires: UnsafeNexmarkInt64Writer
    var seller: UnsafeNexmarkInt64Writer, category: UnsafeNexmarkInt64Writer
    var extra: UnsafeNexmarkStringRefWriter

    let enabled: Bool
    static let schema = NexmarkSchemas.auction

    init(rows: Int, enabled: Bool = true) {
        self.enabled = enabled
        id = .init(rows: rows)
        itemName = .init(rows: rows, bytesPerRow: 12)
        description = .init(rows: rows, bytesPerRow: 52)
        initialBid = .init(rows: rows)
        reserve = .init(rows: rows)
        dateTime = .init(NexmarkSchemas.time, rows: rows)
        expires = .init(NexmarkSchemas.time, rows: rows)
        seller = .init(rows: rows)
        category = .init(rows: rows)
        extra = .init(rows: rows)
    }

    consuming func finishColumns(_ t: UnsafeNexmarkTablePointers) -> [Column] {
        initialBid.resolvePrices(t.priceScale)
        reserve.resolvePrices(t.priceScale, adding: initialBid)
        return [
            id.finish(), itemName.finish(), description.finish(), initialBid.finish(),
            reserve.finish(), dateTime.finish(), expires.finish(), seller.finish(),
            category.finish(), extra.finish(slicesOf: t.pool),
        ]
    }
}

extension NexmarkGenerator {
    /// One auction, drawing in the reference order: seller, category, initial bid, expiry, item name,
    /// description, reserve, extra.
    mutating func nextAuction(_ p: NexmarkCyclePosition, eventNumber: Int64, time: Int64, into columns: inout NexmarkAuctionColumns,
                              _ t: UnsafeNexmarkTablePointers) {
        let id = split.lastBase0AuctionId(p) + 1000
        // Hot sellers are the first person of the last hundred.
        let seller = 1000 + nextPerson(p, hotRatio: options.hotSellersRatio, hotOffset: 0)
        let category = 10 + Int64(random.nextInt(5))
        let initialBid = NexmarkStrings.priceArgument(&random)
        // The auction lasts about as long as it takes to generate the next 100 auctions.
        let horizon = split.timestampMillis(eventNumber: eventNumber + split.eventsFor100Auctions) - time
        let expires = time + 1 + random.nextLong(below: max(horizon * 2, 1))
        let name = NexmarkStrings.randomString(&random, maxLength: 20, special: 32, into: t.scratch)
        let descriptionAt = t.scratch + 128
        let description = NexmarkStrings.randomString(&random, maxLength: 100, special: 32, into: descriptionAt)
        // The reserve is the initial bid plus another price (added when the prices are resolved).
        let reserve = NexmarkStrings.priceArgument(&random)
        let size = 8 + name.count + description.count + 40
        let extra = NexmarkStrings.extra(&random, currentSize: size, averageSize: options.avgAuctionByteSize)
        guard columns.enabled else { return }
        columns.id.append(id)
        columns.itemName.append(t.scratch + name.lowerBound, name.count)
        columns.description.append(descriptionAt + description.lowerBound, description.count)
        columns.initialBid.appendPriceArgument(initialBid)
        columns.reserve.appendPriceArgument(reserve)
        columns.dateTime.append(time &* 1000)
        columns.expires.append(expires &* 1000)
        columns.seller.append(seller)
        columns.category.append(category)
        columns.extra.append(start: extra.start, length: extra.count)
    }
}
