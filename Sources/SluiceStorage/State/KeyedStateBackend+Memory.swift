import SluiceColumnar

/// The memory budget: beyond it, resident state pages go back to the OS instead of the process
/// growing.
///
/// What is done: the arenas are `MAP_SHARED` files, so their pages can leave memory without losing
/// data. `enforceMemoryBudget()` (called by operators once per batch; it does real work only every
/// `budgetCheckInterval` calls) measures the resident bytes of all arenas with `mincore`; above
/// the budget it releases every arena's pages: dirty pages are written back to the arena files
/// (`msync(MS_SYNC)`), dropped from the process (`madvise(MADV_DONTNEED)`) and from the page cache
/// (`posix_fadvise(POSIX_FADV_DONTNEED)`). Pages touched again fault back in from the file, so
/// the resident state stays near the working set of the last `budgetCheckInterval` batches.
/// The cost is the write-back of what changed since the last release, paid only above the budget.
/// On a tmpfs working directory the files live in memory anyway: only the process's share drops.
extension KeyedStateBackend {
    static let budgetCheckInterval = 64

    /// Every arena of every state (registered or restored).
    var arenas: [MappedArena] {
        (stores.map(\.table) + restored.values.map(\.table)).flatMap { [$0.entries, $0.values.arena] }
    }

    /// Resident bytes of all state arenas.
    public var residentBytes: Int { arenas.reduce(0) { $0 + $1.residentBytes } }

    /// Mapped bytes of all state arenas (the state's size on disk).
    public var mappedBytes: Int { arenas.reduce(0) { $0 + $1.byteCount } }

    /// Checks the budget every `budgetCheckInterval` calls (or now, when `force`); releases resident
    /// pages when over it. Returns whether pages were released.
    @discardableResult
    public func enforceMemoryBudget(force: Bool = false) -> Bool {
        guard let budget = memoryBudgetBytes else { return false }
        budgetChecks += 1
        guard force || budgetChecks >= KeyedStateBackend.budgetCheckInterval else { return false }
        budgetChecks = 0
        guard mappedBytes > budget, residentBytes > budget else { return false }
        for arena in arenas { arena.releaseResidentPages() }
        return true
    }
}
