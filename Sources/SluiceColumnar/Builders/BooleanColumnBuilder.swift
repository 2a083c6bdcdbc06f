/// Appends booleans, bit-packed.
public struct BooleanColumnBuilder {
    private var words = MutableBuffer()
    private var validity = ValidityBuilder()

    public init(capacity: Int = 0) {
        words = MutableBuffer(capacity: Bitmap.wordCount(capacity) * 8)
    }

    public var count: Int { validity.count }

    public mutating func append(_ value: Bool) {
        setBit(value)
        validity.appendValid()
    }

    public mutating func append(_ value: Bool?) {
        if let value { append(value) } else { appendNull() }
    }

    public mutating func appendNull() {
        setBit(false)
        validity.appendNull()
    }

    private mutating func setBit(_ value: Bool) {
        let bit = validity.count
        if bit & 63 == 0 { words.append(UInt64(0)) }
        if value {
            let w = bit >> 6
            words.store(words.load(UInt64.self, at: w) | (1 << UInt64(bit & 63)), at: w)
        }
    }

    public consuming func finish() -> Column {
        let n = validity.count
        return Column(type: .boolean, count: n, storage: .bits(Bitmap(words: words.freeze(), count: n)),
                      validity: validity.finish())
    }
}
