/// Where large aggregate state arrays live: a seam for the state backend (SluiceStorage), which maps
/// them from files in the job's working directory, so that hash aggregation keeps its state off the
/// heap while running the same vectorized loops.
///
/// Called only when a table grows (a handful of times per run), never per row or per batch.
/// Implementations must be thread-safe: a table may be released on another thread than the one
/// that grew it.
public protocol AggregateMemory: AnyObject, Sendable {
    /// `bytes` (a multiple of 2 MiB) of zeroed, page-aligned memory, or nil to make the caller fall
    /// back to anonymous memory (e.g. when the disk is full: aggregation stays correct, only the
    /// placement changes).
    func allocateZeroed(bytes: Int) -> UnsafeMutableRawPointer?
    /// Gives back memory from `allocateZeroed` (same `bytes`).
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int)
}
