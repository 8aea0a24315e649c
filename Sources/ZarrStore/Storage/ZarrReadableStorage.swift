import Foundation

/// A store whose values can be read: the capability every Zarr reader needs.
///
/// A store is a flat map from keys (`a/b/zarr.json`, `a/b/c/0/0`) to byte strings. Reading
/// it is one capability of three, as zarrs splits its storage traits: ``ZarrListableStorage``
/// adds listing and ``ZarrWritableStorage`` adds writing; ``ZarrStorage`` names all three.
/// A store conforms only to what it can do, so a read-only store such as ``HTTPStorage``
/// has no write methods at all, and everything that only reads (``ZarrGroup/open(_:path:)``,
/// ``ZarrArray/open(_:path:)``, ``ZarrStoreCopy``'s source) accepts any readable store.
///
/// Implementations are blocking and thread-safe; the array layer calls them from many
/// threads at once to overlap I/O with decoding. Keys are validated with ``ZarrKey`` before
/// they reach a backend, so a backend never sees `..` segments or absolute paths.
public protocol ZarrReadableStorage: Sendable, CustomStringConvertible {
    /// How many requests are worth running at once (more than the cores for high-latency
    /// stores such as HTTP); defaults to the number of cores.
    var preferredConcurrency: Int { get }
    /// The whole value of `key`, or `nil` when it does not exist.
    func get(_ key: String) throws(ZarrError) -> [UInt8]?
    /// A byte range of `key`'s value, or `nil` when the key does not exist. A range reaching
    /// past the end is an error (the caller asked for bytes that are not there).
    func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]?
    /// The whole value of `key` when it holds at most `maximumBytes` bytes; a larger value is a
    /// ``ZarrError/corruptChunk(key:reason:)`` raised before it is read into memory (where the
    /// backend can tell its size first), so a damaged or hostile store cannot exhaust memory.
    func get(_ key: String, maximumBytes: Int) throws(ZarrError) -> [UInt8]?
    /// Whether a value is stored under `key`, asked without reading it where the backend can
    /// (a `stat` of the file, an S3 `HEAD`).
    func contains(_ key: String) throws(ZarrError) -> Bool
}

extension ZarrReadableStorage {
    /// One request per core.
    public var preferredConcurrency: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Default size-checked read: fetches the value, then checks its size.
    public func get(_ key: String, maximumBytes: Int) throws(ZarrError) -> [UInt8]? {
        guard let value = try get(key) else { return nil }
        guard value.count <= maximumBytes else { throw ZarrByteRange.tooLarge(key: key, size: value.count, limit: maximumBytes) }
        return value
    }

    /// Default existence check: reads the value.
    public func contains(_ key: String) throws(ZarrError) -> Bool { try get(key) != nil }

    /// Default range read: fetches the whole value and slices it (fine for memory stores).
    public func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? {
        guard let all = try get(key) else { return nil }
        return try ZarrByteRange.slice(all, range, key: key)
    }
}
