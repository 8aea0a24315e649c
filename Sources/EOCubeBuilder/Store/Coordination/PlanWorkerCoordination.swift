import ZarrStore

/// Coordination for a worker of a ``CubePlan`` on a shared directory (see ``StoreCoordination``):
/// the plan gave the worker its own shards and journal and sized the time axis, so nothing it
/// writes is shared with another worker and it takes no lock across processes — `flock(2)` and
/// byte-range locks are unreliable on the cluster file systems such workers share. It takes
/// turns within its own process, and makes its data durable as the store's own coordination does.
final class PlanWorkerCoordination: StoreCoordination {
    private let local: ProcessCoordination
    private let durability: any StoreCoordination

    init(storage: any ZarrStorage, durability: any StoreCoordination) {
        local = ProcessCoordination(storage: storage)
        self.durability = durability
    }

    func withStoreLock<T: Sendable>(_ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await local.withStoreLock(body)
    }

    func withUnitLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await local.withUnitLock(unit: unit, body)
    }

    func makeDurable() async throws(CubeBuilderError) {
        try await durability.makeDurable()
    }

    func update(_ key: String, _ change: ([UInt8]?) throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError) {
        try await local.update(key, change)
    }

    func create(_ key: String, _ bytes: [UInt8]) async throws(CubeBuilderError) -> Bool {
        try await local.create(key, bytes)
    }
}
