import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a partitioned file sink: `parallelism` writers (`PartitionedFileWriter`, the returned
    /// vertex, which takes rows of `schema`) feeding one `PartitionCommitter` over a rebalance edge.
    @discardableResult
    public mutating func addPartitionedFileSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                                settings: PartitionedSinkSettings,
                                                clock: any ProcessingClock = SystemClock.shared) throws(SluiceError) -> VertexID {
        // Checks the settings against the schema once, here, rather than in every subtask.
        _ = try PartitionedFileWriter(settings: settings, schema: schema,
                                      subtask: SubtaskInfo(vertexName: name, uid: uid ?? name, index: 0, parallelism: parallelism))
        let committerName = name + "-committer"
        let committer = addOperator(name: committerName, uid: uid.map { $0 + "-committer" }, parallelism: 1,
                                    schema: PartitionCommitter.stagedSchema) { _ in
            PartitionCommitter(settings: settings, clock: clock)
        }
        let writer = addOperator(name: name, uid: uid, parallelism: parallelism, inputSchemas: [schema],
                                 outputSchema: PartitionCommitter.stagedSchema) { subtask in
            // The same settings and schema passed the check above, so this cannot fail.
            try! PartitionedFileWriter(settings: settings, schema: schema, subtask: subtask, clock: clock)
        }
        connect(writer, committer, .rebalance)
        return writer
    }
}
