#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPOSIX
@_exported import SystemPackage

/// Typed, EINTR-safe file system calls shared by ZarrStore, GeoRaster and EOCubeBuilder. Errors
/// are swift-system's `Errno` (its `description` is `strerror(3)`'s text).
package enum FileCalls {
    /// Opens `path` (close-on-exec always set).
    package static func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = [],
                             permissions: FilePermissions? = nil) throws(Errno) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, mode, options: options.union(.closeOnExec), permissions: permissions, retryOnInterrupt: true)
        } catch let error as Errno {
            throw error
        } catch {
            throw .ioError
        }
    }

    /// What `stat(2)` (or, with `followingLinks: false`, `lstat(2)`) says of a path.
    package static func status(_ path: String, followingLinks: Bool = true) throws(Errno) -> FileStatus {
        try system_stat(path, followingLinks: followingLinks).typed()
    }

    /// `rename(2)`: atomically replaces `destination` (a file, or an empty directory) with `source`.
    package static func rename(_ source: String, to destination: String) throws(Errno) {
        _ = try retryingOnInterrupt { system_rename(source, destination) }.typed()
    }

    /// `link(2)`: gives the file at `existing` the further name `new`, failing with `EEXIST`
    /// when `new` exists. An exclusive create that also works on NFS, unlike `O_EXCL` there.
    package static func link(_ existing: String, to new: String) throws(Errno) {
        _ = try retryingOnInterrupt { system_link(existing, new) }.typed()
    }

    /// Atomically swaps two existing paths: `renameat2(RENAME_EXCHANGE)` on Linux,
    /// `renamex_np(RENAME_SWAP)` on macOS. Throws `EINVAL`, `ENOSYS` or `EOPNOTSUPP` where the
    /// file system or kernel cannot.
    package static func exchange(_ first: String, _ second: String) throws(Errno) {
        _ = try retryingOnInterrupt { eocube_rename_exchange(first, second) }.typed()
    }

    /// `unlink(2)`; a missing file is not an error.
    package static func removeFile(_ path: String) throws(Errno) {
        switch retryingOnInterrupt({ system_unlink(path) }) {
        case .success: return
        case .failure(let code) where code == .noSuchFileOrDirectory || code == .notDirectory: return
        case .failure(let code): throw code
        }
    }

    /// `mkdir(2)` of one directory; `true` when made, `false` when it already existed.
    @discardableResult
    package static func makeDirectory(_ path: String, permissions: FilePermissions = [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute]) throws(Errno) -> Bool {
        switch retryingOnInterrupt({ system_mkdir(path, permissions.rawValue) }) {
        case .success: return true
        case .failure(let code) where code == .fileExists: return false
        case .failure(let code): throw code
        }
    }

    /// `realpath(3)`: the absolute path with every symbolic link, `.` and `..` resolved.
    package static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
