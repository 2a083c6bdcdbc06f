/// Flink's string functions over whole columns: lower, upper, substring, concat, char_length, trim,
/// split_index, regexp_extract.
///
/// Lengths and positions count Unicode code points, not bytes (as Flink's `BinaryStringData` does).
/// Case mapping has an ASCII fast path and falls back to Unicode case mapping for other rows.
public enum StringFunctions {
    public enum TrimMode: Sendable { case both, leading, trailing }

    public static func lower(_ s: Column) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "LOWER")
        return changeCase(s, upper: false)
    }

    public static func upper(_ s: Column) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "UPPER")
        return changeCase(s, upper: true)
    }

    static func changeCase(_ s: Column, upper: Bool) -> Column {
        let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
        return StringKernel.map(s) { bytes, out in
            var ascii = true
            for b in bytes {
                ascii = ascii && b < 0x80
                out.append(b >= from && b <= to ? b ^ 0x20 : b)
            }
            if !ascii {
                let text = String(decoding: bytes, as: UTF8.self)
                out = Array((upper ? text.uppercased() : text.lowercased()).utf8)
            }
            return true
        }
    }

    /// SUBSTRING(s FROM start [FOR length]): 1-based; start 0 behaves as 1; a negative start counts from
    /// the end (a start before the beginning gives ''); a negative length gives NULL, as in Flink.
    public static func substring(_ s: Column, start: Int, length: Int? = nil) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "SUBSTRING")
        if let length, length < 0 { return try Column.repeating(.null, type: .string, count: s.count) }
        var starts: [Int] = []
        return StringKernel.map(s) { bytes, out in
            StringKernel.codePointStarts(bytes, into: &starts)
            let n = starts.count - 1
            let first: Int
            if start > 0 {
                first = start - 1
                if first >= n { return true }
            } else if start < 0 {
                first = n + start
                if first < 0 { return true }
            } else {
                first = 0
            }
            let last = length.map { n - first < $0 ? n : first + $0 } ?? n
            out.append(contentsOf: bytes[starts[first]..<starts[last]])
            return true
        }
    }

    /// CONCAT(a, b, …): NULL when any argument is NULL.
    public static func concat(_ columns: [Column]) throws(SluiceError) -> Column {
        guard let first = columns.first else { throw SluiceError(.plan, "CONCAT needs at least one argument") }
        for c in columns { try StringKernel.checkString(c, "CONCAT") }
        try StringKernel.checkCounts(columns, "CONCAT")
        let validity = NullPropagation.intersect(columns)
        let rows = columns.map(StringRows.init)
        var builder = StringColumnBuilder(capacity: first.count)
        var scratch: [UInt8] = []
        for row in 0..<first.count {
            if let validity, !validity[row] { builder.appendNull(); continue }
            scratch.removeAll(keepingCapacity: true)
            for r in rows { r.withRow(row) { scratch.append(contentsOf: $0) } }
            builder.append(bytes: scratch)
        }
        return builder.finish()
    }

    /// CHAR_LENGTH(s): the number of code points, as INT.
    public static func charLength(_ s: Column) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "CHAR_LENGTH")
        return StringKernel.mapToInt32(s) { bytes in
            var n: Int32 = 0
            for b in bytes { n &+= Int32(flagBit(b & 0xC0 != 0x80)) }
            return n
        }
    }

    /// TRIM([BOTH | LEADING | TRAILING] [characters] FROM s): removes any of `characters` (a set of code
    /// points, default a space) from the chosen ends.
    public static func trim(_ s: Column, mode: TrimMode = .both, characters: String = " ") throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "TRIM")
        let set = Set(characters.unicodeScalars)
        let asciiSpace = characters == " "
        return StringKernel.map(s) { bytes, out in
            if asciiSpace {
                var i = 0
                var end = bytes.count
                if mode != .trailing { while i < end && bytes[i] == 0x20 { i += 1 } }
                if mode != .leading { while end > i && bytes[end - 1] == 0x20 { end -= 1 } }
                out.append(contentsOf: bytes[i..<end])
                return true
            }
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            var i = 0
            var end = scalars.count
            if mode != .trailing { while i < end && set.contains(scalars[i]) { i += 1 } }
            if mode != .leading { while end > i && set.contains(scalars[end - 1]) { end -= 1 } }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[i..<end])
            out.append(contentsOf: String(view).utf8)
            return true
        }
    }

    /// SPLIT_INDEX(s, delimiter, index): the index-th (0-based) piece of `s` split at every occurrence
    /// of `delimiter`, keeping empty pieces; NULL when the index is negative or past the last piece,
    /// and for an empty string (as Flink's `splitByWholeSeparatorPreserveAllTokens`).
    public static func splitIndex(_ s: Column, delimiter: String, index: Int) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "SPLIT_INDEX")
        let sep = Array((delimiter.isEmpty ? " " : delimiter).utf8)
        return StringKernel.map(s) { bytes, out in
            guard index >= 0, !bytes.isEmpty else { return false }
            var piece = 0
            var start = 0
            var i = 0
            while i + sep.count <= bytes.count {
                if bytes[i] == sep[0] && bytes[i..<(i + sep.count)].elementsEqual(sep) {
                    if piece == index { break }
                    piece += 1
                    i += sep.count
                    start = i
                } else {
                    i += 1
                }
            }
            guard piece == index else { return false }
            let end = i + sep.count <= bytes.count ? i : bytes.count
            out.append(contentsOf: bytes[start..<end])
            return true
        }
    }

    /// REGEXP_EXTRACT(s, regex [, group]): the given group (0 = whole match, the default) of the first
    /// match; NULL when nothing matches or the group did not take part. The pattern is compiled once.
    public static func regexpExtract(_ s: Column, pattern: String, group: Int = 0) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "REGEXP_EXTRACT")
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw .invalidInput("REGEXP_EXTRACT pattern '\(pattern)' is not a valid regular expression: \(error)")
        }
        // `Regex` exposes its group count only through a match, so a group past the last one is
        // reported after the loop, from the first row that matched.
        guard group >= 0 else {
            throw .invalidInput("REGEXP_EXTRACT group \(group) is negative; use 0 for the whole match or 1… for a group")
        }
        var badGroup: Int? = nil
        // Rows without a literal every match needs cannot match: skip the regex engine for them.
        let required = RegexRequiredLiteral.of(pattern)
        let result = StringKernel.map(s) { bytes, out in
            if let required, !RegexRequiredLiteral.contains(bytes, required) { return false }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let match = try? regex.firstMatch(in: text) else { return false }
            guard group < match.output.count else { badGroup = match.output.count - 1; return false }
            guard let sub = match.output[group].substring else { return false }
            out.append(contentsOf: sub.utf8)
            return true
        }
        if let groups = badGroup {
            throw .invalidInput("REGEXP_EXTRACT group \(group) does not exist in pattern '\(pattern)', which has \(groups) group(s)")
        }
        return result
    }
}
