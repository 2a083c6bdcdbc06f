import Foundation
@testable import SluiceColumnar

/// Temporary files and small helpers shared by the CSV tests.
enum CSVTestSupport {
    /// A fresh directory under the temporary directory, unique per call.
    static func makeDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sluice-csv-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` (bytes as given) to a new temporary file and returns its path.
    static func file(_ text: String, name: String = "data.csv") -> String {
        file(bytes: Array(text.utf8), name: name)
    }

    static func file(bytes: [UInt8], name: String = "data.csv") -> String {
        let url = makeDirectory().appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    static let eventsSchema = Schema([
        Field("ts", .timestamp(precision: 3)), Field("color", .string), Field("shape", .string),
        Field("value", .int32), Field("price", .decimal(precision: 10, scale: 2)),
    ])

    /// Every row of every batch.
    static func rows(_ batches: [RecordBatch]) -> [[Value]] { batches.flatMap { $0.rows() } }

    static func readAll(path: String, schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) -> [[Value]] {
        rows(try CSVReader(path: path, schema: schema, options: options).readAll())
    }

    static func readAll(_ text: String, schema: Schema, options: CSVOptions = CSVOptions(),
                        name: String = "<memory>") throws(SluiceError) -> [[Value]] {
        rows(try CSVReader(bytes: Array(text.utf8), schema: schema, options: options, name: name).readAll())
    }

    /// The rows of each split of `path` read by its own reader.
    static func readSplits(_ splits: [CSVSplit], schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) -> [[[Value]]] {
        var result: [[[Value]]] = []
        for split in splits {
            result.append(rows(try CSVReader(split: split, schema: schema, options: options).readAll()))
        }
        return result
    }

    /// Deterministic events-like CSV text: `rows` lines with a header, row `i` has value `i`, so every
    /// row is distinct and identifiable. Some strings are quoted (without newlines, so splits work).
    static func eventsText(rows: Int, seed: UInt64 = 1, lineEnd: String = "\n", finalNewline: Bool = true) -> String {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let colors = ["red", "blue", "green", "orange", "\"quoted, color\"", "yellow"]
        let shapes = ["circle", "square", "\"star \"\"big\"\"\"", ""]
        var text = "ts,color,shape,value,price" + lineEnd
        var clock: Int64 = 1_704_067_200_000
        for i in 0..<rows {
            clock += Int64(next() % 20)
            let ms = clock % 1000
            let secs = clock / 1000
            let (days, rest) = (secs / 86400, secs % 86400)
            let c = TemporalFormat.civil(days: Int(days))
            let ts = String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day,
                            Int(rest / 3600), Int(rest / 60 % 60), Int(rest % 60), Int(ms))
            let cents = Int(next() % 100_000)
            text += "\(ts),\(colors[Int(next() % 6)]),\(shapes[Int(next() % 4)]),\(i),\(cents / 100).\(String(format: "%02d", cents % 100))"
            if i < rows - 1 || finalNewline { text += lineEnd }
        }
        return text
    }
}
