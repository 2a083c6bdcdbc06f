import SluiceColumnar

/// Turns an `ExecutionPlan` into task subtasks connected by channels.
///
/// Per chain and subtask it builds the operators (through the vertices' factories) and a
/// `StreamTask`; per network edge it builds one channel per (producer subtask, consumer subtask) pair
/// — only i → i for forward edges — and gives the producer an output route and the consumer an input
/// slot. Everything is allocated here, before the job starts.
struct JobDeployment {
    let plan: ExecutionPlan
    let options: ExecutionOptions
    let job: JobRun

    func makeTasks() throws(SluiceError) -> [StreamTask] {
        let graph = plan.graph
        let memory = try options.stateBackend.aggregateMemory(directory: options.stateDirectory)
        var tasks: [[StreamTask]] = []
        var sources: [[(any SourceReader, OperatorContext)?]] = []
        for chain in plan.chains {
            var row: [StreamTask] = [], rowSources: [(any SourceReader, OperatorContext)?] = []
            for subtask in 0..<chain.parallelism {
                let (task, source) = makeTask(chain, subtask: subtask, memory: memory)
                row.append(task)
                rowSources.append(source)
            }
            tasks.append(row)
            sources.append(rowSources)
        }
        var routes = tasks.map { $0.map { _ in [OutputRouter.Route]() } }
        var slots = tasks.map { $0.map { _ in [InputGate.Slot]() } }
        for edge in plan.networkEdges {
            let p = plan.chainIndex(of: edge.source), c = plan.chainIndex(of: edge.target)
            for i in tasks[p].indices {
                var writers: [ChannelWriter] = []
                for j in tasks[c].indices where edge.partitioning != .forward || i == j {
                    let channel = Channel(capacity: options.channelCapacity, producer: tasks[p][i], consumer: tasks[c][j])
                    writers.append(ChannelWriter(channel))
                    slots[c][j].append(InputGate.Slot(channel: channel, input: edge.input))
                }
                routes[p][i].append(try route(edge, writers, producerSubtask: i, graph: graph))
            }
        }
        let keyedHeads = Set(plan.networkEdges.filter { if case .hash = $0.partitioning { true } else { false } }.map(\.target))
        for (ci, row) in tasks.enumerated() {
            for task in row { for link in task.links where keyedHeads.contains(link.vertex) { link.keyed = true } }
            for (i, task) in row.enumerated() {
                task.gate = InputGate(slots[ci][i])
                task.router = routes[ci][i].isEmpty ? nil : OutputRouter(routes: routes[ci][i])
                task.job = job
                task.wire(source: sources[ci][i])
            }
        }
        return tasks.flatMap { $0 }
    }

    private func makeTask(_ chain: ExecutionPlan.Chain, subtask: Int,
                          memory: (any AggregateMemory)?) -> (StreamTask, (any SourceReader, OperatorContext)?) {
        let graph = plan.graph
        let failure = ChainFailure()
        var links: [ChainLink] = []
        var source: (any SourceReader, OperatorContext)?
        for id in chain.vertices {
            let v = graph[id]
            let info = SubtaskInfo(vertexName: v.name, uid: v.uid, index: subtask, parallelism: v.parallelism)
            let context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: v.memoryBudgetBytes,
                                          bufferTimeoutNanos: options.bufferTimeoutNanos, jobID: job.jobID,
                                          restoredCheckpoint: job.restore?.checkpointID,
                                          incrementalCheckpoints: options.checkpointing?.incremental ?? false,
                                          aggregateMemory: memory)
            switch v.kind {
            case .source(let factory): source = (factory(info), context)
            case .operator(let factory):
                let link = ChainLink(op: factory(info), context: context, failure: failure)
                link.vertex = id
                links.append(link)
            }
        }
        let head = graph[chain.head]
        let headInfo = SubtaskInfo(vertexName: head.name, uid: head.uid, index: subtask, parallelism: head.parallelism)
        let task = StreamTask(chainName: plan.chainNames[plan.chains.firstIndex(of: chain)!], subtaskIndex: subtask,
                              links: links, failure: failure, headInfo: headInfo, quantum: options.quantum,
                              idlePollNanos: options.idleSourcePollNanos)
        return (task, source)
    }

    private func route(_ edge: ExecutionPlan.Edge, _ writers: [ChannelWriter], producerSubtask: Int,
                       graph: JobGraph) throws(SluiceError) -> OutputRouter.Route {
        switch edge.partitioning {
        case .forward:
            return .forward(writers[0])
        case .rebalance:
            return .rebalance(writers, next: producerSubtask % writers.count)
        case .broadcast:
            return .broadcast(writers)
        case .hash(let keys, let maxParallelism):
            guard let partitioner = options.hashPartitioner else {
                throw SluiceError(.plan, "hash edge `\(graph[edge.source].name)` → `\(graph[edge.target].name)` needs a hash "
                    + "partitioner; set ExecutionOptions.hashPartitioner (the partition kernel's Partition.split)")
            }
            return .hash(writers, keyColumns: keys, maxParallelism: maxParallelism, partitioner)
        }
    }
}
