#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPOSIX
import Foundation

/// Blocking POSIX file plumbing for ``FileSystemStorage``: whole-file and ranged reads,
/// and atomic replacement (write a temporary sibling, then `rename(2)` it into place).
enum POSIXFile {
    struct Failure: Error {
        let message: String
        /// Set when the file is larger than the caller's limit (its size).
        var oversize: Int? = nil
    }

    private static func errnoMessage(_ what: String, _ path: String) -> Failure {
        Failure(message: "\(what) '\(path)': \(String(cString: strerror(errno)))")
    }

    /// A write failure naming the destination (not the temporary sibling) and, for the usual
    /// causes (full disk, quota, read-only mount, permissions), what to do about it.
    fileprivate static func writeFailure(_ what: String, _ path: String) -> Failure {
        let code = errno
        let hint: String
        switch code {
        case ENOSPC, EDQUOT: hint = "; free space on that file system (or raise the quota), or write the store elsewhere"
        case EROFS: hint = "; the file system is mounted read-only, write the store elsewhere"
        case EACCES, EPERM: hint = "; check the permissions of the store directory"
        default: hint = ""
        }
        return Failure(message: "\(what) '\(path)': \(String(cString: strerror(code)))\(hint)")
    }

    /// The file's contents, or `nil` when it does not exist.
    /// A whole-file read larger than `maximumBytes` fails (with ``Failure/oversize``) before allocating.
    static func read(_ path: String, range: ZarrByteRange? = nil, maximumBytes: Int = .max) throws(Failure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw errnoMessage("cannot open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw errnoMessage("cannot stat", path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return nil }
        let size = Int(info.st_size)
        let start: Int, count: Int
        switch range {
        case nil:
            guard size <= maximumBytes else { throw Failure(message: "'\(path)' is \(size) bytes", oversize: size) }
            start = 0; count = size
        case .bounded(let r)?:
            guard r.lowerBound >= 0, r.upperBound <= size else {
                throw Failure(message: "byte range \(r) exceeds the \(size) bytes of '\(path)'")
            }
            start = r.lowerBound; count = r.count
        case .suffix(let n)?:
            guard n >= 0, n <= size else { throw Failure(message: "the last \(n) bytes of the \(size)-byte file '\(path)' were requested") }
            start = size - n; count = n
        }
        var done = 0
        var failure: Failure?
        // Uninitialised: pread fills every byte (on failure the rest is zeroed and we throw).
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(start + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage("cannot read", path)
                    break
                }
                if n == 0 { failure = Failure(message: "'\(path)' shrank while being read"); break }
                done += n
            }
            if done < count { (raw.baseAddress! + done).initialize(repeating: 0, count: count - done) }
            initialized = count
        }
        if let failure { throw failure }
        return buffer
    }

    /// Replaces `path` atomically with `bytes`, creating parent directories.
    /// With `startWriteback`, the kernel starts writing the file to disk before it is renamed
    /// into place (not waited for).
    static func writeAtomically(_ path: String, _ bytes: [UInt8], startWriteback: Bool = false) throws(Failure) {
        let file = try AtomicFile(replacing: path)
        // On failure, the file's deinit removes the temporary sibling.
        let appended: Result<Void, Failure> = bytes.withUnsafeBytes { raw in
            do throws(Failure) { return .success(try file.append(raw)) } catch { return .failure(error) }
        }
        try appended.get()
        try file.commit(startWriteback: startWriteback)
    }

    /// A new version of a file, written into a hidden temporary sibling and renamed into place
    /// on ``commit(startWriteback:)``: readers see the old file or the whole new one.
    final class AtomicFile {
        let path: String
        private let temporary: String
        private var fd: Int32

        /// Creates the temporary sibling of `path` (and missing parent directories).
        init(replacing path: String) throws(Failure) {
            let directory = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            // A hidden sibling in the same directory, so rename(2) stays on one file system.
            // The name is dropped when it would push the temporary name past NAME_MAX (255 bytes),
            // so every key whose own name fits can be written.
            // The writer's process id lets a cleanup tell a dead writer's leftover from a live one's
            // write in progress (`.<name>.<pid>-<random>.tmp`).
            let stem = name.utf8.count <= 200 ? name : "eocube"
            let temporary = directory + "/." + stem + ".\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"
            var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            // Parent directories are made only when missing: most writes land next to earlier ones,
            // and a `mkdir` per path component on every write is measurable.
            if fd < 0 && errno == ENOENT {
                try makeDirectories(directory)
                fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            }
            guard fd >= 0 else { throw writeFailure("cannot create a temporary file to write", path) }
            self.path = path
            self.temporary = temporary
            self.fd = fd
        }

        deinit { abort() }

        /// Appends `bytes` to the new version.
        func append(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            guard fd >= 0 else { throw Failure(message: "'\(path)' was already committed or aborted") }
            var done = 0
            while done < bytes.count {
                let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw writeFailure("cannot write", path)
                }
                done += n
            }
        }

        /// Renames the new version into place. With `startWriteback`, the kernel starts writing
        /// it to disk first (advisory, not waited for).
        func commit(startWriteback: Bool = false) throws(Failure) {
            guard fd >= 0 else { throw Failure(message: "'\(path)' was already committed or aborted") }
            if startWriteback { _ = eocube_start_writeback(fd) }
            let closed = close(fd)
            fd = -1
            guard closed == 0 else {
                let failure = writeFailure("cannot write", path)
                unlink(temporary)
                throw failure
            }
            guard rename(temporary, path) == 0 else {
                let failure = writeFailure("cannot rename a temporary file into", path)
                unlink(temporary)
                throw failure
            }
        }

        /// Drops the new version (nothing when already committed).
        func abort() {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            unlink(temporary)
        }
    }

    /// `mkdir -p`, with the same errno-based messages as writes (Foundation's would hide ENOSPC / EROFS).
    /// Works upwards from `path`, so existing ancestors cost nothing.
    fileprivate static func makeDirectories(_ path: String) throws(Failure) {
        if path.isEmpty || mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        let parent = (path as NSString).deletingLastPathComponent
        guard errno == ENOENT, !parent.isEmpty, parent != path else { throw writeFailure("cannot create directory", path) }
        try makeDirectories(parent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw writeFailure("cannot create directory", path) }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) throws(Failure) {
        if unlink(path) != 0 && errno != ENOENT && errno != ENOTDIR { throw errnoMessage("cannot remove", path) }
    }

    /// Names in a directory split into files and subdirectories (hidden names skipped), or empty when absent.
    static func list(_ path: String) -> (files: [String], directories: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return ([], []) }
        var files: [String] = [], directories: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory) {
                if isDirectory.boolValue { directories.append(name) } else { files.append(name) }
            }
        }
        return (files, directories)
    }
}
