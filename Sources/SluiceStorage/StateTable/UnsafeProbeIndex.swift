import CShims

/// The open-addressing index of a `StateTable`: a power-of-two array of 64-bit buckets on the heap.
///
/// ```
///  bucket (UInt64):  ┌───────────────── 32 ─────────────────┬──────────── 32 ───────────┐
///                    │ tag = hash >> 32                      │ record index + 1 (0 empty)│
///                    └───────────────────────────────────────┴───────────────────────────┘
///  home bucket = tag >> (32 - log2(capacity))    (the top bits of the hash)
/// ```
///
/// Linear probing; removal by backward shift (no tombstones), which needs only the tags because the
/// home bucket is a function of the tag. The index holds nothing that is not derivable from the
/// entry records, so it is rebuilt on restore and never snapshotted.
final class UnsafeProbeIndex {
    struct State {
        var buckets: UnsafeMutableBufferPointer<UInt64>
        var bits: Int
        var count = 0
    }

    // SAFETY: the state sits behind a pointer owned by this index (freed in deinit) and is reached
    // through addressors, so that probes skip the dynamic exclusivity checks of class properties;
    // the index has one owner at a time.
    private let storage: UnsafeMutablePointer<State>
    private var state: State {
        unsafeAddress { UnsafePointer(storage) }
        unsafeMutableAddress { storage }
    }
    var buckets: UnsafeMutableBufferPointer<UInt64> {
        get { state.buckets }
        set { state.buckets = newValue }
    }
    var bits: Int {
        get { state.bits }
        set { state.bits = newValue }
    }
    var count: Int {
        get { state.count }
        set { state.count = newValue }
    }

    init(minimumCapacity: Int = 16) {
        var b = 4
        while (1 << b) < minimumCapacity { b += 1 }
        let buckets = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 1 << b)
        buckets.initialize(repeating: 0)
        storage = .allocate(capacity: 1)
        storage.initialize(to: State(buckets: buckets, bits: b))
    }

    deinit {
        storage.pointee.buckets.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    var capacity: Int { buckets.count }
    var mask: Int { buckets.count - 1 }

    @inline(__always)
    static func tag(_ hash: UInt64) -> UInt64 { hash >> 32 }

    @inline(__always)
    func home(tag: UInt64) -> Int { Int(truncatingIfNeeded: tag >> UInt64(32 - bits)) }

    /// Finds the bucket of the record for which `matches` holds among those with `hash`'s tag, or
    /// the empty bucket where such a record would be inserted.
    @inline(__always)
    func probe(hash: UInt64, _ matches: (Int) -> Bool) -> (bucket: Int, record: Int?) {
        let tag = Self.tag(hash)
        var i = home(tag: tag)
        let m = mask
        while true {
            let b = buckets[i]
            if b == 0 { return (i, nil) }
            if b >> 32 == tag {
                let record = Int(truncatingIfNeeded: b & 0xFFFF_FFFF) - 1
                if matches(record) { return (i, record) }
            }
            i = (i + 1) & m
        }
    }

    /// Hints the CPU to fetch the home bucket of `hash` (issued a few rows ahead in batch probes).
    @inline(__always)
    func prefetch(hash: UInt64) {
        sluice_prefetch(buckets.baseAddress! + home(tag: Self.tag(hash)))
    }

    /// Stores `record` in the empty `bucket` returned by `probe`.
    @inline(__always)
    func insert(record: Int, hash: UInt64, at bucket: Int) {
        buckets[bucket] = (Self.tag(hash) << 32) | UInt64(record + 1)
        count += 1
    }

    /// Inserts without a key comparison (rebuilding from records known to be distinct).
    func insertDistinct(record: Int, hash: UInt64) {
        let tag = Self.tag(hash)
        let b = buckets, m = mask
        var i = home(tag: tag)
        while b[i] != 0 { i = (i + 1) & m }
        b[i] = (tag << 32) | UInt64(record + 1)
        count += 1
    }

    /// Empties `bucket` and shifts later entries of the run back so that probes still find them.
    func remove(at bucket: Int) {
        let m = mask
        var hole = bucket
        var i = (bucket + 1) & m
        while buckets[i] != 0 {
            let h = home(tag: buckets[i] >> 32)
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            let distanceToI = (i - h) & m
            let distanceToHole = (hole - h) & m
            if distanceToHole < distanceToI {
                buckets[hole] = buckets[i]
                hole = i
            }
            i = (i + 1) & m
        }
        buckets[hole] = 0
        count -= 1
    }

    /// Makes room for `additional` more entries at a load factor of at most 1/2.
    func reserve(additional: Int) {
        let needed = (count + additional) * 2
        guard needed > capacity else { return }
        var b = bits
        while (1 << b) < needed { b += 1 }
        precondition(b <= 32, "state table index beyond 2^32 buckets")
        let old = buckets
        bits = b
        buckets = .allocate(capacity: 1 << b)
        buckets.initialize(repeating: 0)
        let m = mask
        for entry in old where entry != 0 {
            var i = home(tag: entry >> 32)
            while buckets[i] != 0 { i = (i + 1) & m }
            buckets[i] = entry
        }
        old.deallocate()
    }

    func removeAll() {
        buckets.update(repeating: 0)
        count = 0
    }
}
