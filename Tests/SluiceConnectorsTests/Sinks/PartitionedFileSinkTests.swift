import Foundation
import Testing
@testable import SluiceRuntime
import SluiceColumnar
@testable import SluiceConnectors

/// The partitioned file sink (writers + committer) and the file source reading its layout back.
@Suite("Partitioned file sink and partitioned file source")
struct PartitionedFileSinkTests {
    /// Drives a writer whose output goes straight into a committer, as the job wires them.
    final class Pair {
        let writer: PartitionedFileWriter
        let committer: PartitionCommitter
        let output: Output

        init(_ settings: PartitionedSinkSettings, schema: Schema, clock: any ProcessingClock = SystemClock.shared) throws {
            writer = try PartitionedFileWriter(settings: settings, schema: schema,
                                               subtask: SubtaskInfo(vertexName: "w", uid: "w", index: 0, parallelism: 1), clock: clock)
            committer = PartitionCommitter(settings: settings, clock: clock)
            let info = SubtaskInfo(vertexName: "c", uid: "c", index: 0, parallelism: 1)
            let context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                          bufferTimeoutNanos: .max, jobID: "j")
            let link = ChainLink(op: committer, context: context, failure: ChainFailure())
            link.output = Output(.none, metrics: context.metrics)
            output = Output(.chained(link), metrics: context.metrics)
            try writer.open(context)
            try committer.open(context)
        }

