/// Hash edges only where needed: rows already hash-partitioned by a subset of an aggregate's keys, at
/// the aggregate's parallelism, are grouped correctly where they are, so the aggregate runs in one
/// phase behind a forward edge instead of shuffling again.
enum ExchangeRule {
    static func isPartitioned(_ input: PlannedStream, by keys: [Int], forParallelism p: Int) -> Bool {
        guard let partitioned = input.partitionedBy, !partitioned.isEmpty, input.parallelism == p, !input.updating else { return false }
        return Set(partitioned).isSubset(of: Set(keys))
    }
}
