import SluiceColumnar
import Testing
@testable import SluiceConnectors

@Suite("NexmarkGenerator")
struct NexmarkGeneratorTests {
    static func options(_ extra: [String: String] = [:]) throws -> NexmarkOptions {
        try NexmarkOptions(["seed": "7", "events.num": "5003", "base-time": "1767225593250"].merging(extra) { $1 })
    }

    /// Every batch of every split, generated in chunks of `chunk` events.
    static func generate(_ options: NexmarkOptions, splits: Int, chunk: Int = 4096,
                         kinds: NexmarkEventKinds = .all) throws -> [[NexmarkBatches]] {
        try (0..<splits).map { split in
            var g = NexmarkGenerator(options: options, split: split, of: splits)
            var out: [NexmarkBatches] = []
            while !g.isExhausted { out.append(try g.next(maxEvents: chunk, kinds: kinds)) }
            return out
        }
    }

    static func ints(_ batches: [NexmarkBatches], _ kind: KeyPath<NexmarkBatches, RecordBatch?>, _ column: Int) -> [Int64] {
        batches.flatMap { b in (b[keyPath: kind]?.rows() ?? []).map { if case .int(let v) = $0[column] { v } else { -1 } } }
    }

    static func micros(_ v: Value) -> Int64 {
        if case .timestamp(let t) = v { return t }
        return -1
    }

    @Test("events.num is exact over 1, 2 and 4 splits and every person and auction id appears exactly once",
          arguments: [1, 2, 4])
    func boundedCounts(splits: Int) throws {
        let all = try Self.generate(try Self.options(), splits: splits).flatMap { $0 }
        #expect(all.reduce(0) { $0 + $1.events } == 5003)
        // Event ids are 2 … 5004 whatever the split count; id % 50 picks the kind.
        let ids = (2...5004) as ClosedRange<Int64>
        let persons = ids.filter { $0 % 50 == 0 }.map { 1000 + $0 / 50 }
        let auctions = ids.filter { (1...3).contains($0 % 50) }.map { 1000 + ($0 / 50) * 3 + $0 % 50 - 1 }
        #expect(Self.ints(all, \.persons, 0).sorted() == persons)
        #expect(Self.ints(all, \.auctions, 0).sorted() == auctions)
        #expect(all.reduce(0) { $0 + ($1.bids?.count ?? 0) } == ids.count - persons.count - auctions.count)
    }

    @Test("splits share one event-time timeline and each split's times are monotonic")
    func timeline() throws {
        let o = try Self.options()
        let starts = (0..<4).map { NexmarkGenerator(options: o, split: $0, of: 4).nextEventTimeMillis }
        #expect(Set(starts).count == 1)
        for split in try Self.generate(o, splits: 4) {
            let times = split.flatMap { b in (b.bids?.rows() ?? []).map { Self.micros($0[5]) } }
            #expect(times == times.sorted())
            // 10,000 events/s over 4 splits: each split's ~1,250 events span ~0.5 s.
            #expect(abs(times.last! - times.first! - 500_000) < 5_000)
        }
    }

    @Test("proportions decide the kinds exactly")
    func proportions() throws {
        let o = try Self.options(["person.proportion": "2", "auction.proportion": "3", "bid.proportion": "5", "events.num": "1000"])
        let all = try Self.generate(o, splits: 1).flatMap { $0 }
        #expect(all.reduce(0) { $0 + ($1.persons?.count ?? 0) } == 200)
        #expect(all.reduce(0) { $0 + ($1.auctions?.count ?? 0) } == 300)
        #expect(all.reduce(0) { $0 + ($1.bids?.count ?? 0) } == 500)
        let onlyBids = try Self.options(["person.proportion": "0", "auction.proportion": "0", "events.num": "100"])
        #expect(try Self.generate(onlyBids, splits: 1).flatMap { $0 }.reduce(0) { $0 + ($1.bids?.count ?? 0) } == 100)
    }

