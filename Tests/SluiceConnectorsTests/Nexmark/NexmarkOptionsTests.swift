import SluiceColumnar
import Testing
@testable import SluiceConnectors

@Suite("NexmarkOptions")
struct NexmarkOptionsTests {
    func message(_ options: [String: String]) -> String? {
        do {
            _ = try NexmarkOptions(options)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("defaults are the reference connector's")
    func defaults() throws {
        let o = try NexmarkOptions(["connector": "nexmark"])
        #expect(o.firstEventRate == 10_000 && o.nextEventRate == 10_000 && o.eventsNum == 0)
        #expect(o.personProportion == 1 && o.auctionProportion == 3 && o.bidProportion == 46)
        #expect(o.maxEmitSpeed && !o.keepAlive && o.stopAt == -1 && o.bidderOffsetCompat)
        #expect(o.hotAuctionRatio == 2 && o.hotBiddersRatio == 4 && o.hotSellersRatio == 4)
    }

    @Test("every option is parsed from its reference name")
    func parsesAll() throws {
        let o = try NexmarkOptions([
            "first-event.rate": "5000", "next-event.rate": "6000", "events.num": "123", "person.proportion": "2",
            "auction.proportion": "4", "bid.proportion": "40", "keep-alive": "TRUE", "stop-at": "99",
            "max-emit-speed": "false", "seed": "-7", "base-time": "2025-12-31 23:59:53.250",
            "bidder-offset-compat": "false", "bid.avg-size": "120b", "auction.hot-ratio.sellers": "10",
        ])
        #expect(o.firstEventRate == 5000 && o.nextEventRate == 6000 && o.eventsNum == 123)
        #expect(o.personProportion == 2 && o.auctionProportion == 4 && o.bidProportion == 40)
        #expect(o.keepAlive && o.stopAt == 99 && !o.maxEmitSpeed && o.seed == -7 && !o.bidderOffsetCompat)
        #expect(o.baseTimeMillis == 1_767_225_593_250 && o.avgBidByteSize == 120 && o.hotSellersRatio == 10)
        #expect(try NexmarkOptions(["base-time": "1767225593250"]).baseTimeMillis == 1_767_225_593_250)
    }

    @Test("bad options fail with the option's name, the value and what is valid")
    func errors() {
        #expect(message(["event.num": "5"])?.hasPrefix("unknown nexmark option `event.num`; did you mean `events.num`?") == true)
        #expect(message(["first-event.rate": "fast"]) == "nexmark option `first-event.rate` is 'fast'; expected an integer")
        #expect(message(["first-event.rate": "0"]) == "nexmark option `first-event.rate` is 0; it must be at least 1")
        #expect(message(["events.num": "-1"]) == "nexmark option `events.num` is -1; it must be at least 0")
        #expect(message(["stop-at": "-2"]) == "nexmark option `stop-at` is -2; it must be at least -1")
        #expect(message(["keep-alive": "yes"]) == "nexmark option `keep-alive` is 'yes'; expected true or false")
        #expect(message(["bid.proportion": "2000000"]) == "nexmark option `bid.proportion` is 2000000; it must be 0 … 1000000")
        #expect(message(["base-time": "yesterday"])
            == "nexmark option `base-time` is 'yesterday'; expected 'yyyy-MM-dd HH:mm:ss[.SSS]' (UTC) or epoch milliseconds")
        #expect(message(["person.avg-size": "1kb"])?.hasPrefix("nexmark option `person.avg-size` is '1kb'; expected a size in bytes") == true)
        #expect(message(["person.proportion": "0", "auction.proportion": "0", "bid.proportion": "0"])?
            .contains("are all 0; at least one must be positive") == true)
    }

    @Test("event kinds are parsed from view names")
    func kinds() throws {
        #expect(try NexmarkEventKinds(parsing: "bid") == .bids)
        #expect(try NexmarkEventKinds(parsing: "Persons") == .persons)
        #expect(try NexmarkEventKinds(parsing: "all") == .all)
        #expect(throws: SluiceError.self) { try NexmarkEventKinds(parsing: "bidz") }
    }
}
