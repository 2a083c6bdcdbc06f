import SluiceColumnar

/// The keyed state of one operator subtask: named states (value, map, list, aggregating) scoped to
/// a current key and namespace, kept off the Swift heap in memory-mapped state tables.
///
/// ```
///  KeyedStateBackend (subtask i of p: key groups keyGroupRange of 0..<maxParallelism)
///   ├─ current key    bytes + stable hash (Hashing, as hash edges route) → key group, checked
///   ├─ current namespace (e.g. a window end)  ─► entry key/hash built once (CurrentKey)
///   ├─ state "count"  ─► StateStore ─► StateTable (entries + values arenas in the working dir)
///   ├─ state "seen"   ─► StateStore ─► StateTable
///   └─ clock (processing / event time for TTL), memory budget
/// ```
///
/// Design:
/// - One `StateTable` per state: slots are fixed-width (`StateDescriptor`), so a value state of a
///   `BitwiseCopyable` type is a load/store in the mapping, and variable-size values live in the
///   table's value arena.
/// - The caller sets the current key (and hash) once per row or group of rows; every access then
///   reuses the entry key and hash, and a state caches the slot found for the current entry.
/// - Snapshots capture every state as one unit (`snapshot(to:full:codec:)`): one snapshot file per
///   state in the existing format plus a checksummed manifest; restore rebuilds the backend,
///   also at another parallelism (by key group).
///
/// Threading: owned by one subtask thread at a time; not `Sendable`.
public final class KeyedStateBackend {
    public let maxParallelism: Int
    public let keyGroupRange: ClosedRange<Int>
    /// Where state arenas are created (a fresh temporary directory per arena when nil).
    public let directory: String?
    public let chunkSize: Int
    /// Resident bytes of state this backend aims to stay under (nil: unbounded); see
    /// `KeyedStateBackend+Memory`.
    public let memoryBudgetBytes: Int?
    public let clock: StateClock
    // SAFETY: owned by this backend (freed in deinit) and reached through addressors, so that state
    // accesses skip the dynamic exclusivity checks of class properties; one owner at a time.
    private let currentStorage: UnsafeMutablePointer<CurrentKey>
    var current: CurrentKey {
        unsafeAddress { UnsafePointer(currentStorage) }
        unsafeMutableAddress { currentStorage }
    }
    /// Registered states, in registration order.
    var stores: [StateStore] = []
    /// Tables restored from a snapshot, waiting for their state to be registered again.
    var restored: [String: (descriptor: StateDescriptor, table: StateTable)] = [:]
    var budgetChecks = 0
    /// Tables whose chunks a snapshot of this backend already holds: their next capture may be
    /// incremental; any other table is captured in full (the first file of its chain).
    var chainedTables = Set<ObjectIdentifier>()

    /// Creates an empty backend for the key groups `keyGroupRange` (all of them when nil).
    public init(maxParallelism: Int = KeyGroups.defaultMaxParallelism, keyGroupRange: ClosedRange<Int>? = nil,
                directory: String? = nil, memoryBudgetBytes: Int? = nil, clock: StateClock = .system(),
                chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) {
        try KeyGroups.validate(parallelism: 1, maxParallelism: maxParallelism)
        let range = keyGroupRange ?? 0...(maxParallelism - 1)
        guard range.lowerBound >= 0 && range.upperBound < maxParallelism else {
            throw .invalidInput("key group range \(range) is outside 0...\(maxParallelism - 1) for max parallelism \(maxParallelism)")
        }
        if let budget = memoryBudgetBytes, budget < 0 {
            throw .invalidInput("state memory budget \(budget) bytes must not be negative; pass nil for no budget")
        }
        self.maxParallelism = maxParallelism
        self.keyGroupRange = range
        self.directory = directory
        self.chunkSize = chunkSize
        self.memoryBudgetBytes = memoryBudgetBytes
        self.clock = clock
        currentStorage = .allocate(capacity: 1)
        currentStorage.initialize(to: CurrentKey())
    }

    /// The backend of subtask `subtask` of `parallelism` (Flink's key-group range assignment).
    public convenience init(subtask: Int, parallelism: Int, maxParallelism: Int = KeyGroups.defaultMaxParallelism,
                            directory: String? = nil, memoryBudgetBytes: Int? = nil, clock: StateClock = .system(),
                            chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) {
        let range = try KeyGroups.keyGroupRange(subtask: subtask, maxParallelism: maxParallelism, parallelism: parallelism)
        try self.init(maxParallelism: maxParallelism, keyGroupRange: range, directory: directory,
                      memoryBudgetBytes: memoryBudgetBytes, clock: clock, chunkSize: chunkSize)
    }

    deinit {
        currentStorage.pointee.scratch.release()
        currentStorage.deinitialize(count: 1)
        currentStorage.deallocate()
    }

    // MARK: - Current key and namespace