    @Test("a bid-only generator builds only bid batches, equal to the bids of all kinds; chunking does not matter")
    func kindsAndChunks() throws {
        let o = try Self.options()
        let all = try Self.generate(o, splits: 2).flatMap { $0 }
        let bidsOnly = try Self.generate(o, splits: 2, chunk: 777, kinds: .bids).flatMap { $0 }
        #expect(bidsOnly.allSatisfy { $0.persons == nil && $0.auctions == nil })
        #expect(bidsOnly.flatMap { $0.bids!.rows() } == all.flatMap { $0.bids!.rows() })
        let small = try Self.generate(o, splits: 2, chunk: 13).flatMap { $0 }
        #expect(small.flatMap { $0.auctions!.rows() } == all.flatMap { $0.auctions!.rows() })
        #expect(small.flatMap { $0.persons!.rows() } == all.flatMap { $0.persons!.rows() })
    }

    @Test("bidder-offset-compat adds the person offset once more, as the reference does")
    func bidderOffset() throws {
        let compat = Self.ints(try Self.generate(try Self.options(), splits: 1)[0], \.bids, 1)
        let fixed = Self.ints(try Self.generate(try Self.options(["bidder-offset-compat": "false"]), splits: 1)[0], \.bids, 1)
        #expect(compat.count == fixed.count && !compat.isEmpty)
        #expect(zip(compat, fixed).allSatisfy { $0 == $1 + 1000 })
        // Without the double offset the hot bidders are persons that exist.
        let persons = Set(Self.ints(try Self.generate(try Self.options(), splits: 1)[0], \.persons, 0))
        #expect(fixed.filter { persons.contains($0) }.count > fixed.count / 2)
    }

    @Test("extra pads each kind to its average size: ±20 %, exact when the spread rounds to 0, none when too small")
    func extraSizes() throws {
        func extraLengths(_ avg: String) throws -> [Int] {
            let batches = try Self.generate(try Self.options(["bid.avg-size": avg, "events.num": "500"]), splits: 1)[0]
            return batches.flatMap { $0.bids!.rows() }.map { if case .string(let s) = $0[6] { s.utf8.count } else { -1 } }
        }
        let normal = try extraLengths("100")
        #expect(normal.allSatisfy { (54...81).contains($0) } && Set(normal).count > 10)
        #expect(try extraLengths("34").allSatisfy { $0 == 2 })
        #expect(try extraLengths("20").allSatisfy { $0 == 0 })
    }

    @Test("stop-at ends each split at its share; another seed gives other events")
    func stopAtAndSeed() throws {
        let stopped = try Self.generate(try Self.options(["stop-at": "1001", "events.num": "0"]), splits: 2)
        #expect(stopped.map { $0.reduce(0) { $0 + $1.events } } == [500, 501])
        let a = try Self.generate(try Self.options(["events.num": "200"]), splits: 1)[0].flatMap { $0.bids!.rows() }
        let b = try Self.generate(try Self.options(["events.num": "200", "seed": "8"]), splits: 1)[0].flatMap { $0.bids!.rows() }
        #expect(a.count == b.count && a != b)
    }

    @Test("speculative draws give the plain path's events, also with non-power-of-two hot ratios",
          arguments: [["seed": "7"], ["seed": "1", "bid.hot-ratio.auctions": "3", "bid.hot-ratio.bidders": "5"]])
    func speculativeDraws(extra: [String: String]) throws {
        let o = try Self.options(extra.merging(["events.num": "400000"]) { $1 })
        var fast = NexmarkGenerator(options: o), plain = fast
        plain.speculativeDraws = false
        while !fast.isExhausted {
            let a = try fast.next(maxEvents: 50_000, kinds: .bids), b = try plain.next(maxEvents: 50_000, kinds: .bids)
            #expect(a.bids!.rows() == b.bids!.rows())
        }
        #expect(fast.random.seed == plain.random.seed)
    }
}
