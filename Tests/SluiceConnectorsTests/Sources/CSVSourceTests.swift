import Testing
import Foundation
import SluiceRuntime
import SluiceColumnar
@testable import SluiceConnectors

@Suite("CSVSource")
struct CSVSourceTests {
    func readJob(path: String, parallelism p: Int, options: CSVOptions = CSVOptions(), into out: CollectedBatches,
                 schema: Schema = CSVFixture.schema) -> JobGraph {
        var g = JobGraph()
        let src = g.addCSVSource(name: "csv", parallelism: p, path: path, schema: schema, options: options)
        let sink = g.addCollectSink(name: "collect", schema: g[src].outputSchema, into: out)
        g.connect(src, sink, .rebalance)
        return g
    }

    @Test("byte-range splits at parallelism 1 to 4 read every row exactly once", arguments: [1, 2, 3, 4])
    func splits(p: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("rows.csv", CSVFixture.text(rows: 5000))
        let out = CollectedBatches()
        var options = CSVOptions()
        options.batchSize = 512
        let result = try sharedExecutor.execute(readJob(path: path, parallelism: p, options: options, into: out), timeoutSeconds: 20)
        #expect(CSVFixture.ids(out.rows()) == (0..<5000).map(Int64.init))
        #expect(result.metrics(of: "csv").count == p)
        if p > 1 { #expect(result.metrics(of: "csv").allSatisfy { $0.rowsOut > 0 }) }
    }

    @Test("the sample events file is read once at parallelism 2 with a one-column projection")
    func sampleEvents() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../bench-data/events.csv").path
        let schema = try Schema.parse("ts TIMESTAMP(3), color STRING, shape STRING, value INT, price DECIMAL(10, 2)")
        var options = CSVOptions()
        options.projection = [1]
        let out = CollectedBatches()
        let result = try sharedExecutor.execute(readJob(path: path, parallelism: 2, options: options, into: out, schema: schema),
                                                timeoutSeconds: 20)
        #expect(out.rowCount == 300_000)
        #expect(out.batches.first?.schema.names == ["color"])
        #expect(result.totalRows(of: "csv").rowsOut == 300_000)
    }

    @Test("with ignoreParseErrors bad lines are skipped and counted in the subtask metrics")
    func skippedLines() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("bad.csv", "id,color,price\n1,red,1.0\nx,red,2.0\n3,blue,oops\n4,green,4.0\n")
        var options = CSVOptions()
        options.ignoreParseErrors = true
        let out = CollectedBatches()
        let result = try sharedExecutor.execute(readJob(path: path, parallelism: 1, options: options, into: out), timeoutSeconds: 20)
        #expect(CSVFixture.ids(out.rows()) == [1, 4])
        #expect(result.metrics(of: "csv").first?.custom["skippedLines"] == 2)
    }

    @Test("a bad line fails the job with the file, the line and the column, without hanging", arguments: [1, 3])
    func badLineFailsJob(p: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var text = CSVFixture.text(rows: 3000)
        text = text.replacingOccurrences(of: "\n2000,", with: "\nabc,")  // the row with id 2000 is on line 2002
        let path = dir.file("broken.csv", text)
        let error = #expect(throws: SluiceError.self) {
            _ = try sharedExecutor.execute(readJob(path: path, parallelism: p, into: CollectedBatches()), timeoutSeconds: 20)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.context.file == path)
        #expect(error?.context.line == 2002)
        #expect(error?.context.column == "id")
        #expect(error?.context.operatorName?.hasPrefix("csv (") == true)
    }

    @Test("a missing file fails the job with an .io error naming the path")
    func missingFile() throws {
        let error = #expect(throws: SluiceError.self) {
            _ = try sharedExecutor.execute(readJob(path: "/nonexistent/x.csv", parallelism: 2, into: CollectedBatches()),
                                           timeoutSeconds: 20)
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains("'/nonexistent/x.csv'") == true)
    }

    @Test("subtasks without a split (a file smaller than the parallelism) end at once")
    func tinyFile() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var options = CSVOptions()
        options.hasHeader = false
        let path = dir.file("tiny.csv", "7\n")
        let out = CollectedBatches()
        _ = try sharedExecutor.execute(readJob(path: path, parallelism: 4, options: options, into: out,
                                               schema: Schema([Field("id", .int64)])), timeoutSeconds: 20)
        #expect(out.rows() == [[.int(7)]])
    }
}
