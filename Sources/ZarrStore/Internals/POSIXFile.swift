import Foundation
import SystemSupport

/// Blocking file plumbing for ``FileSystemStorage`` on SystemSupport's calls: whole-file and
/// ranged reads, and atomic replacement (write a temporary sibling, then `rename(2)` it into place).
enum POSIXFile {
    struct Failure: Error {
        let message: String
        /// Set when the file is larger than the caller's limit (its size).
        var oversize: Int? = nil
    }

    private static func failure(_ what: String, _ path: String, _ code: Errno) -> Failure {
        Failure(message: "\(what) '\(path)': \(code)")
    }

    /// A write failure naming the destination (not the temporary sibling) and, for the usual
    /// causes (full disk, quota, read-only mount, permissions), what to do about it.
    private static func writeFailure(_ what: String, _ path: String, _ code: Errno) -> Failure {
        let hint: String
        switch code {
        case .noSpace, .diskQuotaExceeded: hint = "; free space on that file system (or raise the quota), or write the store elsewhere"
        case .readOnlyFileSystem: hint = "; the file system is mounted read-only, write the store elsewhere"
        case .permissionDenied, .notPermitted: hint = "; check the permissions of the store directory"
        default: hint = ""
        }
        return Failure(message: "\(what) '\(path)': \(code)\(hint)")
    }

