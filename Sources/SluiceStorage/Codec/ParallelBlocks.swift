#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SluiceColumnar

/// Runs one piece of work per block on several cores at once (compressing or decompressing the
/// 1 MiB blocks of snapshot and state files is CPU-bound), returning the results in block order.
enum ParallelBlocks {
    /// Cores to use: the online CPUs.
    static var workers: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `body(0) … body(count - 1)`, concurrently when there are several blocks and cores; the first
    /// failure (in block order) is rethrown. `body` must be safe to run concurrently with itself:
    /// read shared inputs, write only what belongs to its block.
    static func map<T>(_ count: Int, _ body: (Int) throws(SluiceError) -> T) throws(SluiceError) -> [T] {
        guard count > 1 && workers > 1 else {
            var out: [T] = []
            out.reserveCapacity(count)
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let results = Results<T>(count: count)
        // `concurrentPerform` returns only when every iteration has run, so `body` outlives them all.
        withoutActuallyEscaping(body) { body in
            let work = Work(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                results.store(i, Result { () throws(SluiceError) -> T in try work.body(i) })
            }
        }
        return try results.collect()
    }

    /// The per-block work, shared by the iterations.
    // SAFETY: callers of `map` promise that `body` may run concurrently with itself (see `map`).
    private final class Work<T>: @unchecked Sendable {
        let body: (Int) throws(SluiceError) -> T
        init(_ body: @escaping (Int) throws(SluiceError) -> T) { self.body = body }
    }

    /// One result slot per block, each written by exactly one iteration.
    // SAFETY: `concurrentPerform` runs iteration i once; slot i is written only by it, and read
    // only after `concurrentPerform` returned (which orders every write before the reads).
    private final class Results<T>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<T, SluiceError>?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ i: Int, _ result: Result<T, SluiceError>) { slots[i] = result }

        func collect() throws(SluiceError) -> [T] {
            var out: [T] = []
            out.reserveCapacity(slots.count)
            for slot in slots { out.append(try slot!.get()) }
            return out
        }
    }
}
