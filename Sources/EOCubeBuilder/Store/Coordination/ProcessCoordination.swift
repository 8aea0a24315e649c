import ZarrStore

/// Coordination among the builders of this process only (see ``StoreCoordination``), for stores
/// that offer nothing across processes (a memory store), and as the in-process half of
/// ``ObjectStoreCoordination``.
final class ProcessCoordination: StoreCoordination {
    private let storage: any ZarrStorage
    private let storeLock = AsyncKeyedLock()
    private let unitLocks = AsyncKeyedLock()

    init(storage: any ZarrStorage) {
        self.storage = storage
    }

    func withStoreLock<T: Sendable>(_ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await storeLock.withLock(0, body)
    }

    func withUnitLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await unitLocks.withLock(unit, body)
    }

    /// Nothing to wait for: a write has returned when it is stored.
    func makeDurable() async throws(CubeBuilderError) {}

    func update(_ key: String, _ change: ([UInt8]?) throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError) {
        let storage = storage
        try await withStoreLock { () async throws(CubeBuilderError) in
            do { try storage.set(key, try change(try storage.get(key))) } catch let error as CubeBuilderError {
                throw error
            } catch {
                throw .store(path: storage.description, reason: "cannot update \(key)", cause: .wrapping(error))
            }
        }
    }

    func create(_ key: String, _ bytes: [UInt8]) async throws(CubeBuilderError) -> Bool {
        let storage = storage
        return try await withStoreLock { () async throws(CubeBuilderError) -> Bool in
            do {
                guard try !storage.contains(key) else { return false }
                try storage.set(key, bytes)
                return true
            } catch {
                throw .store(path: storage.description, reason: "cannot create \(key)", cause: .wrapping(error))
            }
        }
    }
}