    /// The file's contents, or `nil` when it does not exist.
    /// A whole-file read larger than `maximumBytes` fails (with ``Failure/oversize``) before allocating.
    static func read(_ path: String, range: ZarrByteRange? = nil, maximumBytes: Int = .max) throws(Failure) -> [UInt8]? {
        let fd: FileDescriptor
        do { fd = try FileCalls.open(path, .readOnly) } catch {
            if error == .noSuchFileOrDirectory || error == .notDirectory { return nil }
            throw failure("cannot open", path, error)
        }
        defer { try? fd.close() }
        let status: FileStatus
        do { status = try fd.status() } catch { throw failure("cannot stat", path, error) }
        if status.kind == .directory { return nil }
        let size = status.size
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
        var result: Result<Int, Errno> = .success(0)
        // Uninitialised: pread fills every byte (on failure the rest is zeroed and we throw).
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            result = Result { () throws(Errno) in try fd.read(fullyInto: UnsafeMutableRawBufferPointer(raw), at: start) }
            let done = (try? result.get()) ?? 0
            if done < count { (raw.baseAddress! + done).initialize(repeating: 0, count: count - done) }
            initialized = count
        }
        switch result {
        case .failure(let code): throw failure("cannot read", path, code)
        case .success(let done) where done < count: throw Failure(message: "'\(path)' shrank while being read")
        case .success: return buffer
        }
    }

    /// The mark of a temporary file: `.<name>.<pid>-<random>.tmp` (see `AtomicFile`).
    static let temporarySuffix = ".tmp"

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

    /// Creates `path` with `bytes` only if nothing is there: the temporary sibling is hard-linked
    /// to the name, which fails when another writer got there first (false then, and the existing
    /// file is untouched). Unlike `O_EXCL`, `link(2)` is atomic on NFS too.
    static func createIfAbsent(_ path: String, _ bytes: [UInt8]) throws(Failure) -> Bool {
        let file = try AtomicFile(replacing: path)
        let appended: Result<Void, Failure> = bytes.withUnsafeBytes { raw in
            do throws(Failure) { return .success(try file.append(raw)) } catch { return .failure(error) }
        }
        try appended.get()
        return try file.commitIfAbsent()
    }

    /// A new version of a file, written into a hidden temporary sibling and renamed into place
    /// on ``commit(startWriteback:)``: readers see the old file or the whole new one.
    final class AtomicFile {
        let path: String
        private let temporary: String
        private var descriptor: FileDescriptor?

        /// Creates the temporary sibling of `path` (and missing parent directories).
        init(replacing path: String) throws(Failure) {
            let directory = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            // A hidden sibling in the same directory, so rename(2) stays on one file system.
            // The name is dropped when it would push the temporary name past NAME_MAX (255 bytes),
            // so every key whose own name fits can be written.
            // The writer's process id lets a cleanup tell a dead writer's leftover from a live one's
            // write in progress (`.<name>.<pid>-<random>.tmp`, see `InterruptedWrite`).
            let stem = name.utf8.count <= 200 ? name : "eocube"
            let temporary = directory + "/." + stem + ".\(ProcessStatus.currentID)-\(UInt64.random(in: 0...UInt64.max))" + temporarySuffix
            func create() throws(Errno) -> FileDescriptor {
                try FileCalls.open(temporary, .writeOnly, options: [.create, .exclusiveCreate], permissions: [.ownerReadWrite, .groupRead, .otherRead])
            }
            let fd: FileDescriptor
            do { fd = try create() } catch {
                // Parent directories are made only when missing: most writes land next to earlier
                // ones, and a `mkdir` per path component on every write is measurable.
                guard error == .noSuchFileOrDirectory else { throw writeFailure("cannot create a temporary file to write", path, error) }
                try makeDirectories(directory)
                do { fd = try create() } catch { throw writeFailure("cannot create a temporary file to write", path, error) }
            }
            self.path = path
            self.temporary = temporary
            self.descriptor = fd
        }

        deinit { abort() }

        /// Appends `bytes` to the new version.
        func append(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            guard let descriptor else { throw Failure(message: "'\(path)' was already committed or aborted") }
            do { try descriptor.write(all: bytes) } catch { throw writeFailure("cannot write", path, error) }
        }

        /// Renames the new version into place. With `startWriteback`, the kernel starts writing
        /// it to disk first (advisory, not waited for).
        func commit(startWriteback: Bool = false) throws(Failure) {
            guard let descriptor else { throw Failure(message: "'\(path)' was already committed or aborted") }
            if startWriteback { descriptor.startWriteback() }
            self.descriptor = nil
            do { try descriptor.closeReporting() } catch {
                try? FileCalls.removeFile(temporary)
                throw writeFailure("cannot write", path, error)
            }
            do { try FileCalls.rename(temporary, to: path) } catch {
                try? FileCalls.removeFile(temporary)
                throw writeFailure("cannot rename a temporary file into", path, error)
            }
        }

        /// Links the new version to its name unless a file is there already; false then. The
        /// temporary sibling is removed either way.
        func commitIfAbsent() throws(Failure) -> Bool {
            guard let descriptor else { throw Failure(message: "'\(path)' was already committed or aborted") }
            self.descriptor = nil
            defer { try? FileCalls.removeFile(temporary) }
            do { try descriptor.closeReporting() } catch { throw writeFailure("cannot write", path, error) }
            do { try FileCalls.link(temporary, to: path) } catch {
                if error == .fileExists { return false }
                throw writeFailure("cannot link a temporary file to", path, error)
            }
            return true
        }

        /// Drops the new version (nothing when already committed).
        func abort() {
            guard let descriptor else { return }
            try? descriptor.close()
            self.descriptor = nil
            try? FileCalls.removeFile(temporary)
        }
    }

    /// `mkdir -p`, with the same errno-based messages as writes (Foundation's would hide ENOSPC / EROFS).
    /// Works upwards from `path`, so existing ancestors cost nothing.
    private static func makeDirectories(_ path: String) throws(Failure) {
        if path.isEmpty { return }
        do { try FileCalls.makeDirectory(path); return } catch {
            let parent = (path as NSString).deletingLastPathComponent
            guard error == .noSuchFileOrDirectory, !parent.isEmpty, parent != path else { throw writeFailure("cannot create directory", path, error) }
        }
        try makeDirectories((path as NSString).deletingLastPathComponent)
        do { try FileCalls.makeDirectory(path) } catch { throw writeFailure("cannot create directory", path, error) }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) throws(Failure) {
        do { try FileCalls.removeFile(path) } catch { throw failure("cannot remove", path, error) }
    }

    /// Names in a directory split into files and subdirectories (hidden names skipped), or empty when absent.
    static func list(_ path: String) -> (files: [String], directories: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return ([], []) }
        var files: [String] = [], directories: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            guard let status = try? FileCalls.status(path + "/" + name) else { continue }
            if status.kind == .directory { directories.append(name) } else { files.append(name) }
        }
        return (files, directories)
    }
}
