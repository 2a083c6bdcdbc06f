/// Tumbling, hopping and cumulating event-time windows described by slices, the way Flink's
/// `SliceAssigners` share partial aggregates between overlapping windows.
///
/// A slice is a tumbling window of `sliceSize`; every row belongs to exactly one slice, and every
/// window is a run of consecutive slices:
///
///     TUMBLE(10 s)            slice 10 s   window = 1 slice
///     HOP(size 10 s, 2 s)     slice 2 s    window [e - 10 s, e) = the 5 slices ending in (e - 10 s, e]
///     CUMULATE(10 s, step 2s) slice 2 s    windows [s, s + 2 s), [s, s + 4 s) … [s, s + 10 s)
///
/// so an aggregate keeps one accumulator per (key, slice) and merges slices when a window fires: a
/// row costs one update whatever the overlap. In general `sliceSize = gcd(size, slide)` for HOP and
/// `step` for CUMULATE. Times are Int64 microseconds; windows are half-open `[start, end)` and a
/// window is complete when the watermark reaches `end - 1`.
public struct SliceAssigner: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case tumble(size: Int64)
        case hop(size: Int64, slide: Int64)
        case cumulate(size: Int64, step: Int64)
    }

    public let kind: Kind
    /// Shifts every window: windows start at `offset + k · slide` (Flink's window offset).
    public let offset: Int64
    /// The width of one slice.
    public let sliceSize: Int64
    /// The width of the largest window.
    public let size: Int64

    public init(_ kind: Kind, offset: Int64 = 0) throws(SluiceError) {
        switch kind {
        case .tumble(let size):
            try SliceAssigner.positive(size, "TUMBLE size")
            sliceSize = size
            self.size = size
        case .hop(let size, let slide):
            try SliceAssigner.positive(size, "HOP size")
            try SliceAssigner.positive(slide, "HOP slide")
            guard slide <= size else {
                throw .invalidInput("HOP slide (\(slide) µs) must not be larger than its size (\(size) µs); rows between windows would belong to none")
            }
            sliceSize = SliceAssigner.gcd(size, slide)
            self.size = size
        case .cumulate(let size, let step):
            try SliceAssigner.positive(size, "CUMULATE max size")
            try SliceAssigner.positive(step, "CUMULATE step")
            guard size % step == 0 else {
                throw .invalidInput("CUMULATE max size (\(size) µs) must be a whole multiple of its step (\(step) µs)")
            }
            sliceSize = step
            self.size = size
        }
        self.kind = kind
        self.offset = offset
    }

    public static func tumble(size: Int64, offset: Int64 = 0) throws(SluiceError) -> SliceAssigner {
        try SliceAssigner(.tumble(size: size), offset: offset)
    }

    public static func hop(size: Int64, slide: Int64, offset: Int64 = 0) throws(SluiceError) -> SliceAssigner {
        try SliceAssigner(.hop(size: size, slide: slide), offset: offset)
    }

    public static func cumulate(size: Int64, step: Int64, offset: Int64 = 0) throws(SluiceError) -> SliceAssigner {
        try SliceAssigner(.cumulate(size: size, step: step), offset: offset)
    }

    public var description: String {
        switch kind {
        case .tumble(let s): return "TUMBLE(size \(s) µs)"
        case .hop(let s, let d): return "HOP(size \(s) µs, slide \(d) µs)"
        case .cumulate(let s, let d): return "CUMULATE(max size \(s) µs, step \(d) µs)"
        }
    }

    /// The end of the slice holding `ts`.
    @inlinable
    public func sliceEnd(of ts: Int64) -> Int64 { Windows.start(of: ts, size: sliceSize, offset: offset) &+ sliceSize }

    /// The ends of every window that contains the slice ending at `sliceEnd`, ascending.
    public func windowEnds(ofSliceEnding sliceEnd: Int64) -> StrideThrough<Int64> {
        switch kind {
        case .tumble:
            return stride(from: sliceEnd, through: sliceEnd, by: Int(sliceSize))
        case .hop(_, let slide):
            let last = lastWindowEnd(ofSliceEnding: sliceEnd)
            // The earliest window holding the slice ends at or after it, on the same grid as `last`.
            let first = last - ((last - sliceEnd) / slide) * slide
            return stride(from: first, through: last, by: Int(slide))
        case .cumulate(_, let step):
            return stride(from: sliceEnd, through: lastWindowEnd(ofSliceEnding: sliceEnd), by: Int(step))
        }
    }

    /// The end of the last window that needs the slice ending at `sliceEnd`: after it fired the slice
    /// can be dropped.
    public func lastWindowEnd(ofSliceEnding sliceEnd: Int64) -> Int64 {
        let sliceStart = sliceEnd &- sliceSize
        switch kind {
        case .tumble:
            return sliceEnd
        case .hop(let size, let slide):
            return Windows.start(of: sliceStart, size: slide, offset: offset) &+ size
        case .cumulate(let size, _):
            return Windows.start(of: sliceStart, size: size, offset: offset) &+ size
        }
    }

    /// The start of the window ending at `windowEnd`.
    public func windowStart(ofWindowEnding windowEnd: Int64) -> Int64 {
        switch kind {
        case .tumble(let size), .hop(let size, _):
            return windowEnd &- size
        case .cumulate(let size, _):
            return Windows.start(of: windowEnd &- 1, size: size, offset: offset)
        }
    }

    /// The slice ends making up the window ending at `windowEnd`, ascending.
    public func sliceEnds(ofWindowEnding windowEnd: Int64) -> StrideThrough<Int64> {
        stride(from: windowStart(ofWindowEnding: windowEnd) &+ sliceSize, through: windowEnd, by: Int(sliceSize))
    }

    /// Every window `[start, end)` that holds `ts`, computed directly (the reference for tests).
    public func windows(containing ts: Int64) -> [(start: Int64, end: Int64)] {
        switch kind {
        case .tumble(let size):
            let s = Windows.start(of: ts, size: size, offset: offset)
            return [(s, s + size)]
        case .hop(let size, let slide):
            var out: [(start: Int64, end: Int64)] = []
            var s = Windows.start(of: ts, size: slide, offset: offset)
            while s > ts - size {
                out.append((s, s + size))
                s -= slide
            }
            return out.reversed()
        case .cumulate(let size, let step):
            let s = Windows.start(of: ts, size: size, offset: offset)
            let first = Windows.start(of: ts, size: step, offset: offset) + step
            return stride(from: first, through: s + size, by: Int(step)).map { (s, $0) }
        }
    }

    static func positive(_ value: Int64, _ what: String) throws(SluiceError) {
        guard value > 0 else { throw .invalidInput("\(what) must be positive, found \(value) µs") }
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
