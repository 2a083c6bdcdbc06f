#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// A piece of a filesystem table that one source subtask reads: a byte range of one file, and the
/// partition values named by the directories it sits in (`dt=2024-01-01/hm=10:15`).
public struct FileSplit: Sendable, Equatable, CustomStringConvertible {
    public var range: CSVSplit
    /// Partition key → value as written in the path (unescaped); nil for the default partition.
    public var partition: [String: String?]

    public init(range: CSVSplit, partition: [String: String?] = [:]) {
        self.range = range
        self.partition = partition
    }

    public var description: String { range.description }
}

/// Plans which splits each subtask of a file source reads, for a path that is one file or a
/// directory of files (read recursively, as Flink's filesystem source does).
///
/// Files and directories whose names start with `.` or `_` are skipped: in-progress and pending part
/// files, `_SUCCESS` markers. The input is cut into about `parallelism` equal byte ranges (a file
/// larger than its share is split at byte offsets, with the `CSVSplit` line rule) and range `k` goes to
/// subtask `k % parallelism`; the plan depends only on the files, so a restore sees the same splits.
public enum FileSplitPlanner {
    /// The default partition's directory value (NULL), as Flink names it.
    public static let defaultPartitionName = "__DEFAULT_PARTITION__"

    public static func plan(path: String, parallelism: Int, partitionKeys: [String] = []) throws(SluiceError) -> [[FileSplit]] {
        guard parallelism >= 1 else { throw .invalidInput("file source parallelism must be at least 1, found \(parallelism)") }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw SluiceError(.io, "the input path '\(path)' cannot be read (\(String(cString: strerror(errno)))); check the table's 'path' option",
                              context: .init(file: path))
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            guard partitionKeys.isEmpty else {
                throw SluiceError(.invalidInput, "the table is PARTITIONED BY (\(partitionKeys.joined(separator: ", "))), "
                    + "so its path must be a directory of key=value folders, but '\(path)' is a file", context: .init(file: path))
            }
            var result = [[FileSplit]](repeating: [], count: parallelism)
            for (i, split) in try CSVSplit.splits(path: path, count: parallelism).enumerated() {
                result[i].append(FileSplit(range: split))
            }
            return result
        }
        let root = path.hasSuffix("/") ? String(path.dropLast()) : path
        let files = try PartFiles.files(under: root, recursive: true, hidden: false)
        let total = files.reduce(0) { $0 + $1.size }
        let share = max(1, (total + parallelism - 1) / parallelism)
        var result = [[FileSplit]](repeating: [], count: parallelism)
        var k = 0
        for file in files {
            let partition = try partitionValues(of: file.path, under: root, keys: partitionKeys)
            let pieces = max(1, min(parallelism, (file.size + share - 1) / share))
            for split in CSVSplit.splits(path: file.path, size: file.size, count: pieces) {
                result[k % parallelism].append(FileSplit(range: split, partition: partition))
                k += 1
            }
        }
        return result
    }

    /// The `key=value` directories between `root` and the file, for the table's partition keys.
    static func partitionValues(of file: String, under root: String, keys: [String]) throws(SluiceError) -> [String: String?] {
        guard !keys.isEmpty else { return [:] }
        var found: [String: String?] = [:]
        let relative = file.dropFirst(root.count + 1)
        for segment in relative.split(separator: "/").dropLast() {
            guard let eq = segment.firstIndex(of: "=") else { continue }
            let key = PartitionPath.unescape(String(segment[..<eq]))
            let value = PartitionPath.unescape(String(segment[segment.index(after: eq)...]))
            if let match = keys.first(where: { $0.lowercased() == key.lowercased() }) {
                found[match] = value == defaultPartitionName ? .some(nil) : .some(value)
            }
        }
        for key in keys where found[key] == nil {
            throw SluiceError(.invalidInput, "file '\(file)' is not inside a `\(key)=…` directory; the files of a table "
                + "PARTITIONED BY (\(keys.joined(separator: ", "))) live in \(keys.map { "\($0)=value" }.joined(separator: "/")) folders",
                context: .init(file: file))
        }
        return found
    }
}

/// How partition values are written into directory names: Flink's (Hive's) escaping of characters
/// that are unsafe in paths as `%XX`.
public enum PartitionPath {
    static let unsafe: Set<UInt8> = Set("\"#%'*/:=?\\\u{7F}{[]^".utf8)

    /// `key=value` with both escaped; a NULL value is the default partition.
    public static func segment(key: String, value: String?) -> String {
        escape(key) + "=" + (value.map(escape) ?? FileSplitPlanner.defaultPartitionName)
    }

    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 {
            if b < 0x20 || unsafe.contains(b) {
                let hex = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func unescape(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
