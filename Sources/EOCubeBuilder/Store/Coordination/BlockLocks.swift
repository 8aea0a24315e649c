import SystemSupport

/// Exclusive, cross-process locks on a cube's write units, held across the read-merge-write of
/// one block.
///
/// Two builders that bring acquisitions of the same day slot (a backfill beside the daily
/// update) both read a block, merge into it and write it back; without a lock the later write
/// drops the other's pixels. Each write unit (one time chunk × one shard, or one chunk without
/// sharding) is one byte of a lock file in the cube group (`.eocube-block-locks`, which Zarr
/// readers ignore), locked with an open-file-description record lock: the kernel drops it when
/// a holder dies, so a `kill -9` never leaves a block locked, and one file serves any number of
/// blocks.
final class BlockLocks: Sendable {
    /// The lock file's name inside the cube group.
    static let fileName = ".eocube-block-locks"

    private let descriptor: FileDescriptor
    private let path: String

    /// Opens (creating when missing) the lock file of the cube group at `groupDirectory`.
    init(groupDirectory: String) throws(CubeBuilderError) {
        path = groupDirectory + "/" + Self.fileName
        do {
            descriptor = try FileCalls.open(path, .readWrite, options: .create, permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .store(path: path, reason: "cannot open the block lock file", cause: .wrapping(error))
        }
    }

    deinit { try? descriptor.close() }

    /// Waits (suspending, not blocking a thread) until the write unit numbered `unit` is ours,
    /// runs `body`, and releases the unit however `body` ends.
    func withLock<T: Sendable>(unit: Int64, _ body: () async throws(CubeBuilderError) -> T) async throws(CubeBuilderError) -> T {
        var pause = Duration.milliseconds(1)
        while true {
            do { if try descriptor.tryLockByte(at: unit) { break } } catch {
                throw .store(path: path, reason: "cannot lock block \(unit)", cause: .wrapping(error))
            }
            guard !Task.isCancelled else { throw .store(path: path, reason: "cancelled while waiting for block \(unit)") }
            // Another builder merges this block; merges take milliseconds to a second.
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
        defer { descriptor.unlockByte(at: unit) }
        return try await body()
    }
}
