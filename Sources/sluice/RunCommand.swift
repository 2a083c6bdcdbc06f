import ArgumentParser
import Sluice

/// `sluice run FILE`: reads a CSV file, keeps the rows whose key is not the excluded value, counts the
/// rows per key and prints the table.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Filter a CSV file and count rows per key (by default: color <> 'orange', COUNT(*) per color).",
        discussion: """
        The job is SELECT key, COUNT(*) FROM file WHERE key <> 'excluded' GROUP BY key, run by the dataflow \
        runtime in batch mode: CSV source (byte-range splits, only the key column parsed) → filter → local \
        count → hash edge → global count → collect. Statistics go to standard error.
        """
    )

    @Argument(help: "The CSV file to read (with a header line).")
    var file: String = "bench-data/events.csv"

    @Option(help: "Column definitions of the file, in Flink syntax.")
    var schema = "ts TIMESTAMP(3), color STRING, shape STRING, value INT, price DECIMAL(10, 2)"

    @Option(help: "The column to group by.")
    var key = "color"

    @Option(help: "Rows whose key equals this value are dropped.")
    var exclude = "orange"

    @Option(help: "Parallelism of every operator (and byte-range splits of the file).")
    var parallelism = 2

    @Flag(help: "Skip and count lines that do not parse instead of failing.")
    var ignoreParseErrors = false


    func validate() throws {
        guard parallelism >= 1 && parallelism <= 256 else {
            throw ValidationError("--parallelism must be between 1 and 256, not \(parallelism)")
        }
    }

    func run() throws {
        do {
            let job = try FilterCountJob(path: file, schema: Schema.parse(schema), key: key, excluded: exclude,
                                         parallelism: parallelism, ignoreParseErrors: ignoreParseErrors)
            let result = try job.run()
            print(TablePrinter().render(result.table), terminator: "")
            printStatistics(result)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    @Flag(help: "Print per-operator metrics (rows, batches, busy/idle/backpressured time, queue depth).")
    var metrics = false

    private func printStatistics(_ r: FilterCountJob.Result) {
        let seconds = r.execution.wallSeconds
        let mb = Double(r.bytes) / 1e6
        var line = "read \(r.rowsRead) rows (\(format(mb)) MB) at parallelism \(parallelism) in \(format(seconds)) s: "
        line += "\(format(Double(r.rowsRead) / max(seconds, 1e-9) / 1e6)) M rows/s, \(format(mb / max(seconds, 1e-9))) MB/s, "
        line += "\(format(r.execution.cpuSeconds)) s CPU; kept \(r.rowsKept), dropped \(r.rowsRead - r.rowsKept) by the filter"
        if r.skippedLines > 0 { line += "; skipped \(r.skippedLines) bad lines" }
        printError(line)
        if metrics { printError(r.execution.description) }
    }

    private func format(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return String(rounded)
    }
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { bytes in _ = fwriteStderr(bytes) }
    }
}
