/// Byte layout of the entries arena of a `StateTable` (see the picture on `StateTable`).
enum EntryLayout {
    static let magic: UInt64 = 0x3142_4154_5354_4C53   // "SLSTTAB1" little-endian
    static let headerSize = 64
    // Header fields.
    static let slotWidthAt = 8
    static let maxParallelismAt = 12
    static let recordCountAt = 16
    static let freeHeadAt = 20
    static let liveCountAt = 24
    static let firstGroupAt = 32
    static let lastGroupAt = 36
    // Record fields (relative to the record).
    static let hashAt = 0
    static let keyGroupAt = 8
    static let keyLengthAt = 12
    static let keyAt = 16
    static let slotAt = 32
    static let inlineKeyLimit = 16
    static let freeRecord = UInt32.max

    static func recordWidth(slotWidth: Int) -> Int { slotAt + (slotWidth + 7) & ~7 }
}
