import Foundation
import SystemSupport

/// Whole-file writes that readers (and concurrent writers) see either entirely or not at all,
/// on SystemSupport's calls.
///
/// Temporary files are named `.<name>.<pid>-<random>.tmp`, like ZarrStore's, so the builder's
/// clean-up of interrupted writes (``CubeStore/isInterruptedWrite(_:)``) removes those of dead processes.
enum AtomicFile {
    /// Writes `bytes` to `path` through a flushed temporary file renamed into place (replacing
    /// any earlier file).
    static func write(_ bytes: [UInt8], to path: String) throws(CubeBuilderError) {
        let temporary = try writeTemporary(bytes, beside: path)
        do { try FileCalls.rename(temporary, to: path) } catch {
            try? FileCalls.removeFile(temporary)
            throw .store(path: path, reason: "cannot move the file into place", cause: .system(error))
        }
        syncDirectory(of: path)
    }

    /// Creates `path` with `bytes` only if it does not exist yet: the flushed temporary file is
    /// hard-linked to the name, which fails when another writer got there first. Returns false
    /// then (the existing file is untouched). Works on local and NFS file systems, unlike O_EXCL on old NFS.
    static func create(_ bytes: [UInt8], at path: String) throws(CubeBuilderError) -> Bool {
        let temporary = try writeTemporary(bytes, beside: path)
        defer { try? FileCalls.removeFile(temporary) }
        do {
            try FileCalls.link(temporary, to: path)
        } catch .fileExists {
            return false
        } catch {
            throw .store(path: path, reason: "cannot create the file", cause: .system(error))
        }
        syncDirectory(of: path)
        return true
    }

    /// Creates the directory at `path` and its parents when missing.
    static func makeDirectory(_ path: String) throws(CubeBuilderError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .store(path: path, reason: "cannot create the directory", cause: .wrapping(error))
        }
    }

    private static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(CubeBuilderError) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessStatus.currentID)-\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd: FileDescriptor
        do {
            fd = try FileCalls.open(temporary, .writeOnly, options: [.create, .exclusiveCreate],
                                    permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .store(path: path, reason: "cannot write \(temporary)", cause: .system(error))
        }
        defer { try? fd.close() }
        // withUnsafeBytes rethrows untyped, so the Errno comes out as a Result.
        let written = bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try fd.write(all: raw) } }
        if case .failure(let error) = written {
            try? FileCalls.removeFile(temporary)
            throw .store(path: path, reason: "cannot write \(temporary)", cause: .system(error))
        }
        do { try fd.synchronize() } catch {
            try? FileCalls.removeFile(temporary)
            throw .store(path: path, reason: "cannot flush \(temporary)", cause: .system(error))
        }
        return temporary
    }

    /// Makes a new name in the directory durable (best effort: some file systems refuse).
    private static func syncDirectory(of path: String) {
        guard let fd = try? FileCalls.open(URL(fileURLWithPath: path).deletingLastPathComponent().path, .readOnly, options: [.directory]) else { return }
        try? fd.synchronize()
        try? fd.close()
    }
}
