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
    private static func writeFailure(_ what: String, _ path: String) -> Failure {
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
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = writeFailure("cannot write", path)
                    return
                }
                done += n
            }
        }
        // Advisory: a failure only means the later flush does all the work.
        if startWriteback && failure == nil { _ = eocube_start_writeback(fd) }
        if close(fd) != 0 && failure == nil { failure = writeFailure("cannot write", path) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let f = writeFailure("cannot rename a temporary file into", path)
            unlink(temporary)
            throw f
        }
    }

    /// `mkdir -p`, with the same errno-based messages as writes (Foundation's would hide ENOSPC / EROFS).
    /// Works upwards from `path`, so existing ancestors cost nothing.
    private static func makeDirectories(_ path: String) throws(Failure) {
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
