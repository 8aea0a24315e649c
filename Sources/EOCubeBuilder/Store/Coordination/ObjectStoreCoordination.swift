import Synchronization
import SystemSupport
import ZarrStore

/// Coordination for a store in S3-compatible object storage (see ``StoreCoordination``).
///
/// Object storage has no locks and no rename, but it decides atomically between concurrent
/// conditional writes: shared documents (journals, commit records) are created with
/// `If-None-Match: *` and replaced with `If-Match: <ETag>`, retrying from a fresh read when
/// another writer got there first. Shards need no coordination across machines: a plan gives
/// each worker its own, and a build without a plan holds the cube's ``StoreLease``. Within this
/// process, builders take turns as in ``ProcessCoordination``. Before its first conditional
/// write it checks that the server enforces them (``S3Storage/checkConditionalWrites()``): one
/// that ignored the headers would let two writers both win.
final class ObjectStoreCoordination: StoreCoordination {
    private let storage: S3Storage
    private let local: ProcessCoordination
    /// How often an update is retried after losing a race before giving up (each loss means
    /// another writer succeeded, so this bounds only pathological contention).
    static let updateAttempts = 50
    /// Whether the server was seen to enforce conditional writes.
    private let checked = Mutex(false)

    init(storage: S3Storage) {
        self.storage = storage
        local = ProcessCoordination(storage: storage)
    }

    func withStoreLock<T: Sendable>(_ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await local.withStoreLock(body)
    }

    func withUnitLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await local.withUnitLock(unit: unit, body)
    }

    /// Nothing to wait for: S3 acknowledges a PUT once the object is durable.
    func makeDurable() async throws(CubeBuilderError) {}

    /// Checks once that the server answers 412 where it must (see the type's description).
    private func requireConditionalWrites() async throws(CubeBuilderError) {
        guard !checked.withLock({ $0 }) else { return }
        try await Self.requireConditionalWrites(storage)
        checked.withLock { $0 = true }
    }

    /// Throws, naming the server, unless `storage` enforces `If-None-Match` and `If-Match`.
    static func requireConditionalWrites(_ storage: S3Storage) async throws(CubeBuilderError) {
        try await onPool(storage, "builders coordinate through conditional writes, which this server must enforce") { () throws(ZarrError) in
            try storage.checkConditionalWrites()
        }
    }

    /// Runs a blocking S3 request on the shared ``BlockingPool`` while the caller suspends (a
    /// request retried with backoff may take seconds, too long to hold a cooperative thread);
    /// its failure becomes a store error saying `doing`.
    static func onPool<T: Sendable>(_ storage: S3Storage, _ doing: String,
                                    _ request: @escaping @Sendable () throws(ZarrError) -> T) async throws(CubeBuilderError) -> T {
        do throws(ZarrError) {
            return try await BlockingPool.shared.run(cancelled: ZarrError.cancelled(array: storage.description), request)
        } catch {
            throw .store(path: storage.description, reason: doing, cause: CubeBuilderError.Cause(error))
        }
    }

    func update(_ key: String, _ change: ([UInt8]?) throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError) {
        try await requireConditionalWrites()
        let storage = storage
        for _ in 0..<Self.updateAttempts {
            let current = try await Self.onPool(storage, "cannot update \(key)") { () throws(ZarrError) in try storage.getWithETag(key) }
            let next = try change(current?.bytes)
            let outcome = try await Self.onPool(storage, "cannot update \(key)") { () throws(ZarrError) in
                if let current { try storage.replace(key, next, ifETagMatches: current.etag) } else { try storage.createIfAbsent(key, next) }
            }
            if case .written = outcome { return }
        }
        throw .store(path: storage.description, reason: "cannot update \(key): \(Self.updateAttempts) other writers changed it first, one after the other")
    }

    func create(_ key: String, _ bytes: [UInt8]) async throws(CubeBuilderError) -> Bool {
        try await requireConditionalWrites()
        let storage = storage
        let outcome = try await Self.onPool(storage, "cannot create \(key)") { () throws(ZarrError) in try storage.createIfAbsent(key, bytes) }
        if case .written = outcome { return true }
        return false
    }
}
