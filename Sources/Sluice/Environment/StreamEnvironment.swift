import SluiceConnectors
import SluiceOperators

/// Where a DataStream job is built and run: sources come from it, `execute()` runs what was built.
///
///     let env = StreamEnvironment(parallelism: 2, mode: .batch)
///     let counts = try env.readCSV("events.csv", schema: schema)
///         .filter(col("color") != "orange")
///         .keyBy("color")
///         .aggregate(.count().as("cnt"))
///         .collect()
///     let result = try env.execute()
///     print(counts.table())
///
/// Building is single-threaded (the environment is not `Sendable`); `execute` runs the job on a
/// fixed pool of `workers` threads and returns per-operator metrics.
public final class StreamEnvironment {
    /// Default parallelism of every operator added from now on.
    public var parallelism: Int
    public var mode: RuntimeMode
    /// Worker threads that run the job (default: one per core).
    public var workers: Int
    /// Key groups of hash edges (Flink's max parallelism); the unit of state redistribution.
    public var maxParallelism: Int = 128
    /// Runtime settings: channel capacity, quantum, buffer timeout, chaining, and where aggregation
    /// state lives (`stateBackend`: memory-mapped files by default, or `.heap`).
    public var executionOptions = ExecutionOptions()
    /// Resident keyed-state bytes of the whole job (split evenly over the subtasks of each keyed
    /// operator); beyond it state pages go back to the OS instead of the process growing. nil: none.
    public var stateMemoryBudgetBytes: Int?
    /// Working directory of keyed state arenas and of the `.mmap` state backend's aggregation tables
    /// (temporary directories when nil).
    public var stateDirectory: String?
    /// In streaming mode, a source split that had no rows for this long (processing time, µs) stops
    /// holding the watermark back, unless its `WatermarkStrategy` sets its own idleness; nil: off.
    public var sourceIdleTimeoutMicros: Int64? = 30_000_000

    var graph = JobGraph()
    var names: [String: Int] = [:]
    var executed = false

    public init(parallelism: Int = WorkerPool.defaultWorkerCount, mode: RuntimeMode = .streaming,
                workers: Int = WorkerPool.defaultWorkerCount) {
        self.parallelism = parallelism
        self.mode = mode
        self.workers = workers
    }

    /// The job built so far (for inspection and tests).
    public var jobGraph: JobGraph { graph }

    /// A unique vertex name: "filter", "filter-2", …
    func uniqueName(_ base: String) -> String {
        let n = names[base, default: 0] + 1
        names[base] = n
        return n == 1 ? base : "\(base)-\(n)"
    }

    func checkParallelism(_ p: Int) throws(SluiceError) {
        guard p >= 1 && p <= maxParallelism else {
            throw .invalidInput("parallelism \(p) is out of range; use 1 to the max parallelism \(maxParallelism)")
        }
    }

    /// Runs the job to completion and returns its metrics.
    @discardableResult
    /// With checkpointing on (see `enableCheckpointing`), failures restart the job from its latest
    /// checkpoint as the restart strategy allows.
    public func execute(timeoutSeconds: Double? = nil) throws(SluiceError) -> JobExecutionResult {
        guard executionOptions.checkpointing != nil else { return try executeAsync().wait(timeoutSeconds: timeoutSeconds) }
        let options = try prepareRun()
        let executor = JobExecutor(workers: workers)
        defer { executor.shutdown() }
        return JobExecutionResult(try executor.execute(graph, options: options, timeoutSeconds: timeoutSeconds))
    }

    /// Starts the job and returns a client that waits for or cancels it.
    public func executeAsync() throws(SluiceError) -> JobHandle {
        let options = try prepareRun()
        let executor = JobExecutor(workers: workers)
        do {
            let client = try executor.submit(graph, options: options)
            return JobHandle(client: client, executor: executor)
        } catch {
            executor.shutdown()
            throw error
        }
    }

    private func prepareRun() throws(SluiceError) -> ExecutionOptions {
        guard !executed else {
            throw .invalidInput("this environment's job was already executed; build a new StreamEnvironment for another run")
        }
        guard !graph.vertices.isEmpty else { throw .invalidInput("the job is empty; add a source and a sink before executing") }
        try graph.validate()
        executed = true
        var options = executionOptions
        if options.hashPartitioner == nil { options.hashPartitioner = .columnar }
        options.checkpointing?.maxParallelism = maxParallelism
        if options.stateDirectory == nil { options.stateDirectory = stateDirectory }
        return options
    }
}

/// A running job: wait for its result or cancel it.
public final class JobHandle: Sendable {
    let client: JobClient
    let executor: JobExecutor

    init(client: JobClient, executor: JobExecutor) {
        self.client = client
        self.executor = executor
    }

    /// Blocks until the job ends; rethrows the first failure (naming the operator and subtask).
    public func wait(timeoutSeconds: Double? = nil) throws(SluiceError) -> JobExecutionResult {
        defer { executor.shutdown() }
        return JobExecutionResult(try client.wait(timeoutSeconds: timeoutSeconds))
    }

    /// Asks every task to stop; `wait` then returns a cancelled result.
    public func cancel() { client.cancel() }

    /// Takes a savepoint of the running job (needs `enableCheckpointing`).
    public func triggerSavepoint(timeoutSeconds: Double = 60) throws(SluiceError) -> CheckpointManifest {
        try client.triggerSavepoint(timeoutSeconds: timeoutSeconds)
    }

    /// Takes a savepoint, then cancels the job; restore it with `restore(from: .savepoint(id))`.
    public func stopWithSavepoint(timeoutSeconds: Double = 60) throws(SluiceError) -> CheckpointManifest {
        try client.stopWithSavepoint(timeoutSeconds: timeoutSeconds)
    }
}
