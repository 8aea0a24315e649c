import SystemSupport

/// An exclusive advisory lock (`flock(2)`) on a store's root directory, held while a builder
/// changes metadata that several builders share.
///
/// Builders working on disjoint regions of one cube write disjoint chunk files, but they share
/// the `[time, y, x]` arrays' `zarr.json` (the time axis grows), the `time` values, and the
/// consolidated metadata at the root and the cube group. Each of those changes is a
/// read-modify-write; doing it under this lock, after re-reading what is on disk, keeps one
/// process from undoing another's. The lock is taken on the directory itself, so no lock file
/// appears in the store, and the kernel drops it when a holder dies, so a `kill -9` never
/// leaves the store locked.
struct StoreLock {
    private let descriptor: FileDescriptor

    /// Waits (without blocking a thread) until the lock on the directory `path` is ours.
    static func acquire(directory path: String) async throws(CubeBuilderError) -> StoreLock {
        let fd = try openDirectory(path)
        while true {
            do { if try fd.tryLockExclusively() { break } } catch {
                try? fd.close()
                throw .store(path: path, reason: "cannot lock the store directory", cause: .wrapping(error))
            }
            // A cancelled task's sleep returns at once: stop instead of spinning.
            guard !Task.isCancelled else {
                try? fd.close()
                throw .store(path: path, reason: "cancelled while waiting for the store lock")
            }
            // Holders keep the lock for a few small metadata writes; poll instead of parking a
            // cooperative thread in a blocking flock.
            try? await Task.sleep(for: .milliseconds(5))
        }
        return StoreLock(descriptor: fd)
    }

    private static func openDirectory(_ path: String) throws(CubeBuilderError) -> FileDescriptor {
        do { return try FileCalls.open(path, .readOnly, options: .directory) } catch {
            throw .store(path: path, reason: "cannot open the store directory to lock it", cause: .wrapping(error))
        }
    }

    /// Releases the lock (closing the descriptor drops it).
    func release() {
        try? descriptor.close()
    }
}
