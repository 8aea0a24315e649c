import Foundation

/// Where the bytes of a Zarr hierarchy live: a flat map from keys (`a/b/zarr.json`,
/// `a/b/c/0/0`) to byte strings.
///
/// Implementations are blocking and thread-safe; the array layer calls them from many
/// threads at once to overlap I/O with decoding. Keys are validated with ``ZarrKey`` before
/// they reach a backend, so a backend never sees `..` segments or absolute paths.
public protocol ZarrStorage: Sendable, CustomStringConvertible {
    /// Whether ``set(_:_:)`` and ``delete(_:)`` are allowed.
    var isWritable: Bool { get }
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
    /// Stores `bytes` under `key`; readers see either the old or the new value, never a mix.
    func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError)
    /// Removes `key` (no error when it does not exist).
    func delete(_ key: String) throws(ZarrError)
    /// Removes every key below `prefix` (a node path with trailing `/`).
    func deleteAll(under prefix: String) throws(ZarrError)
    /// The immediate children under `prefix` (empty for the root, else ending in `/`):
    /// value keys and sub-prefixes, both as bare names.
    func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String])
}

/// A byte range of a stored value.
public enum ZarrByteRange: Sendable, Hashable {
    /// Bytes `range` counted from the start.
    case bounded(Range<Int>)
    /// The last `count` bytes.
    case suffix(Int)
}

extension ZarrStorage {
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

extension ZarrByteRange {
    /// The error for a stored value larger than its metadata allows.
    static func tooLarge(key: String, size: Int, limit: Int) -> ZarrError {
        .corruptChunk(key: key, reason: "the stored value is \(size) bytes, more than the \(limit) bytes its metadata allows")
    }

    static func slice(_ all: [UInt8], _ range: ZarrByteRange, key: String) throws(ZarrError) -> [UInt8] {
        switch range {
        case .bounded(let r):
            guard r.lowerBound >= 0, r.upperBound <= all.count else {
                throw .corruptChunk(key: key, reason: "byte range \(r) exceeds the value's \(all.count) bytes")
            }
            return Array(all[r])
        case .suffix(let n):
            guard n >= 0, n <= all.count else {
                throw .corruptChunk(key: key, reason: "the last \(n) bytes were requested but the value has \(all.count)")
            }
            return Array(all[(all.count - n)...])
        }
    }
}
