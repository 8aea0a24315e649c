import Foundation
import Synchronization
import SystemSupport
import ZarrStore

/// One build at a time per cube on object storage, which has no locks: the builder holds a
/// lease object (`<group>/.eocube-lease.json`, which Zarr readers ignore) for as long as it
/// writes, and a second build is refused with ``CubeBuilderError/storeBusy(store:holder:until:)``.
///
/// The lease is created with `If-None-Match: *` and renewed with `If-Match: <ETag>` well before it
/// expires, so exactly one holder exists at a time. A holder that dies (killed, node lost) stops
/// renewing: its lease is taken over, with `If-Match` on the stale version, once it has expired,
/// or at once by a build on the same host when the holder's process is gone. Expiry compares
/// the writer's clock with the reader's, so hosts sharing a store need clocks within a few
/// seconds (NTP), as S3's request signing already requires. Workers of a ``CubePlan`` take no
/// lease: the plan gives each its own shards.
final class StoreLease: Sendable {
    /// What the lease object holds.
    struct Holder: Codable, Sendable {
        var id: String
        var host: String
        var pid: Int32
        /// Seconds since 1970 after which the lease is void unless renewed.
        var expires: Double

        var description: String { "host \(host) pid \(pid)" }
    }

    /// How long a lease lasts without renewal.
    static let duration: Double = 120
    /// How often it is renewed.
    static let renewal = Duration.seconds(30)
    /// The lease's key in a cube group.
    static func key(groupPath: String) -> String { groupPath + "/.eocube-lease.json" }

    private let storage: S3Storage
    private let key: String
    private let holder: Holder
    /// The ETag of the lease version we wrote last; nil once lost or released.
    private let etag: Mutex<String?>
    private let renewing = Mutex<Task<Void, Never>?>(nil)

    private init(storage: S3Storage, key: String, holder: Holder, etag: String) {
        self.storage = storage
        self.key = key
        self.holder = holder
        self.etag = Mutex(etag)
    }

    /// Takes the lease of the cube group `groupPath` in `storage`, or throws
    /// ``CubeBuilderError/storeBusy(store:holder:until:)`` naming the live holder.
    static func acquire(_ storage: S3Storage, groupPath: String) async throws(CubeBuilderError) -> StoreLease {
        // A server that ignored If-None-Match would let every build take the lease.
        try await ObjectStoreCoordination.requireConditionalWrites(storage)
        let key = key(groupPath: groupPath)
        // The requests run on the blocking pool: retried with backoff, they may take seconds.
        let (holder, etag) = try await BlockingPool.shared.run(cancelled: CubeBuilderError.cancelled(store: storage.description)) {
            () throws(CubeBuilderError) -> (Holder, String) in
            try take(key, in: storage)
        }
        return start(StoreLease(storage: storage, key: key, holder: holder, etag: etag))
    }

    /// Creates the lease object, or takes over a stale one; the holder written and its ETag.
    private static func take(_ key: String, in storage: S3Storage) throws(CubeBuilderError) -> (Holder, String) {
        let host = ProcessInfo.processInfo.hostName
        var holder = Holder(id: UUID().uuidString, host: host, pid: ProcessStatus.currentID, expires: 0)
        func encoded(_ holder: Holder) throws(CubeBuilderError) -> [UInt8] {
            do { return [UInt8](try JSONEncoder().encode(holder)) } catch { throw .store(path: storage.description, reason: "cannot encode the build lease", cause: .wrapping(error)) }
        }
        for _ in 0..<8 {
            holder.expires = Date().timeIntervalSince1970 + duration
            do {
                if case .written(let etag) = try storage.createIfAbsent(key, try encoded(holder)) { return (holder, etag) }
                guard let (bytes, etag) = try storage.getWithETag(key) else { continue }  // released meanwhile
                let current = try? JSONDecoder().decode(Holder.self, from: Data(bytes))
                if let current, current.expires > Date().timeIntervalSince1970,
                   !(current.host == host && !ProcessStatus.isRunning(current.pid)) {
                    let until = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: current.expires))
                    throw CubeBuilderError.storeBusy(store: storage.description, holder: current.description, until: until)
                }
                // Expired, its process gone, or unreadable: take it over unless someone else just did.
                if case .written(let newTag) = try storage.replace(key, try encoded(holder), ifETagMatches: etag) { return (holder, newTag) }
            } catch let error as CubeBuilderError {
                throw error
            } catch {
                throw .store(path: storage.description, reason: "cannot take the build lease \(key)", cause: .wrapping(error))
            }
        }
        throw .store(path: storage.description, reason: "cannot take the build lease \(key): other builds kept taking it first")
    }

    private static func start(_ lease: StoreLease) -> StoreLease {
        let task = Task { [weak lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: renewal)
                guard !Task.isCancelled, let lease else { return }
                let renewed = (try? await BlockingPool.shared.run(cancelled: CubeBuilderError.cancelled(store: "")) { () throws(CubeBuilderError) -> Bool in
                    lease.renew()
                }) ?? false
                guard renewed else { return }
            }
        }
        lease.renewing.withLock { $0 = task }
        return lease
    }

    /// Extends the lease; false when it was lost (another build took it over after it expired).
    private func renew() -> Bool {
        guard let current = etag.withLock({ $0 }) else { return false }
        var renewed = holder
        renewed.expires = Date().timeIntervalSince1970 + Self.duration
        guard let bytes = try? JSONEncoder().encode(renewed) else { return true }
        switch try? storage.replace(key, [UInt8](bytes), ifETagMatches: current) {
        case .written(let etag)?:
            self.etag.withLock { $0 = etag }
            return true
        case .preconditionFailed?:
            etag.withLock { $0 = nil }
            return false
        case nil:
            return true  // the server did not answer: try again at the next renewal
        }
    }

    /// Throws when the lease was lost, so the build stops before writing more.
    func check() throws(CubeBuilderError) {
        guard etag.withLock({ $0 }) == nil else { return }
        throw .store(path: storage.description, reason: "the build lease \(key) expired and another build took it over (was this process paused for over \(Int(Self.duration)) s?); run the build again")
    }

    /// Gives the lease up: stops renewing and deletes it if it is still ours.
    func release() {
        renewing.withLock { $0?.cancel() }
        guard let ours = etag.withLock({ value in defer { value = nil }; return value }) else { return }
        if let current = try? storage.getWithETag(key), current.etag == ours { try? storage.delete(key) }
    }
}
