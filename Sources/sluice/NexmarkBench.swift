import Foundation
import Sluice

/// Runs Nexmark query files on the built-in generator, one fresh session per query, and measures each
/// run: the events generated, the job's wall and CPU time, peak memory and the rows the sink received.
///
/// Each query runs as the reference suite submits it: the DDL (table and views) with placeholders
/// substituted, then the query file (a blackhole sink table and an INSERT), in streaming mode. The
/// optional warm-up runs the same query on `warmupEvents` first and discards the figures.
struct NexmarkBench {
    struct Settings {
        var events: Int64 = 10_000_000
        var rate: Int64 = 10_000_000
        var parallelism = 1
        var warmupEvents: Int64 = 0
        /// Checkpoint interval in milliseconds; nil runs without checkpoints.
        var checkpointIntervalMillis: Int64?
        var checkpointDirectory = NSTemporaryDirectory() + "sluice-nexmark-checkpoints"
        /// `${NEXMARK_DIR}`: where file-writing queries (q10) put their output.
        var outputDirectory = NSTemporaryDirectory() + "sluice-nexmark-\(getpid())"
        /// Keep what the queries wrote; by default each query's output is removed after its run.
        var keepOutput = false
        /// The generator's `seed` and `base-time` options (the reference has neither; nil leaves the defaults).
        var seed: Int64?
        var baseTime: String?
    }

    var files: NexmarkQueryFiles
    var settings: Settings

    /// The script of `query` for a run of `events` events: DDL then the query file, placeholders substituted.
    func script(for query: NexmarkQueryFiles.Query, events: Int64, outputDirectory: String? = nil) throws(SluiceError) -> String {
        let placeholders = NexmarkPlaceholders(events: events, rate: settings.rate, table: files.table,
                                               directory: outputDirectory ?? settings.outputDirectory)
        var extra: [(String, String)] = []
        if let seed = settings.seed { extra.append(("seed", String(seed))) }
        if let baseTime = settings.baseTime { extra.append(("base-time", baseTime)) }
        let ddl = NexmarkPlaceholders.addingConnectorOptions(extra, to: try placeholders.substitute(files.ddl, file: "the DDL"))
        return ddl + "\n;\n" + (try placeholders.substitute(query.sql, file: query.name + ".sql"))
    }

    /// A session for one run, with the settings' parallelism and checkpointing.
    func session(checkpoints: Bool) -> SQLSession {
        let s = SQLSession(parallelism: settings.parallelism,
                           workers: min(settings.parallelism, WorkerPool.defaultWorkerCount))
        if checkpoints, let interval = settings.checkpointIntervalMillis {
            var policy = CheckpointPolicy.streamingDefault
            policy.intervalNanos = interval * 1_000_000
            let directory = settings.checkpointDirectory + "/run-\(UUID().uuidString)"
            s.checkpointing = CheckpointSettings(directory: directory, policy: policy)
        }
        return s
    }

    /// Runs `query` (after its warm-up) and returns its figures, or its error in `error`.
    func run(_ query: NexmarkQueryFiles.Query) -> NexmarkBenchResult {
        // One directory per run: runs in one process (tests) must not remove each other's output.
        let output = settings.outputDirectory + "/\(query.name)-\(UUID().uuidString)"
        defer { if !settings.keepOutput { try? FileManager.default.removeItem(atPath: output) } }
        do throws(SluiceError) {
            if settings.warmupEvents > 0 {
                _ = try session(checkpoints: false).execute(script: script(for: query, events: settings.warmupEvents, outputDirectory: output))
            }
            ProcessMemory.resetPeak()
            let results = try session(checkpoints: true).execute(script: script(for: query, events: settings.events, outputDirectory: output))
            guard let job = results.last(where: { $0.kind == .insert })?.job ?? results.last?.job else {
                throw SluiceError(.invalidInput, "\(query.name).sql runs no job; a Nexmark query file ends with INSERT INTO <sink> SELECT …")
            }
            return NexmarkBenchResult(query: query.name, events: settings.events, job: job,
                                      peakMemoryBytes: ProcessMemory.peakBytes() ?? job.peakResidentBytes)
        } catch {
            return NexmarkBenchResult(query: query.name, events: settings.events, error: error.message)
        }
    }
}

/// One query's figures (or its error), as the table and JSON outputs report them.
struct NexmarkBenchResult: Codable, Equatable {
    var query: String
    var events: Int64
    var seconds = 0.0
    var cpuSeconds = 0.0
    var eventsPerSecond = 0.0
    /// Events per second of process CPU time: the rate one fully busy core would sustain.
    var eventsPerSecondPerCore = 0.0
    var peakMemoryBytes: Int64 = 0
    var outputRows: Int64 = 0
    var checkpoints = 0
    var error: String?

    init(query: String, events: Int64, error: String) {
        self.query = query
        self.events = events
        self.error = error
    }

    init(query: String, events: Int64, job: JobResult, peakMemoryBytes: Int64) {
        self.query = query
        self.events = events
        seconds = Double(job.wallNanos) / 1e9
        cpuSeconds = Double(job.cpuNanos) / 1e9
        eventsPerSecond = Double(events) / max(seconds, 1e-9)
        eventsPerSecondPerCore = Double(events) / max(cpuSeconds, 1e-9)
        self.peakMemoryBytes = peakMemoryBytes
        // The sink vertices are named `<table>-sink`; their input rows are the query's output.
        outputRows = Int64(job.operators.filter { $0.operatorName.hasSuffix("-sink") }.reduce(0) { $0 + $1.rowsIn })
        checkpoints = job.completedCheckpoints.count
        if let e = job.checkpointError { error = "checkpoint failed: \(e.message)" }
    }
}
