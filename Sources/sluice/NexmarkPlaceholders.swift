import Foundation
import Sluice

/// The `${…}` placeholders of the Nexmark SQL files, substituted as the reference runner does before
/// it submits a file: the generator's rate and size, the event proportions, the table's name and the
/// output locations. A placeholder outside this list is an error naming it, its file and line.
struct NexmarkPlaceholders {
    private(set) var values: [String: String]

    /// Settings of one run; `directory` is where file-writing queries put their output.
    init(events: Int64, rate: Int64, table: String = "nexmark", personProportion: Int = 1, auctionProportion: Int = 3, bidProportion: Int = 46,
         directory: String = NSTemporaryDirectory() + "sluice-nexmark", submitTime: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) {
        values = [
            "TPS": String(rate),
            "EVENTS_NUM": String(events),
            "PERSON_PROPORTION": String(personProportion),
            "AUCTION_PROPORTION": String(auctionProportion),
            "BID_PROPORTION": String(bidProportion),
            "NEXMARK_TABLE": table,
            "NEXMARK_DIR": directory,
            "SUBMIT_TIME": String(submitTime),
        ]
    }

    /// `sql` (from `file`) with every `${NAME}` replaced (NAME: letters, digits and `_`; other `${…}`
    /// text, as in a comment, is left alone).
    func substitute(_ sql: String, file: String) throws(SluiceError) -> String {
        var out = ""
        var rest = Substring(sql)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}"),
                  case let name = String(rest[start.upperBound..<end]), Self.isName(name) else {
                out += "${"
                rest = rest[start.upperBound...]
                continue
            }
            guard let value = values[name] else {
                throw SluiceError(.unsupported, "\(file) line \(line(of: start.lowerBound, in: sql)) uses the placeholder ${\(name)}, which Sluice does not set (placeholders: \(values.keys.sorted().map { "${\($0)}" }.joined(separator: ", ")))")
            }
            out += value
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// Adds `extra` options to every `'connector' = 'nexmark'` table of `sql` (Sluice's `seed`,
    /// `base-time`, which the reference DDL does not set).
    static func addingConnectorOptions(_ extra: [(String, String)], to sql: String) -> String {
        guard !extra.isEmpty else { return sql }
        let options = extra.map { ", '\($0.0)' = '\($0.1)'" }.joined()
        let pattern = #"'connector'\s*=\s*'nexmark'"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return sql }
        let range = NSRange(sql.startIndex..., in: sql)
        return regex.stringByReplacingMatches(in: sql, range: range, withTemplate: "$0" + NSRegularExpression.escapedTemplate(for: options))
    }

    private func line(of index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
