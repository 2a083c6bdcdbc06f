@_exported import SluiceSQL

/// The Table API entry point: runs Flink SQL statements against a catalog of tables.
///
///     let tEnv = TableEnvironment(parallelism: 2)
///     try tEnv.executeSQL("CREATE TABLE events (color STRING, …) WITH ('connector' = 'filesystem', …)")
///     try tEnv.executeSQL("SET 'execution.runtime-mode' = 'batch'")
///     let result = try tEnv.executeSQL("SELECT color, COUNT(*) FROM events GROUP BY color")
///     print(result.render())
///
/// Streaming is the default runtime mode, as in Flink: a GROUP BY then returns a changelog.
public final class TableEnvironment {
    public let session: SQLSession

    public init(parallelism: Int = 1, mode: RuntimeMode = .streaming, workers: Int = WorkerPool.defaultWorkerCount) {
        session = SQLSession(parallelism: parallelism, workers: workers)
        if mode == .batch { try? session.config.set("execution.runtime-mode", "batch") }
    }

    /// Runs one statement (a trailing `;` is allowed).
    @discardableResult
    public func executeSQL(_ statement: String) throws(SluiceError) -> SQLResult {
        try session.execute(SQLParser.parse(statement: statement))
    }

    /// Runs a script of `;`-separated statements and returns each result.
    @discardableResult
    public func executeScript(_ script: String) throws(SluiceError) -> [SQLResult] {
        try session.execute(script: script)
    }

    /// The EXPLAIN text of a query or INSERT.
    public func explain(_ statement: String) throws(SluiceError) -> String {
        try session.execute(.explain(SQLParser.parse(statement: statement), details: [])).message
    }
}
