/// Writes one stored value piece by piece, so a value larger than memory (a shard of a
/// time-series cube) never has to be held whole.
///
/// Nothing is visible under the key until ``commit()``; then the whole value replaces the
/// old one at once, as ``ZarrWritableStorage/set(_:_:)`` does. A writer that is neither committed nor
/// aborted leaves the old value (and, at worst, a temporary object the store cleans up).
public protocol ZarrValueWriter: AnyObject {
    /// Appends `bytes` to the value.
    func append(_ bytes: UnsafeRawBufferPointer) throws(ZarrError)
    /// Publishes the value under its key, atomically.
    func commit() throws(ZarrError)
    /// Drops what was appended; the key keeps its old value.
    func abort()
}

/// A storage that writes values piece by piece (``ZarrValueWriter``) without buffering them.
public protocol ZarrStreamingStorage: ZarrWritableStorage {
    /// A writer of a new value for `key`.
    func makeValueWriter(for key: String) throws(ZarrError) -> any ZarrValueWriter
}

extension ZarrWritableStorage {
    /// A writer of a new value for `key`: streaming where the storage can, else one that
    /// collects the value in memory and stores it with ``set(_:_:)`` on commit.
    public func valueWriter(for key: String) throws(ZarrError) -> any ZarrValueWriter {
        if let streaming = self as? any ZarrStreamingStorage { return try streaming.makeValueWriter(for: key) }
        guard isWritable else { throw .readOnlyStore(description) }
        try ZarrKey.validate(key)
        return BufferedValueWriter(storage: self, key: key)
    }
}

/// The fallback ``ZarrValueWriter``: collects the value, then ``ZarrWritableStorage/set(_:_:)``.
final class BufferedValueWriter: ZarrValueWriter {
    private let storage: any ZarrWritableStorage
    private let key: String
    private var bytes: [UInt8] = []

    init(storage: any ZarrWritableStorage, key: String) {
        self.storage = storage
        self.key = key
    }

    func append(_ piece: UnsafeRawBufferPointer) throws(ZarrError) { bytes.append(contentsOf: piece) }
    func commit() throws(ZarrError) { try storage.set(key, bytes) }
    func abort() { bytes = [] }
}
