import Foundation
import ZarrStore

/// Where a builder's cube goes: any ZarrStore storage, or a local directory that is made when
/// the cube is (so a build that finds nothing to ingest leaves no empty directory behind).
struct CubeDestination: Sendable {
    private enum Kind: Sendable {
        case storage(any ZarrStorage, any StoreCoordination)
        case directory(String)
    }

    private let kind: Kind
    /// The cube group the coordination serves.
    private let groupPath: String
    /// Whether a plan's worker writes through this destination (see ``PlanWorkerCoordination``).
    private var isPlanWorker = false

    /// This destination as a plan's worker uses it: no locks across processes on a directory,
    /// and interrupted writes left for the commit to clean up (their writers may be alive on
    /// another machine, where this one cannot tell).
    func forPlanWorker() -> CubeDestination {
        var copy = self
        copy.isPlanWorker = true
        return copy
    }

    /// The cube group `groupPath` in `storage`. One coordination serves every build through
    /// this destination, so builds in one process take turns even on a memory store.
    init(storage: any ZarrStorage, groupPath: String) {
        kind = .storage(storage, makeCoordination(for: storage, groupPath: groupPath))
        self.groupPath = groupPath
    }

    /// The cube group `groupPath` in the local directory `path`.
    init(directory path: String, groupPath: String) {
        kind = .directory(path)
        self.groupPath = groupPath
    }

    /// The cube group `groupPath` in the store at `location`: a local path (or `file://` URL)
    /// or an `s3://bucket/prefix` URL, credentials and endpoint taken from the environment.
    init(location: String, groupPath: String) throws(CubeBuilderError) {
        do {
            let parsed = try ZarrStoreLocation(parsing: location)
            switch parsed {
            case .fileSystem(let path):
                self.init(directory: URL(fileURLWithPath: path).standardizedFileURL.path, groupPath: groupPath)
            case .http(let url):
                throw ZarrError.readOnlyStore(url)
            case .s3:
                self.init(storage: try parsed.openStorage(), groupPath: groupPath)
            }
        } catch {
            throw .store(path: location, reason: "cannot open the store", cause: .wrapping(error))
        }
    }

    /// How messages name the store.
    var description: String {
        switch kind {
        case .storage(let storage, _): CubeStore.displayName(of: storage)
        case .directory(let path): path
        }
    }

    /// The storage and its coordination; nil for a directory that does not exist yet, unless
    /// `creating`, which makes it.
    func resolve(creating: Bool) throws(CubeBuilderError) -> (storage: any ZarrStorage, coordination: any StoreCoordination)? {
        switch kind {
        case .storage(let storage, let coordination):
            return (storage, coordination)
        case .directory(let path):
            guard creating || FileManager.default.fileExists(atPath: path) else { return nil }
            do {
                let storage = try FileSystemStorage(path: path, create: creating)
                let coordination = DirectoryCoordination(storage: storage, groupPath: groupPath)
                if isPlanWorker { return (storage, PlanWorkerCoordination(storage: storage, durability: coordination)) }
                return (storage, coordination)
            } catch {
                throw .store(path: path, reason: creating ? "cannot open or create the store directory" : "cannot open the store directory", cause: .wrapping(error))
            }
        }
    }

    /// The cube when the store holds it.
    func openExisting(definition: CubeDefinition) async throws(CubeBuilderError) -> CubeStore? {
        if case .directory(let path) = kind { CubeStore.removeAbandonedCreations(ofDirectory: path) }
        if case .storage(let storage as FileSystemStorage, _) = kind { CubeStore.removeAbandonedCreations(ofDirectory: storage.root) }
        guard let (storage, coordination) = try resolve(creating: false) else { return nil }
        guard try CubeStore.groupExists(in: storage, groupPath: definition.groupPath) else { return nil }
        return try await CubeStore.open(storage, coordination: coordination, definition: definition, cleansInterruptedWrites: !isPlanWorker)
    }

    /// Creates the cube (or opens it when another builder made it first).
    func create(definition: CubeDefinition, bands: [BandSpec]) async throws(CubeBuilderError) -> CubeStore {
        // A missing directory appears whole, by rename, or not at all: a kill leaves no empty store.
        if case .directory(let path) = kind, !FileManager.default.fileExists(atPath: path) {
            let template = try await CubeStore.makeTemplate(definition: definition, bands: bands, location: path)
            _ = try await CubeStore.createByRename(at: path, template: template, groupPath: definition.groupPath)
        }
        guard let (storage, coordination) = try resolve(creating: true) else { throw .store(path: description, reason: "cannot make the store") }
        return try await CubeStore.create(in: storage, coordination: coordination, definition: definition, bands: bands)
    }
}
