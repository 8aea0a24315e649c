import Foundation
import Synchronization
import SystemSupport
import ZarrStore

/// Coordination for a store in a local directory (see ``StoreCoordination``): `flock(2)` on the
/// store directory for shared metadata, one byte-range lock per write unit (``BlockLocks``), and
/// `syncfs(2)` before a journal entry. The kernel drops every lock of a process that dies, so a
/// `kill -9` never leaves the store locked.
final class DirectoryCoordination: StoreCoordination {
    private let storage: FileSystemStorage
    /// The cube group whose lock file guards its units.
    private let groupPath: String
    /// The unit locks, opened on first use (the group's directory does not exist before the cube).
    private let unitLocks = Mutex<BlockLocks?>(nil)

    init(storage: FileSystemStorage, groupPath: String) {
        self.storage = storage
        self.groupPath = groupPath
    }

    func withStoreLock<T: Sendable>(_ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        let lock = try await StoreLock.acquire(directory: storage.root)
        defer { lock.release() }
        return try await body()
    }

    func withUnitLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        try await blockLocks().withLock(unit: unit, body)
    }

    private func blockLocks() throws(CubeBuilderError) -> BlockLocks {
        try unitLocks.withLock { (locks) throws(CubeBuilderError) -> BlockLocks in
            if let open = locks { return open }
            let opened = try BlockLocks(groupDirectory: storage.root + "/" + groupPath)
            locks = opened
            return opened
        }
    }

    func makeDurable() async throws(CubeBuilderError) {
        let storage = storage
        try await BlockingPool.shared.run(cancelled: CubeBuilderError.cancelled(store: storage.root)) { () throws(CubeBuilderError) in
            do { try storage.flushToDisk() } catch { throw .store(path: storage.root, reason: "cannot flush the store to disk", cause: .wrapping(error)) }
        }
    }

    func update(_ key: String, _ change: ([UInt8]?) throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError) {
        try await withStoreLock { () async throws(CubeBuilderError) in
            do {
                try storage.set(key, try change(try storage.get(key)))
            } catch let error as CubeBuilderError {
                throw error
            } catch {
                throw .store(path: storage.root, reason: "cannot update \(key)", cause: .wrapping(error))
            }
        }
    }

    /// Creates `key` exclusively (`link(2)`, atomic on NFS too) and makes it durable.
    func create(_ key: String, _ bytes: [UInt8]) async throws(CubeBuilderError) -> Bool {
        let created: Bool
        do { created = try storage.createIfAbsent(key, bytes) } catch {
            throw .store(path: storage.root, reason: "cannot create \(key)", cause: .wrapping(error))
        }
        if created { try await makeDurable() }
        return created
    }
}
