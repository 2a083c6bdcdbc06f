import Benchmark

/// The memory-bandwidth baseline: memcpy and a sum over Int64, on buffers larger than the caches.
final class Baseline: @unchecked Sendable {
    // SAFETY: benchmarks run one at a time on one thread; the buffers are only touched from there.
    static let shared = Baseline()

    private let capacity = 256 << 20
    private let source: UnsafeMutableRawPointer
    private let destination: UnsafeMutableRawPointer

    private init() {
        source = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        destination = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        source.initializeMemory(as: UInt8.self, repeating: 1, count: capacity)
        destination.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
    }

    /// Seconds to memcpy `bytes` bytes (at least 1 MiB, at most the buffer size).
    func memcpySeconds(bytes: Int) -> Double {
        let n = min(max(bytes, 1 << 20), capacity)
        let clock = ContinuousClock()
        let start = clock.now
        destination.copyMemory(from: source, byteCount: n)
        let seconds = (clock.now - start).seconds
        blackHole(destination.load(fromByteOffset: n - 1, as: UInt8.self))
        return seconds * Double(bytes) / Double(n)
    }

    func copy(bytes: Int) {
        destination.copyMemory(from: source, byteCount: min(bytes, capacity))
        blackHole(destination.load(as: UInt8.self))
    }

    @inline(never)
    func sum(count: Int) -> Int64 {
        let p = source.assumingMemoryBound(to: Int64.self)
        var total: Int64 = 0
        for i in 0..<min(count, capacity / 8) { total &+= p[i] }
        return total
    }
}

func baselineBenchmarks() {
    let bytes = 128 << 20
    Benchmark("baseline/memcpy 128 MiB", configuration: Rates.configuration()) { benchmark in
        Rates.measure(benchmark, rows: bytes / 8, bytes: bytes) { Baseline.shared.copy(bytes: bytes) }
    }
    Benchmark("baseline/sum Int64 128 MiB", configuration: Rates.configuration()) { benchmark in
        Rates.measure(benchmark, rows: bytes / 8, bytes: bytes) { blackHole(Baseline.shared.sum(count: bytes / 8)) }
    }
}
