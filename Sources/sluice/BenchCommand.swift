import ArgumentParser
import Foundation
import Sluice

/// `sluice bench`: standard benchmark suites run on the engine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a standard benchmark suite and report throughput.",
        subcommands: [NexmarkBenchCommand.self]
    )
}

/// `sluice bench nexmark`: the Nexmark queries on the built-in generator, into blackhole sinks.
struct NexmarkBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nexmark",
        abstract: "Run Nexmark queries on the built-in generator and report events/s per query.",
        discussion: """
        Reads the DDL and q<N>.sql files from --queries-dir (the team's queries/nexmark, or the reference \
        suite's queries folder: ${…} placeholders are substituted as its runner does). Each query runs in \
        streaming mode into a blackhole sink; events/s per core divides by the process's CPU time. \
        Example: sluice bench nexmark --queries q0,q1,q2 --events 10000000 --parallelism 2
        """
    )

    /// The team's queries that Sluice runs (q10 needs PARTITIONED BY sinks).
    static let supported = ["q0", "q1", "q2", "q10", "q12", "q14", "q15", "q16", "q17", "q21", "q22"]

    @Option(help: "Comma-separated queries, or all (default: every supported query present in --queries-dir).")
    var queries: String?

    @Option(help: "Directory with ddl.sql (or ddl_gen.sql + ddl_views.sql) and q<N>.sql files.")
    var queriesDir = "queries/nexmark"

    @Option(help: "Events generated per query (events.num).")
    var events: Int64 = 10_000_000

    @Option(help: "first-event.rate and next-event.rate (${TPS}): sets event time; generation runs at full speed.")
    var rate: Int64 = 10_000_000

    @Option(help: "Parallelism of every operator (generator splits included).")
    var parallelism = 1

    @Option(help: "Checkpoint interval in milliseconds (default: no checkpoints).")
    var checkpointInterval: Int64?

    @Option(help: "Events of a discarded run of each query before the measured one.")
    var warmup: Int64 = 0

    @Option(help: "The generator's seed.")
    var seed: Int64 = 0

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Flag(help: "Keep the files that file-writing queries (q10) write under ${NEXMARK_DIR}; by default they are removed after each query.")
    var keepOutput = false

    func validate() throws {
        guard events >= 1 else { throw ValidationError("--events must be at least 1, not \(events)") }
        guard rate >= 1 else { throw ValidationError("--rate must be at least 1 event/s, not \(rate)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more events, not \(warmup)") }
        guard parallelism >= 1 && parallelism <= 128 else {
            throw ValidationError("--parallelism must be between 1 and 128, not \(parallelism)")
        }
        if let checkpointInterval, checkpointInterval < 10 {
            throw ValidationError("--checkpoint-interval must be at least 10 ms, not \(checkpointInterval)")
        }
    }

    func run() throws {
        let outcome = Result { () throws(SluiceError) in try runAll(progress: ProgressLine()) }
        guard case .success(let results) = outcome else {
            if case .failure(let error) = outcome { printError("error: \(error)") }
            throw ExitCode(2)
        }
        print(json ? NexmarkBenchReport.json(results) : NexmarkBenchReport.table(results), terminator: "")
        if results.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }

    /// Loads the files, picks the queries and runs them in order.
    func runAll(progress: ProgressLine?) throws(SluiceError) -> [NexmarkBenchResult] {
        let files = try NexmarkQueryFiles.load(directory: queriesDir)
        let chosen = try queries.map { list throws(SluiceError) in try files.select(list) }
            ?? files.queries.filter { Self.supported.contains($0.name) }
        var settings = NexmarkBench.Settings(events: events, rate: rate, parallelism: parallelism, warmupEvents: warmup,
                                             checkpointIntervalMillis: checkpointInterval, seed: seed)
        settings.keepOutput = keepOutput
        let bench = NexmarkBench(files: files, settings: settings)
        var results: [NexmarkBenchResult] = []
        for (i, query) in chosen.enumerated() {
            let label = "[\(i + 1)/\(chosen.count)] \(query.name):"
            progress?.start(label)
            let r = bench.run(query)
            progress?.finish(r.error.map { "\(label) failed: \($0)" }
                ?? "\(label) \(r.events) events in \(NexmarkBenchReport.fixed(r.seconds, 2)) s, \(NexmarkBenchReport.rate(r.eventsPerSecond)) events/s")
            results.append(r)
        }
        return results
    }
}
