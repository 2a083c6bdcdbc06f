import ArgumentParser
import Foundation
import Sluice

/// `sluice sql FILE` / `sluice sql -e '…'`: runs a script of Flink SQL statements and prints each result
/// as the Flink SQL client does (tables, changelogs with row kinds, EXPLAIN plans).
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run Flink SQL statements from a file or the command line.",
        discussion: """
        Example: sluice sql bench-data/seed.sql, or sluice sql -e "SET 'execution.runtime-mode' = 'batch'; SELECT 1 + 1". \
        Streaming is the default runtime mode, as in Flink; job statistics go to standard error.
        """
    )

    @Argument(help: "A file of ';'-separated SQL statements (none: read statements from standard input, as a shell).")
    var file: String?

    @Option(name: .customShort("e"), help: "SQL statements to run instead of a file.")
    var execute: String?

    @Option(help: "Default parallelism of every operator (and byte-range splits of CSV files).")
    var parallelism = 1

    @Option(help: "Checkpoint directory (execution.checkpointing.dir): filesystem sinks then write exactly once.")
    var checkpointDir: String?

    @Option(help: "Time between checkpoints, e.g. '1 s' (execution.checkpointing.interval).")
    var checkpointInterval: String?

    @Option(help: "Start from a checkpoint of --checkpoint-dir: 'latest', 'chk-<id>' or 'savepoint-<id>'.")
    var restore: String?

    @Option(help: "Streaming jobs: after this many seconds without new output, say which input holds the watermark back (0: never).")
    var stallSeconds = 10

    @Option(help: "Restart a failed job from its latest checkpoint up to this many times.")
    var restartAttempts: Int?

    func validate() throws {
        guard file == nil || execute == nil else { throw ValidationError("give either a FILE or -e '<statements>', not both") }
        guard parallelism >= 1 && parallelism <= 128 else {
            throw ValidationError("--parallelism must be between 1 and 128, not \(parallelism)")
        }
    }

    func run() throws {
        let session = SQLSession(parallelism: parallelism, workers: min(parallelism, WorkerPool.defaultWorkerCount))
        do {
            try configureCheckpointing(session)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        session.onJobSubmitted = { StopSignal.jobStarted($0) }
        if stallSeconds > 0 {
            session.stallReport = (Double(stallSeconds), { printError("sluice: " + $0) })
        }
        StopSignal.install()
        guard file != nil || execute != nil else {
            SQLShell(session: session, run: Self.runStatement).loop()
            return
        }
        do {
            let script: String
            if let execute {
                script = execute
            } else {
                guard let text = try? String(contentsOfFile: file!, encoding: .utf8) else {
                    throw SluiceError(.io, "cannot read SQL file \(file!)")
                }
                script = text
            }
            for located in try SQLParser.parseLocated(script: script) { try Self.runStatement(session, located) }
        } catch let error as SluiceError {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    /// The checkpoint flags as the SET statements they stand for.
    private func configureCheckpointing(_ session: SQLSession) throws(SluiceError) {
        if let checkpointDir { try session.config.set("execution.checkpointing.dir", checkpointDir) }
        if let checkpointInterval { try session.config.set("execution.checkpointing.interval", checkpointInterval) }
        if let restore { try session.config.set("execution.state-recovery.path", restore) }
        if let restartAttempts {
            try session.config.set("restart-strategy.type", "fixed-delay")
            try session.config.set("restart-strategy.fixed-delay.attempts", String(restartAttempts))
            try session.config.set("restart-strategy.fixed-delay.delay", "100 ms")
        }
        _ = try session.checkpointSettings()
    }

    /// Runs one statement and prints its result (and the job's time on standard error).
    static func runStatement(_ session: SQLSession, _ located: LocatedStatement) throws(SluiceError) {
        let result: SQLResult
        do {
            result = try session.execute(located.statement)
        } catch {
            throw SluiceError(error.code, "\(error.message) (in the statement at \(located.position): \(located.text.prefix(80)))")
        }
        FileHandle.standardOutput.write(Data(result.render().utf8))
        if let job = result.job {
            let seconds = Double(job.wallNanos) / 1e9
            printError("job finished in \(String(format: "%.3f", seconds)) s (\(String(format: "%.3f", Double(job.cpuNanos) / 1e9)) s CPU)")
            if let problem = job.checkpointError {
                printError("warning: \(job.completedCheckpoints.count) checkpoints completed; the last problem: \(problem.message)")
            }
        }
    }
}
