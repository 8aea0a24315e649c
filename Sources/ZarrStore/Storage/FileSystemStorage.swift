import Foundation
import SystemSupport

/// A store in a local directory: key `a/b/zarr.json` is the file `ROOT/a/b/zarr.json`.
///
/// Every write is atomic (temporary file, then rename), so a reader never sees a
/// half-written chunk. Keys are validated, so nothing is read or written outside the root.
public struct FileSystemStorage: ZarrStorage {
    /// The absolute path of the store's root directory.
    public let root: String
    /// Whether writes are allowed (`false` when opened `readOnly`: every write then throws
    /// ``ZarrError/readOnlyStore(_:)``).
    public let isWritable: Bool
    /// Whether each write of at least ``earlyWritebackMinimumBytes`` starts writing its file back
    /// to disk at once (`sync_file_range(2)`, not waited for), so that ``flushToDisk()`` finds
    /// little left to wait for.
    ///
    /// For writers that flush at checkpoints, like the cube builder (before each journal entry).
    /// Off by default: a file rewritten soon after its write would go to disk twice.
    public var startsWritebackEarly = false
    /// Smaller files are left to the kernel's usual writeback (metadata documents, small chunks).
    public static let earlyWritebackMinimumBytes = 64 << 10

    /// A store rooted at `path`; with `create`, the directory is made when missing.
    public init(path: String, create: Bool = false, readOnly: Bool = false) throws(ZarrError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var root = (absolute as NSString).standardizingPath
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard create else { throw .storage(key: "", message: "store directory '\(root)' does not exist") }
            do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
                throw .storage(key: "", message: "cannot create store directory '\(root)': \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw .storage(key: "", message: "'\(root)' is not a directory")
        }
        self.root = root
        self.isWritable = !readOnly
    }

    /// `file://ROOT`.
    public var description: String { "file://\(root)" }

    /// Writes back everything written so far to the file system holding the store (`syncfs(2)`).
    ///
    /// Atomic writes survive a killed process as they are; this makes them survive a power
    /// loss or kernel crash too. One call covers every file, so callers use it at checkpoints
    /// (the cube builder: before recording a day slot as finished) rather than per chunk.
    public func flushToDisk() throws(ZarrError) {
        let fd: FileDescriptor
        do { fd = try FileCalls.open(root, .readOnly, options: .directory) } catch {
            throw .storage(key: "", message: "cannot open '\(root)' to flush it: \(error)")
        }
        defer { try? fd.close() }
        do { try fd.synchronizeFileSystem() } catch {
            throw .storage(key: "", message: "cannot flush '\(root)' to disk: \(error)")
        }
    }

    /// Deletes the temporary files that atomic writes leave behind when their process dies
    /// between writing and renaming, in the directory of `prefix` and (with `recursive`) below it.
    ///
    /// Readers never look at these files; they only take space. A temporary file whose writer
    /// still runs (another process writing the same store) is left alone, so this is safe while
    /// other writers work. Returns how many files were removed.
    @discardableResult
    public func removeInterruptedWrites(under prefix: String = "", recursive: Bool = true) throws(ZarrError) -> Int {
        guard isWritable else { throw .readOnlyStore(description) }
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let directory = trimmed.isEmpty ? root : try writablePath(trimmed)
        let names: [String]
        if recursive {
            guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return 0 }
            names = enumerator.compactMap { $0 as? String }
        } else {
            names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        }
        var removed = 0
        for relative in names where InterruptedWrite.isAbandoned((relative as NSString).lastPathComponent) {
            if (try? FileCalls.removeFile(directory + "/" + relative)) != nil { removed += 1 }
        }
        return removed
    }

    private func path(_ key: String) throws(ZarrError) -> String {
        try ZarrKey.validate(key)
        return root + "/" + key
    }

    /// The file's contents.
    public func get(_ key: String) throws(ZarrError) -> [UInt8]? {
        let p = try path(key)
        do { return try POSIXFile.read(p) } catch { throw .storage(key: key, message: error.message) }
    }

    /// The file's contents, refused by its size (`fstat`) before reading when larger than `maximumBytes`.
    public func get(_ key: String, maximumBytes: Int) throws(ZarrError) -> [UInt8]? {
        let p = try path(key)
        do { return try POSIXFile.read(p, maximumBytes: maximumBytes) } catch {
            if let size = error.oversize { throw ZarrByteRange.tooLarge(key: key, size: size, limit: maximumBytes) }
            throw .storage(key: key, message: error.message)
        }
    }

    /// Whether the file exists (`stat(2)`, following a link as reads do).
    public func contains(_ key: String) throws(ZarrError) -> Bool {
        let p = try path(key)
        return (try? FileCalls.status(p, followingLinks: true))?.kind == .regular
    }

    /// A byte range read with `pread(2)`.
    public func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? {
        let p = try path(key)
        do { return try POSIXFile.read(p, range: range) } catch { throw .corruptChunk(key: key, reason: error.message) }
    }

    /// The path of `key` for a write or delete: besides the key's syntax, no directory between
    /// the root and the file may be a symbolic link, which could lead the write out of the root
    /// (the file itself may be one: rename and unlink replace the link, not its target).
    func writablePath(_ key: String) throws(ZarrError) -> String {
        let p = try path(key)
        var directory = root
        for component in key.split(separator: "/").dropLast() {
            directory += "/" + component
            // Missing: made as a real directory.
            guard let status = try? FileCalls.status(directory, followingLinks: false) else { break }
            guard status.kind != .symbolicLink else {
                throw .invalidPath(key, reason: "'\(directory)' is a symbolic link; writing through it could leave the store root '\(root)'")
            }
        }
        return p
    }

    /// Atomically replaces the file.
    public func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        let p = try writablePath(key)
        let startWriteback = startsWritebackEarly && bytes.count >= Self.earlyWritebackMinimumBytes
        do { try POSIXFile.writeAtomically(p, bytes, startWriteback: startWriteback) } catch { throw .storage(key: key, message: error.message) }
    }

    /// Stores `bytes` under `key` only if no file is there, atomically among concurrent writers
    /// (a temporary file hard-linked to the name: `link(2)` is atomic on NFS too); whether this
    /// call created it. The counterpart of ``S3Storage/createIfAbsent(_:_:)`` for exclusive
    /// records, such as a plan's commit record.
    public func createIfAbsent(_ key: String, _ bytes: [UInt8]) throws(ZarrError) -> Bool {
        guard isWritable else { throw .readOnlyStore(description) }
        let p = try writablePath(key)
        do { return try POSIXFile.createIfAbsent(p, bytes) } catch { throw .storage(key: key, message: error.message) }
    }

    /// Removes the file.
    public func delete(_ key: String) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        let p = try writablePath(key)
        do { try POSIXFile.remove(p) } catch { throw .storage(key: key, message: error.message) }
    }

    /// Removes the directory of `prefix` recursively.
    public func deleteAll(under prefix: String) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let p = trimmed.isEmpty ? root : try writablePath(trimmed)
        guard p != root else { throw .invalidPath(prefix, reason: "refusing to delete the whole store") }
        if FileManager.default.fileExists(atPath: p) {
            do { try FileManager.default.removeItem(atPath: p) } catch {
                throw .storage(key: prefix, message: error.localizedDescription)
            }
        }
    }

    /// Files and subdirectories of the directory of `prefix`.
    public func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let p = trimmed.isEmpty ? root : try path(trimmed)
        let listing = POSIXFile.list(p)
        return (listing.files, listing.directories)
    }
}
