import ZarrStore

/// How the builders sharing one store take turns on what they share, and when their writes are
/// safe to vouch for.
///
/// Builders of one cube write disjoint shards, but they share a few small documents (the
/// arrays' `zarr.json` as the time axis grows, consolidated metadata, ingest journals, a plan's
/// commit record) and, when two bring acquisitions of the same day, a write unit. What makes
/// those changes safe depends on where the store lives:
///
/// - a local directory: `flock(2)` on the directory and byte-range locks on a lock file, and
///   `syncfs(2)` before a journal entry (``DirectoryCoordination``);
/// - S3-compatible object storage: conditional writes (`If-None-Match`, `If-Match`) for the
///   shared documents, and one build at a time per cube unless the work is split by a plan
///   (``ObjectStoreCoordination``);
/// - anything else (a memory store): locks within this process (``ProcessCoordination``).
protocol StoreCoordination: Sendable {
    /// Runs `body` while no other builder changes the store's shared metadata.
    func withStoreLock<T: Sendable>(_ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T

    /// Runs `body` while no other builder merges into write unit `unit` (a time block × shard).
    func withUnitLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T

    /// Makes every write so far durable, before a journal entry vouches for it.
    func makeDurable() async throws(CubeBuilderError)

    /// Replaces the small document at `key` by `change(current)` (nil current: none yet) so that
    /// concurrent updates by other builders are not lost: `change` may run more than once.
    func update(_ key: String, _ change: ([UInt8]?) throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError)

    /// Stores `bytes` at `key` only if nothing is there yet; whether this call created it.
    func create(_ key: String, _ bytes: [UInt8]) async throws(CubeBuilderError) -> Bool
}

/// The coordination a store's kind calls for (see ``StoreCoordination``), for the cube group at `groupPath`.
func makeCoordination(for storage: any ZarrStorage, groupPath: String) -> any StoreCoordination {
    if let directory = storage as? FileSystemStorage { return DirectoryCoordination(storage: directory, groupPath: groupPath) }
    if let bucket = storage as? S3Storage { return ObjectStoreCoordination(storage: bucket) }
    return ProcessCoordination(storage: storage)
}