        func process(_ batch: RecordBatch) throws { try writer.process(batch, input: 0, output: output) }
        func watermark(_ t: Int64) throws { try writer.processWatermark(Watermark(t), output: output) }
        func finish() throws {
            try writer.finish(output: output)
            try committer.finish(output: output)
        }
    }

    static let schema = try! Schema.parse("ts TIMESTAMP(3), v BIGINT, dt STRING, hr STRING")

    static func micros(_ text: String) -> Int64 { Array(text.utf8).withUnsafeBufferPointer { TemporalParse.timestamp($0)! } }

    static func batch(_ rows: [(String, Int64, String, String)]) -> RecordBatch {
        try! RecordBatch(schema: schema, columns: [
            try! ColumnBuilder.column(.timestamp(precision: 3), rows.map { .timestamp(micros($0.0)) }),
            Column.int64(rows.map(\.1)), Column.string(rows.map(\.2)), Column.string(rows.map(\.3)),
        ])
    }

    /// Visible files under `dir`, relative paths, sorted.
    static func visible(_ dir: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? []
        return all.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }.sorted()
    }

    @Test("partition-time: a partition is committed once the watermark passes its time plus the delay")
    func partitionTime() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let policy = PartitionCommitPolicy(trigger: .partitionTime, delayMicros: 10 * 60_000_000, successFileName: "_SUCCESS",
                                           timestampPattern: "$dt $hr:00:00")
        let settings = PartitionedSinkSettings(directory: dir.path + "/out", partitionKeys: ["dt", "hr"], format: .csv(CSVOptions()),
                                               commit: policy)
        let pair = try Pair(settings, schema: Self.schema)
        try pair.process(Self.batch([("2024-01-01 10:01:00", 1, "2024-01-01", "10"), ("2024-01-01 11:02:00", 2, "2024-01-01", "11"),
                                     ("2024-01-01 10:03:00", 3, "2024-01-01", "10")]))
        #expect(Self.visible(dir.path + "/out").isEmpty, "nothing is visible before a commit")
        try pair.watermark(Self.micros("2024-01-01 10:09:59"))
        #expect(Self.visible(dir.path + "/out").isEmpty, "10:00 + 10 min has not passed")
        try pair.watermark(Self.micros("2024-01-01 11:05:00"))
        #expect(Self.visible(dir.path + "/out") == ["dt=2024-01-01/hr=10/_SUCCESS", "dt=2024-01-01/hr=10/part-j-0-0.csv"])
        let text = try String(contentsOfFile: dir.path + "/out/dt=2024-01-01/hr=10/part-j-0-0.csv", encoding: .utf8)
        #expect(text == "ts,v\n2024-01-01 10:01:00.000,1\n2024-01-01 10:03:00.000,3\n", "partition columns live in the path only")
        // A late row reopens the committed partition; the end of the input commits everything.
        try pair.process(Self.batch([("2024-01-01 10:59:00", 4, "2024-01-01", "10")]))
        try pair.finish()
        #expect(Self.visible(dir.path + "/out") == [
            "dt=2024-01-01/hr=10/_SUCCESS", "dt=2024-01-01/hr=10/part-j-0-0.csv", "dt=2024-01-01/hr=10/part-j-0-2.csv",
            "dt=2024-01-01/hr=11/_SUCCESS", "dt=2024-01-01/hr=11/part-j-0-1.csv",
        ])
        #expect(pair.committer.committedPartitions == ["dt=2024-01-01/hr=10", "dt=2024-01-01/hr=10", "dt=2024-01-01/hr=11"])
    }

    @Test("process-time: committed after the delay, in processing time; files roll by size")
    func processTime() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let clock = SluiceRuntime.ManualClock(0)
        var settings = PartitionedSinkSettings(directory: dir.path + "/out", partitionKeys: ["dt", "hr"], format: .json(JSONOptions()),
                                               commit: PartitionCommitPolicy(trigger: .processTime, delayMicros: 5_000_000,
                                                                             successFileName: "_DONE"))
        settings.rollingFileSize = 1
        let pair = try Pair(settings, schema: Self.schema, clock: clock)
        try pair.process(Self.batch([("2024-01-01 10:01:00", 1, "2024-01-01", "a/b")]))
        #expect(Self.visible(dir.path + "/out") == ["dt=2024-01-01/hr=a%2Fb/part-j-0-0.json"], "rolled at once, not yet committed")
        clock.advance(by: 5_000_000)
        try pair.watermark(0)
        #expect(Self.visible(dir.path + "/out") == ["dt=2024-01-01/hr=a%2Fb/_DONE", "dt=2024-01-01/hr=a%2Fb/part-j-0-0.json"])
        let line = try String(contentsOfFile: dir.path + "/out/dt=2024-01-01/hr=a%2Fb/part-j-0-0.json", encoding: .utf8)
        #expect(line == "{\"ts\":\"2024-01-01 10:01:00.000\",\"v\":1}\n")
    }

    @Test("the file source reads the layout back, partition values cast to the column type, NULL for the default partition")
    func readBack() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        for (path, text) in [("k=1/x=a/f.csv", "v\n10\n11\n"), ("k=2/x=b%3Ac/f.csv", "v\n20\n"),
                             ("k=__DEFAULT_PARTITION__/x=d/f.csv", "v\n30\n"), ("k=1/x=a/.hidden.csv", "v\n99\n"),
                             ("k=1/x=a/_SUCCESS", "")] {
            try FileManager.default.createDirectory(atPath: dir.path + "/" + path.split(separator: "/").dropLast().joined(separator: "/"),
                                                    withIntermediateDirectories: true)
            _ = dir.file(path, text)
        }
        let schema = try Schema.parse("v BIGINT, k INT, x STRING")
        for parallelism in [1, 2, 3] {
            var rows: [[Value]] = []
            for subtask in 0..<parallelism {
                let source = FileSource(path: dir.path, schema: schema, format: .csv(CSVOptions()), partitionKeys: ["k", "x"],
                                        projection: [2, 0, 1],
                                        subtask: SubtaskInfo(vertexName: "s", uid: "s", index: subtask, parallelism: parallelism))
                let harness = try SourceHarness(source, subtask: subtask, parallelism: parallelism)
                try harness.drain()
                rows += harness.collected.rows()
            }
            #expect(rows.sorted { $0.description < $1.description } == [
                [.string("a"), .int(10), .int(1)], [.string("a"), .int(11), .int(1)],
                [.string("b:c"), .int(20), .int(2)], [.string("d"), .int(30), .null],
            ], "parallelism \(parallelism)")
        }
        let flat = FileSource(path: dir.path + "/k=1/x=a/f.csv", schema: schema, format: .csv(CSVOptions()), partitionKeys: ["k"],
                              subtask: SubtaskInfo(vertexName: "s", uid: "s", index: 0, parallelism: 1))
        #expect(throws: SluiceError.self) { _ = try SourceHarness(flat) }
        let missing = FileSource(path: dir.path + "/nope", schema: schema, format: .csv(CSVOptions()),
                                 subtask: SubtaskInfo(vertexName: "s", uid: "s", index: 0, parallelism: 1))
        let error = #expect(throws: SluiceError.self) { _ = try SourceHarness(missing) }
        #expect(error?.message == "the input path '\(dir.path)/nope' cannot be read (No such file or directory); check the table's 'path' option")
    }

    @Test("with checkpoints and a failure, every row is committed exactly once in its partition", arguments: [1, 4])
    func exactlyOnce(parallelism: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = dir.path + "/out"
        let settings = PartitionedSinkSettings(directory: out, partitionKeys: ["k"], format: .csv(CSVOptions()),
                                               commit: PartitionCommitPolicy(successFileName: "_SUCCESS"), exactlyOnce: true)
        let graph = try ExactlyOnceTests.pipeline(rows: 40_000, parallelism: parallelism, failAt: 23_000) { g, input, schema in
            let sink = try g.addPartitionedFileSink(name: "sink", uid: "sink", parallelism: parallelism, schema: schema, settings: settings)
            g.connect(input, sink)
        }
        let result = try sharedExecutor.execute(graph, options: ExactlyOnceTests.options(dir.path + "/chk"), timeoutSeconds: 60)
        #expect(result.restarts == 1)
        #expect(result.restoredFrom != nil, "no checkpoint completed before the failure; the test did not exercise a restore")
        var ids: [Int64] = []
        let files = Self.visible(out)
        for file in files where file.hasSuffix(".csv") {
            let k = Int64(file.split(separator: "/")[0].dropFirst(2))!
            for line in try String(contentsOfFile: out + "/" + file, encoding: .utf8).split(separator: "\n").dropFirst() {
                let id = Int64(line)!
                ids.append(id)
                #expect(k >= 0 && k < 50)
            }
        }
        #expect(ids.sorted() == (0..<40_000).map(Int64.init))
        let partitions = Set(files.map { $0.split(separator: "/")[0] })
        #expect(partitions.count == 50)
        #expect(files.filter { $0.hasSuffix("_SUCCESS") }.count == 50)
        let hidden = (FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? [])
            .filter { $0.split(separator: "/").last!.hasPrefix(".") }
        #expect(hidden.isEmpty, "staged files left behind: \(hidden)")
    }

    @Test("with no input, open files roll at their rollover time and process-time partitions commit after the delay")
    func wakesWithoutInput() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let clock = SluiceRuntime.ManualClock(0)
        var settings = PartitionedSinkSettings(directory: dir.path + "/out", partitionKeys: ["dt", "hr"], format: .csv(CSVOptions()),
                                               commit: PartitionCommitPolicy(trigger: .processTime, delayMicros: 2_000_000,
                                                                             successFileName: "_SUCCESS"))
        settings.rolloverIntervalMicros = 1_000_000
        let pair = try Pair(settings, schema: Self.schema, clock: clock)
        #expect(pair.writer.processingTimeDeadline() == nil && pair.committer.processingTimeDeadline() == nil)
        try pair.process(Self.batch([("2024-01-01 10:01:00", 1, "2024-01-01", "10")]))
        #expect(pair.writer.processingTimeDeadline() != nil, "an open file wants to roll")
        clock.advance(by: 1_000_000)
        try pair.writer.onProcessingTime(output: pair.output)
        #expect(Self.visible(dir.path + "/out") == ["dt=2024-01-01/hr=10/part-j-0-0.csv"], "rolled and committed, no marker yet")
        #expect(pair.committer.processingTimeDeadline() != nil)
        clock.advance(by: 2_000_000)
        try pair.committer.onProcessingTime(output: pair.output)
        #expect(Self.visible(dir.path + "/out") == ["dt=2024-01-01/hr=10/_SUCCESS", "dt=2024-01-01/hr=10/part-j-0-0.csv"])
        #expect(pair.committer.processingTimeDeadline() == nil)
    }
}
