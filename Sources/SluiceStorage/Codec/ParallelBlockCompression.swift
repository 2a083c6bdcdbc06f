#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SluiceColumnar

/// Compresses a window of snapshot blocks on several cores at once (the asynchronous phase of a
/// snapshot is CPU-bound in zstd), keeping their order for the sequential file write.
enum ParallelBlockCompression {
    /// Blocks compressed together before they are written (bounds the compressed bytes held).
    static let window = 8

    /// Cores to use: the online CPUs, at most `window`.
    static var workers: Int { max(1, min(window, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    /// The compressed payload of every block, in order; the first failure is rethrown.
    static func compress(_ blocks: ArraySlice<CapturedBlock>, codec: SnapshotCodec) throws(SluiceError) -> [[UInt8]] {
        let n = blocks.count
        guard n > 1 && workers > 1 && codec != .none else {
            var out: [[UInt8]] = []
            for block in blocks { out.append(try compressOne(block, codec)) }
            return out
        }
        let results = Results(count: n)
        let first = blocks.startIndex
        DispatchQueue.concurrentPerform(iterations: n) { i in
            results.store(i, Result { () throws(SluiceError) -> [UInt8] in try compressOne(blocks[first + i], codec) })
        }
        return try results.collect()
    }

    static func compressOne(_ block: CapturedBlock, _ codec: SnapshotCodec) throws(SluiceError) -> [UInt8] {
        try withBytes(of: block.bytes) { (raw) throws(SluiceError) -> [UInt8] in
            try UnsafeBlockCompression.compress(raw, codec: codec)
        }
    }

    /// One result slot per block, each written by exactly one iteration.
    // SAFETY: `concurrentPerform` runs iteration i once; slot i is written only by it, and read
    // only after `concurrentPerform` returned (which orders every write before the reads).
    private final class Results: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<[UInt8], SluiceError>?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ i: Int, _ result: Result<[UInt8], SluiceError>) { slots[i] = result }

        func collect() throws(SluiceError) -> [[UInt8]] {
            var out: [[UInt8]] = []
            out.reserveCapacity(slots.count)
            for slot in slots { out.append(try slot!.get()) }
            return out
        }
    }
}
