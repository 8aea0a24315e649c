import Foundation

/// Whole-file writes that readers (and concurrent writers) see either entirely or not at all.
///
/// Temporary files are named `.<name>.<pid>-<random>.tmp`, like ZarrStore's, so the builder's
/// clean-up of interrupted writes (``CubeStore/isInterruptedWrite(_:)``) removes those of dead processes.
enum AtomicFile {
    /// Writes `bytes` to `path` through a flushed temporary file renamed into place (replacing
    /// any earlier file).
    static func write(_ bytes: [UInt8], to path: String) throws(CubeBuilderError) {
        let temporary = try writeTemporary(bytes, beside: path)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .store(path: path, reason: "cannot move the file into place: \(reason)")
        }
        syncDirectory(of: path)
    }

    /// Creates `path` with `bytes` only if it does not exist yet: the flushed temporary file is
    /// hard-linked to the name, which fails when another writer got there first. Returns false
    /// then (the existing file is untouched). Works on local and NFS file systems, unlike O_EXCL on old NFS.
    static func create(_ bytes: [UInt8], at path: String) throws(CubeBuilderError) -> Bool {
        let temporary = try writeTemporary(bytes, beside: path)
        defer { unlink(temporary) }
        if link(temporary, path) == 0 {
            syncDirectory(of: path)
            return true
        }
        let code = errno
        guard code == EEXIST else { throw .store(path: path, reason: "cannot create the file: \(String(cString: strerror(code)))") }
        return false
    }

    /// Creates the directory at `path` and its parents when missing.
    static func makeDirectory(_ path: String) throws(CubeBuilderError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .store(path: path, reason: "cannot create the directory: \(error)")
        }
    }

    private static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(CubeBuilderError) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .store(path: path, reason: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw .store(path: path, reason: "cannot write \(temporary): \(reason)")
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .store(path: path, reason: "cannot flush \(temporary): \(reason)")
        }
        return temporary
    }

    /// Makes a new name in the directory durable (best effort: some file systems refuse).
    private static func syncDirectory(of path: String) {
        let fd = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
