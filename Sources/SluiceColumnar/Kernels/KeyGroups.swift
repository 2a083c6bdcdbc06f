/// Key groups: the unit in which keyed state is owned by subtasks and redistributed on rescaling.
///
/// As in Flink, a key's group is derived from its hash modulo the maximum parallelism, and subtask `i`
/// of `p` owns the contiguous range of groups `keyGroupRange(subtask: i, …)`. Both the max parallelism
/// and `Hashing` are part of a savepoint: changing either moves keys to other groups.
public enum KeyGroups {
    public static let defaultMaxParallelism = 128
    /// Flink's upper bound for the maximum parallelism (2^15).
    public static let upperBoundMaxParallelism = 1 << 15

    /// Checks a (parallelism, max parallelism) pair and says how to fix it.
    public static func validate(parallelism: Int, maxParallelism: Int) throws(SluiceError) {
        guard maxParallelism >= 1 && maxParallelism <= upperBoundMaxParallelism else {
            throw .invalidInput("max parallelism \(maxParallelism) is out of range; use 1 to \(upperBoundMaxParallelism) (default \(defaultMaxParallelism))")
        }
        guard parallelism >= 1 else {
            throw .invalidInput("parallelism \(parallelism) is out of range; use at least 1")
        }
        guard parallelism <= maxParallelism else {
            throw .invalidInput("parallelism \(parallelism) exceeds max parallelism \(maxParallelism); lower the parallelism or raise the max parallelism (changing the max parallelism breaks savepoints)")
        }
    }

    /// The key group of a key hash (from `Hashing`): `hash mod maxParallelism`.
    @inlinable
    public static func keyGroup(hash: UInt64, maxParallelism: Int) -> Int {
        precondition(maxParallelism >= 1, "max parallelism must be positive")
        return Int(hash % UInt64(maxParallelism))
    }

    /// The subtask that owns a key group (Flink: `keyGroup * parallelism / maxParallelism`).
    @inlinable
    public static func subtask(keyGroup: Int, maxParallelism: Int, parallelism: Int) -> Int {
        precondition(keyGroup >= 0 && keyGroup < maxParallelism && parallelism >= 1 && parallelism <= maxParallelism,
                     "key group \(keyGroup) / parallelism \(parallelism) invalid for max parallelism \(maxParallelism)")
        return keyGroup * parallelism / maxParallelism
    }

    /// The key groups owned by `subtask` (Flink's `KeyGroupRangeAssignment`); never empty.
    public static func keyGroupRange(subtask: Int, maxParallelism: Int, parallelism: Int) throws(SluiceError) -> ClosedRange<Int> {
        try validate(parallelism: parallelism, maxParallelism: maxParallelism)
        guard subtask >= 0 && subtask < parallelism else {
            throw .invalidInput("subtask index \(subtask) is out of range; use 0 to \(parallelism - 1) for parallelism \(parallelism)")
        }
        let start = (subtask * maxParallelism + parallelism - 1) / parallelism
        let end = ((subtask + 1) * maxParallelism - 1) / parallelism
        return start...end
    }

    /// The owning subtask of every key group, for table lookups in hot loops.
    static func subtaskTable(maxParallelism: Int, parallelism: Int) -> [UInt32] {
        (0..<maxParallelism).map { UInt32(subtask(keyGroup: $0, maxParallelism: maxParallelism, parallelism: parallelism)) }
    }
}
