import Testing
import Foundation
import SluiceRuntime
import SluiceColumnar
@testable import SluiceConnectors

@Suite("FileSink and BlackholeSink")
struct FileSinkTests {
    let schema = CSVFixture.schema

    @Test("one part file per subtask with its own header; re-reading them gives the input", arguments: [1, 3])
    func roundTrip(p: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let input = dir.file("in.csv", CSVFixture.text(rows: 2000))
        let outDir = dir.path + "/out/nested"
        var g = JobGraph()
        let src = g.addCSVSource(name: "csv", parallelism: p, path: input, schema: schema)
        let sink = g.addCSVFileSink(name: "files", parallelism: p, schema: schema, directory: outDir)
        g.connect(src, sink)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        var rows: [[Value]] = []
        for i in 0..<p {
            let path = FileSink.partPath(directory: outDir, subtask: i)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("id,color,price\n"))
            #expect(text.components(separatedBy: "id,color,price").count == 2)
            rows += try CSVReader(path: path, schema: schema).readAll().flatMap { $0.rows() }
        }
        let expected = try CSVReader(path: input, schema: schema).readAll().flatMap { $0.rows() }
        #expect(rows.sorted { CSVFixture.ids([$0])[0] < CSVFixture.ids([$1])[0] } == expected)
    }

    @Test("an output path that is a file fails the job with an .io error naming it")
    func notADirectory() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let file = dir.file("taken", "x")
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: schema, batches: [])
        let sink = g.addCSVFileSink(name: "files", schema: schema, directory: file)
        g.connect(src, sink)
        let error = #expect(throws: SluiceError.self) { _ = try sharedExecutor.execute(g, timeoutSeconds: 20) }
        #expect(error?.code == .io)
        #expect(error?.message == "the file sink's output path '\(file)' exists but is not a directory; give a directory path")
        #expect(error?.context.operatorName == "files (1/1)")
        let nested = #expect(throws: SluiceError.self) { try FileSink.makeDirectories(file + "/sub") }
        #expect(nested?.message == "cannot create output directory '\(file)/sub' for the file sink: Not a directory")
    }

    @Test("a changelog with updates is rejected: CSV files are append-only")
    func rejectsChangelog() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let batch = try RecordBatch(schema: schema, columns: [Column.int64([1, 1]), Column.string(["a", "a"]), Column.float64([1, 2])],
                                    rowKinds: Buffer([RowKind.updateBefore.rawValue, RowKind.updateAfter.rawValue]))
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: schema, batches: [batch])
        let sink = g.addCSVFileSink(name: "files", schema: schema, directory: dir.path)
        g.connect(src, sink)
        let error = #expect(throws: SluiceError.self) { _ = try sharedExecutor.execute(g, timeoutSeconds: 20) }
        #expect(error?.message == "the file sink writes append-only rows, but its input is a changelog with -U rows (e.g. from a streaming aggregate); run the job in batch mode or use a sink that takes updates (print, collect)")
        #expect(error?.context.file == dir.path + "/part-0.csv")
    }

    @Test("the blackhole counts every row it discards")
    func blackhole() throws {
        let counter = RowCounter()
        var g = JobGraph()
        let src = g.addDatagenSource(name: "gen", parallelism: 2, schema: Schema([Field("x", .int64)]),
                                     options: DatagenOptions(rowsTotal: 10_001, batchSize: 1000))
        let sink = g.addBlackholeSink(name: "hole", parallelism: 2, schema: Schema([Field("x", .int64)]), counter: counter)
        g.connect(src, sink)
        let result = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(counter.count == 10_001)
        #expect(result.totalRows(of: "hole").rowsIn == 10_001)
    }
}
