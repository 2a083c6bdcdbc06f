/// Pointers into the shared tables and a scratch buffer, valid for one `NexmarkGenerator.next` call.
struct UnsafeNexmarkTablePointers {
    let pool: UnsafePointer<UInt8>
    let nameStarts: UnsafePointer<Int32>
    let nameBytes: UnsafePointer<UInt8>
    let urlStarts: UnsafePointer<Int32>
    let urlBytes: UnsafePointer<UInt8>
    /// `NexmarkPrice.scaleTable`.
    let priceScale: UnsafePointer<Double>
    /// `scratchSize` bytes for composing one event's strings.
    let scratch: UnsafeMutablePointer<UInt8>
    static let scratchSize = 512
}

extension NexmarkTables {
    /// Runs `body` with pointers into this object's arrays and a fresh stack scratch buffer.
    func withPointers(_ body: (UnsafeNexmarkTablePointers) -> Void) {
        // SAFETY: the arrays are immutable `let`s of this object, which outlives the call; the
        // pointers do not escape `body`.
        pool.withUnsafeBufferPointer { pool in
            channelNames.bytes.withUnsafeBufferPointer { nameBytes in
                channelNames.starts.withUnsafeBufferPointer { nameStarts in
                    channelURLs.bytes.withUnsafeBufferPointer { urlBytes in
                        channelURLs.starts.withUnsafeBufferPointer { urlStarts in
                            NexmarkPrice.scaleTable.withUnsafeBufferPointer { priceScale in
                                withScratch { s in
                                    body(UnsafeNexmarkTablePointers(
                                        pool: pool.baseAddress!, nameStarts: nameStarts.baseAddress!,
                                        nameBytes: nameBytes.baseAddress!, urlStarts: urlStarts.baseAddress!,
                                        urlBytes: urlBytes.baseAddress!, priceScale: priceScale.baseAddress!, scratch: s))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A zeroed stack buffer of `scratchSize` bytes (zeroed: chunked copies read a few bytes past
    /// each string).
    private func withScratch(_ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: UnsafeNexmarkTablePointers.scratchSize) { s in
            s.initialize(repeating: 0)
            body(s.baseAddress!)
        }
    }
}
