import SluiceColumnar

/// The column writers of a person batch.
struct NexmarkPersonColumns: NexmarkKindColumns {
    var id: UnsafeNexmarkInt64Writer
    var name: UnsafeNexmarkStringWriter, email: UnsafeNexmarkStringWriter, creditCard: UnsafeNexmarkStringWriter
    var city: UnsafeNexmarkStringWriter, state: UnsafeNexmarkStringWriter
    var dateTime: UnsafeNexmarkInt64Writer
    var extra: UnsafeNexmarkStringRefWriter

    let enabled: Bool
    static let schema = NexmarkSchemas.person

    init(rows: Int, enabled: Bool = true) {
        self.enabled = enabled
        id = .init(rows: rows)
        name = .init(rows: rows, bytesPerRow: 12)
        email = .init(rows: rows, bytesPerRow: 16)
        creditCard = .init(rows: rows, bytesPerRow: 19)
        city = .init(rows: rows, bytesPerRow: 8)
        state = .init(rows: rows, bytesPerRow: 2)
        dateTime = .init(NexmarkSchemas.time, rows: rows)
        extra = .init(rows: rows)
    }

    consuming func finishColumns(_ t: UnsafeNexmarkTablePointers) -> [Column] {
        [
            id.finish(), name.finish(), email.finish(), creditCard.finish(), city.finish(), state.finish(),
            dateTime.finish(), extra.finish(slicesOf: t.pool),
        ]
    }
}

/// The reference generator's fixed word lists, flat.
enum NexmarkPersonWords {
    static let firstNames = flat(["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"])
    static let lastNames = flat(["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"])
    static let cities = flat(["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle",
                              "Kent", "Cheyenne"])
    static let states = flat(["AZ", "CA", "ID", "OR", "WA", "WY"])

    static func flat(_ words: [String]) -> FlatStrings {
        var f = FlatStrings()
        for w in words { f.append(Array(w.utf8)) }
        return f
    }
}

extension NexmarkGenerator {
    /// One person, drawing in the reference order: name, email, credit card, city, state, extra.
    /// The strings are composed in the scratch buffer: name at 0, email at 64, card at 128, words at 256.
    mutating func nextPerson(_ p: NexmarkCyclePosition, time: Int64, into columns: inout NexmarkPersonColumns,
                             _ t: UnsafeNexmarkTablePointers) {
        let id = split.lastBase0PersonId(p) + 1000
        let s = t.scratch
        var nameLength = NexmarkPersonWords.firstNames.copy(Int(random.nextInt(11)), to: s)
        s[nameLength] = 32
        nameLength += 1
        nameLength += NexmarkPersonWords.lastNames.copy(Int(random.nextInt(9)), to: s + nameLength)
        let email = s + 64
        let user = NexmarkStrings.randomString(&random, maxLength: 7, special: 32, into: s + 256)
        let host = NexmarkStrings.randomString(&random, maxLength: 5, special: 32, into: s + 320)
        var emailLength = 0
        for i in user { email[emailLength] = s[256 + i]; emailLength += 1 }
        email[emailLength] = UInt8(ascii: "@")
        emailLength += 1
        for i in host { email[emailLength] = s[320 + i]; emailLength += 1 }
        for c in ".com".utf8 { email[emailLength] = c; emailLength += 1 }
        let card = s + 128
        for group in 0..<4 {
            var v = random.nextInt(10000)
            let at = card + group * 5
            for digit in (0..<4).reversed() {
                at[digit] = UInt8(truncatingIfNeeded: 48 + v % 10)
                v /= 10
            }
            if group < 3 { at[4] = 32 }
        }
        let city = Int(random.nextInt(10)), state = Int(random.nextInt(6))
        let size = 8 + nameLength + emailLength + 19 + NexmarkPersonWords.cities.length(city)
            + NexmarkPersonWords.states.length(state)
        let extra = NexmarkStrings.extra(&random, currentSize: size, averageSize: options.avgPersonByteSize)
        guard columns.enabled else { return }
        columns.id.append(id)
        columns.name.append(s, nameLength)
        columns.email.append(email, emailLength)
        columns.creditCard.append(card, 19)
        NexmarkPersonWords.cities.append(city, to: &columns.city)
        NexmarkPersonWords.states.append(state, to: &columns.state)
        columns.dateTime.append(time &* 1000)
        columns.extra.append(start: extra.start, length: extra.count)
    }
}

extension FlatStrings {
    func length(_ i: Int) -> Int { Int(starts[i + 1] - starts[i]) }

    /// Copies string `i` to `out`; returns its length.
    func copy(_ i: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let start = Int(starts[i]), n = length(i)
        for k in 0..<n { out[k] = bytes[start + k] }
        return n
    }

    func append(_ i: Int, to writer: inout UnsafeNexmarkStringWriter) {
        bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { s in writer.append(s.baseAddress!, b.baseAddress!, i) }
        }
    }
}
