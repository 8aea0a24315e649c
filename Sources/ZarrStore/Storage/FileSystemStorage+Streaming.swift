extension FileSystemStorage: ZarrStreamingStorage {
    /// A writer of a new file for `key`: appended to a hidden temporary sibling, renamed into
    /// place on commit (the same atomicity as ``set(_:_:)``).
    public func makeValueWriter(for key: String) throws(ZarrError) -> any ZarrValueWriter {
        guard isWritable else { throw .readOnlyStore(description) }
        let path = try writablePath(key)
        do {
            return FileValueWriter(key: key, file: try POSIXFile.AtomicFile(replacing: path), startsWritebackEarly: startsWritebackEarly)
        } catch {
            throw .storage(key: key, message: error.message)
        }
    }
}

/// ``FileSystemStorage``'s ``ZarrValueWriter``.
final class FileValueWriter: ZarrValueWriter {
    private let key: String
    private let file: POSIXFile.AtomicFile
    private let startsWritebackEarly: Bool
    private var written = 0

    init(key: String, file: POSIXFile.AtomicFile, startsWritebackEarly: Bool) {
        self.key = key
        self.file = file
        self.startsWritebackEarly = startsWritebackEarly
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ZarrError) {
        do { try file.append(bytes) } catch { throw .storage(key: key, message: error.message) }
        written += bytes.count
    }

    func commit() throws(ZarrError) {
        let startWriteback = startsWritebackEarly && written >= FileSystemStorage.earlyWritebackMinimumBytes
        do { try file.commit(startWriteback: startWriteback) } catch { throw .storage(key: key, message: error.message) }
    }

    func abort() { file.abort() }
}
