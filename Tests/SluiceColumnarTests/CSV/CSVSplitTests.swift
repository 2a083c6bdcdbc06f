import Foundation
import Testing
@testable import SluiceColumnar

@Suite("CSV splits")
struct CSVSplitTests {
    @Test("N splits read every line exactly once", arguments: [1, 2, 3, 4, 5, 6, 7])
    func tileGeneratedFile(count: Int) throws {
        for (rows, lineEnd, finalNewline) in [(0, "\n", true), (1, "\n", false), (40, "\r\n", true), (3000, "\n", false)] {
            let text = CSVTestSupport.eventsText(rows: rows, seed: UInt64(count), lineEnd: lineEnd, finalNewline: finalNewline)
            let path = CSVTestSupport.file(text)
            defer { CSVTestSupport.remove(path) }
            let whole = try CSVTestSupport.readAll(path: path, schema: CSVTestSupport.eventsSchema)
            let splits = try CSVReader.splits(path: path, count: count)
            #expect(splits.first?.start == 0)
            #expect(splits.last?.end == text.utf8.count)
            let parts = try CSVTestSupport.readSplits(splits, schema: CSVTestSupport.eventsSchema, options: CSVOptions(batchSize: 100))
            #expect(parts.flatMap { $0 } == whole, "rows \(rows), \(count) splits")
            #expect(whole.count == rows)
        }
    }

    @Test("splits larger than the read window", arguments: [2, 3, 7])
    func largeSplits(count: Int) throws {
        let text = CSVTestSupport.eventsText(rows: 70_000)
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let parts = try CSVTestSupport.readSplits(try CSVReader.splits(path: path, count: count), schema: CSVTestSupport.eventsSchema)
        #expect(parts.flatMap { $0 }.map { $0[3] } == (0..<70_000).map { .int(Int64($0)) })
    }

    @Test("two splits with the boundary at every byte position read every line once")
    func everyBoundary() throws {
        for text in ["a,b\n1,x\n22,yy\n\n333,\"z,z\"\n4444,w", "a,b\r\n1,x\r\n22,yy\r\n"] {
            let path = CSVTestSupport.file(text)
            defer { CSVTestSupport.remove(path) }
            let schema = Schema([Field("a", .int64), Field("b", .string)])
            let whole = try CSVTestSupport.readAll(path: path, schema: schema)
            let size = text.utf8.count
            for cut in 0...size {
                let parts = try CSVTestSupport.readSplits([CSVSplit(path: path, start: 0, end: cut), CSVSplit(path: path, start: cut, end: size)], schema: schema)
                #expect(parts.flatMap { $0 } == whole, "boundary at byte \(cut)")
            }
            for cut1 in 0...size {
                for cut2 in cut1...size {
                    let splits = [CSVSplit(path: path, start: 0, end: cut1), CSVSplit(path: path, start: cut1, end: cut2),
                                  CSVSplit(path: path, start: cut2, end: size)]
                    let parts = try CSVTestSupport.readSplits(splits, schema: schema)
                    #expect(parts.flatMap { $0 } == whole, "boundaries at bytes \(cut1) and \(cut2)")
                }
            }
        }
    }

    @Test("a split owns the line that starts exactly at its start")
    func lineAtStart() throws {
        let text = "a\n1\n2\n3\n"
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let schema = Schema([Field("a", .int64)])
        // "3" starts at byte 6: the split [6, 8) owns it, [4, 6) owns "2" only.
        #expect(try CSVTestSupport.readSplits([CSVSplit(path: path, start: 6, end: 8)], schema: schema) == [[[.int(3)]]])
        #expect(try CSVTestSupport.readSplits([CSVSplit(path: path, start: 4, end: 6)], schema: schema) == [[[.int(2)]]])
        #expect(try CSVTestSupport.readSplits([CSVSplit(path: path, start: 5, end: 6)], schema: schema) == [[]])
        #expect(try CSVTestSupport.readSplits([CSVSplit(path: path, start: 100, end: 200)], schema: schema) == [[]])
    }

    @Test("with ignoreParseErrors the splits' skipped lines add up to the whole file's", arguments: [2, 3, 7])
    func skippedLinesAddUp(count: Int) throws {
        var lines = CSVTestSupport.eventsText(rows: 2000).split(separator: "\n").map(String.init)
        for i in stride(from: 5, to: lines.count, by: 37) { lines[i] = i % 2 == 0 ? "short,line" : lines[i].replacingOccurrences(of: ",", with: ",x", options: [], range: lines[i].range(of: ",\\d+,", options: .regularExpression)) }
        let text = lines.joined(separator: "\n") + "\n"
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let options = CSVOptions(ignoreParseErrors: true, batchSize: 64)
        let whole = try CSVReader(path: path, schema: CSVTestSupport.eventsSchema, options: options)
        let wholeRows = CSVTestSupport.rows(try whole.readAll())
        #expect(whole.skippedLines == (2000 - 5) / 37 + 1)
        var rows: [[Value]] = []
        var skipped = 0
        var errorLines: [Int] = []
        for split in try CSVReader.splits(path: path, count: count) {
            let reader = try CSVReader(split: split, schema: CSVTestSupport.eventsSchema, options: options)
            rows += CSVTestSupport.rows(try reader.readAll())
            skipped += reader.skippedLines
            errorLines += reader.errors.compactMap(\.context.line)
        }
        #expect(rows == wholeRows)
        #expect(skipped == whole.skippedLines)
        #expect(Set(errorLines).isSuperset(of: whole.errors.compactMap(\.context.line)))
        #expect(errorLines.allSatisfy { (lines[$0 - 1].hasPrefix("short") || lines[$0 - 1].contains(",x")) })
    }

    @Test("split ranges tile the file")
    func splitRanges() throws {
        #expect(CSVSplit.splits(path: "f", size: 10, count: 3).map { [$0.start, $0.end] } == [[0, 3], [3, 6], [6, 10]])
        #expect(CSVSplit.splits(path: "f", size: 2, count: 5).count == 2)
        #expect(CSVSplit.splits(path: "f", size: 0, count: 4).map { [$0.start, $0.end] } == [[0, 0]])
        #expect(throws: SluiceError.invalidInput("CSV split count must be at least 1, found 0")) {
            try CSVReader.splits(path: "f", count: 0)
        }
    }
}
