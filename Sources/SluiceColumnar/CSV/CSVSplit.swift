/// A byte range of a CSV file that one reader scans, for parallel reads of one file.
///
/// A split owns every line that *starts* at a byte offset in `start ..< end` (the Hadoop/Flink rule):
/// a split with `start > 0` begins just after the first newline at or after `start - 1`, and a split
/// reads its last line to the end even when that line runs past `end`. So splits that tile a file
/// read every line exactly once, wherever the boundaries fall (on a newline or inside a line).
///
/// Splits assume that no quoted field contains a newline: a boundary inside such a field would start
/// the next split in the middle of a value. A single split over the whole file (`start == 0`,
/// `end == size`) has no boundary and reads such fields correctly. The header line, when the options
/// say there is one, exists only at offset 0, so only the first split skips it.
public struct CSVSplit: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// The first byte offset this split owns.
    public var start: Int
    /// One past the last byte offset at which a line owned by this split may start.
    public var end: Int

    public init(path: String, start: Int, end: Int) {
        precondition(start >= 0 && end >= start, "CSV split range \(start)..<\(end) is invalid")
        self.path = path
        self.start = start
        self.end = end
    }

    public var description: String { "\(path)[\(start)..<\(end)]" }

    /// `count` splits of about equal size that tile the file (fewer when the file is smaller than
    /// `count` bytes; one empty split for an empty file).
    public static func splits(path: String, count: Int) throws(SluiceError) -> [CSVSplit] {
        guard count >= 1 else { throw .invalidInput("CSV split count must be at least 1, found \(count)") }
        let file = try PosixFile.openForReading(path)
        let size = try file.size()
        try file.close()
        return splits(path: path, size: size, count: count)
    }

    /// `count` splits of a file of `size` bytes.
    public static func splits(path: String, size: Int, count: Int) -> [CSVSplit] {
        let n = max(1, min(count, size))
        return (0..<n).map { i in
            CSVSplit(path: path, start: size * i / n, end: size * (i + 1) / n)
        }
    }
}
