import SluiceColumnar

/// Which of the three event kinds a generator or source produces.
public struct NexmarkEventKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let persons = NexmarkEventKinds(rawValue: 1)
    public static let auctions = NexmarkEventKinds(rawValue: 2)
    public static let bids = NexmarkEventKinds(rawValue: 4)
    public static let all: NexmarkEventKinds = [.persons, .auctions, .bids]

    /// Whether the set holds exactly one kind.
    public var isSingle: Bool { self == .persons || self == .auctions || self == .bids }
}

/// The schemas of Nexmark's typed batches and of the reference table, with the field names and
/// types of the reference DDL (TIMESTAMP(3) as microseconds, like every Sluice timestamp).
public enum NexmarkSchemas {
    static let time = DataType.timestamp(precision: 3)

    public static let personFields = [
        Field("id", .int64), Field("name", .string), Field("emailAddress", .string), Field("creditCard", .string),
        Field("city", .string), Field("state", .string), Field("dateTime", time), Field("extra", .string),
    ]
    public static let auctionFields = [
        Field("id", .int64), Field("itemName", .string), Field("description", .string), Field("initialBid", .int64),
        Field("reserve", .int64), Field("dateTime", time), Field("expires", time), Field("seller", .int64),
        Field("category", .int64), Field("extra", .string),
    ]
    public static let bidFields = [
        Field("auction", .int64), Field("bidder", .int64), Field("price", .int64), Field("channel", .string),
        Field("url", .string), Field("dateTime", time), Field("extra", .string),
    ]

    /// Persons, with `dateTime` as the event-time column.
    public static let person = Schema(personFields, eventTimeIndex: 6)
    public static let auction = Schema(auctionFields, eventTimeIndex: 5)
    public static let bid = Schema(bidFields, eventTimeIndex: 5)

    /// The reference table: `event_type INT` (0 person, 1 auction, 2 bid), the three nullable rows,
    /// and the computed `dateTime` (the nested dateTime of whichever row is set) as event time.
    public static let referenceTable = Schema([
        Field("event_type", .int32), Field("person", .row(personFields)), Field("auction", .row(auctionFields)),
        Field("bid", .row(bidFields)), Field("dateTime", time),
    ], eventTimeIndex: 4)

    /// The schema of a source producing `kinds`: the kind's own schema for one kind, the reference
    /// table for several.
    public static func schema(for kinds: NexmarkEventKinds) -> Schema {
        if kinds == .persons { return person }
        if kinds == .auctions { return auction }
        if kinds == .bids { return bid }
        return referenceTable
    }
}

extension NexmarkEventKinds {
    /// `person`/`persons`, `auction`/`auctions`, `bid`/`bids` or `all` (case-insensitive), as a
    /// planner names the view a query reads.
    public init(parsing name: String) throws(SluiceError) {
        switch name.lowercased() {
        case "person", "persons": self = .persons
        case "auction", "auctions": self = .auctions
        case "bid", "bids": self = .bids
        case "all": self = .all
        default: throw .invalidInput("unknown nexmark event kind '\(name)'; expected person, auction, bid or all")
        }
    }
}
