/// Pointers into the shared tables and a scratch buffer, valid for one `NexmarkGenerator.next` call.
struct UnsafeNexmarkTablePointers {
    let pool: UnsafePointer<UInt8>
    let nameStarts: UnsafePointer<Int32>
    let nameBytes: UnsafePointer<UInt8>
    let urlStarts: UnsafePointer<Int32>
    let urlBytes: UnsafePointer<UInt8>
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
                            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: UnsafeNexmarkTablePointers.scratchSize) { s in
                                // Zeroed: chunked copies read a few bytes past each string.
                                s.initialize(repeating: 0)
                                body(UnsafeNexmarkTablePointers(
                                    pool: pool.baseAddress!, nameStarts: nameStarts.baseAddress!,
                                    nameBytes: nameBytes.baseAddress!, urlStarts: urlStarts.baseAddress!,
                                    urlBytes: urlBytes.baseAddress!, scratch: s.baseAddress!))
                            }
                        }
                    }
                }
            }
        }
    }
}