    /// Makes `key` (with its stable hash from `Hashing`, as the hash edge computed it) the current
    /// key. A key of a key group this backend does not own is an `.internal` error: it was routed
    /// to the wrong subtask.
    public func setCurrentKey(_ key: UnsafeRawBufferPointer, hash: UInt64) throws(SluiceError) {
        let group = KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism)
        guard keyGroupRange.contains(group) else {
            throw SluiceError(.internal, "key with hash 0x\(String(hash, radix: 16)) belongs to key group \(group), but this state backend holds key groups \(keyGroupRange) (max parallelism \(maxParallelism)); the key was routed to the wrong subtask")
        }
        guard key.count < 1 << 30 else { throw .invalidInput("a state key of \(key.count) bytes exceeds the limit of 1 GiB") }
        current.setKey(key, hash: hash, keyGroup: group, maxParallelism: maxParallelism)
    }

    public func setCurrentKey(_ key: [UInt8], hash: UInt64) throws(SluiceError) {
        try withBytes(of: key) { (k) throws(SluiceError) in try setCurrentKey(k, hash: hash) }
    }

    /// A BIGINT key: 8 bytes little-endian, hashed as a hash edge hashes an integer key column.
    public func setCurrentKey(_ key: Int64) throws(SluiceError) {
        try withUnsafeBytes(of: key.littleEndian) { (k) throws(SluiceError) in try setCurrentKey(k, hash: Hashing.hashInt(key)) }
    }

    /// A STRING key: its UTF-8 bytes, hashed as a hash edge hashes a string key column.
    public func setCurrentKey(_ key: String) throws(SluiceError) {
        let bytes = Array(key.utf8)
        try setCurrentKey(bytes, hash: Hashing.hashBytes(bytes))
    }

    /// The current key's bytes (empty before the first `setCurrentKey`).
    public var currentKey: [UInt8] { Array(current.scratch.bytes(0, current.keyLength)) }
    public var currentKeyGroup: Int { current.keyGroup }

    /// Scopes the following accesses to `namespace` (e.g. a window); empty bytes: no namespace.
    public func setCurrentNamespace(_ namespace: [UInt8]) {
        namespace.withUnsafeBytes { current.setNamespace($0, maxParallelism: maxParallelism) }
    }

    /// An Int64 namespace (e.g. a window's end timestamp).
    public func setCurrentNamespace(_ namespace: Int64) {
        withUnsafeBytes(of: namespace.littleEndian) { current.setNamespace($0, maxParallelism: maxParallelism) }
    }

    /// Back to the default (empty) namespace.
    public func clearCurrentNamespace() { setCurrentNamespace([]) }

    public var currentNamespace: [UInt8] { Array(current.scratch.bytes(current.keyLength, current.namespaceLength)) }

    /// Whether accesses are scoped to a namespace now (`currentNamespace` is not empty).
    public var hasNamespace: Bool { current.namespaceLength > 0 }

    /// Throws unless a current key is set; the state's name is only read to build the error.
    @inline(__always)
    func requireKey(_ store: StateStore) throws(SluiceError) {
        guard current.isSet else { throw noKeyError(store.descriptor.name) }
    }

    func requireKey(_ state: String) throws(SluiceError) {
        guard current.isSet else { throw noKeyError(state) }
    }

    private func noKeyError(_ state: String) -> SluiceError {
        .invalidInput("state '\(state)' was accessed before a current key was set; call setCurrentKey first (keyed state needs a keyed stream)")
    }

    // MARK: - Registration

    /// The store of state `name`, created (or attached to its restored table) on first use.
    func register(_ descriptor: StateDescriptor, ttl: StateTTLConfig?) throws(SluiceError) -> StateStore {
        guard !descriptor.name.isEmpty else { throw .invalidInput("a state needs a non-empty name") }
        try ttl?.validate(state: descriptor.name)
        if let existing = stores.first(where: { $0.descriptor.name == descriptor.name }) {
            guard existing.descriptor == descriptor else { throw descriptor.mismatch(existing.descriptor) }
            guard existing.ttl == ttl else {
                throw .invalidInput("state '\(descriptor.name)' is already registered with another TTL config; use one TTL config per state")
            }
            return existing
        }
        let table: StateTable
        if let (old, restoredTable) = restored[descriptor.name] {
            guard old == descriptor else { throw descriptor.mismatch(old) }
            table = restoredTable
            restored[descriptor.name] = nil
        } else {
            table = try StateTable(slotWidth: descriptor.slotWidth, maxParallelism: maxParallelism,
                                   keyGroupRange: keyGroupRange, directory: directory, chunkSize: chunkSize)
        }
        let store = StateStore(descriptor: descriptor, table: table, ttl: ttl, backend: self)
        stores.append(store)
        return store
    }

    /// Names of the registered states, and of restored ones not registered again yet.
    public var stateNames: [String] { stores.map(\.descriptor.name) + restored.keys.sorted() }
}
