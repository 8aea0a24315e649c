import Foundation

/// A store held in memory, for tests and scratch work. Thread-safe.
public final class MemoryStorage: ZarrStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: [UInt8]] = [:]

    /// An empty in-memory store.
    public init() {}

    /// Always writable.
    public var isWritable: Bool { true }

    /// `memory://` and the number of stored keys.
    public var description: String { "memory store (\(lock.withLock { values.count }) keys)" }

    /// Every key currently stored, sorted (for tests and debugging).
    public var allKeys: [String] { lock.withLock { values.keys.sorted() } }

    /// The stored value of `key`.
    public func get(_ key: String) throws(ZarrError) -> [UInt8]? {
        try ZarrKey.validate(key)
        return lock.withLock { values[key] }
    }

    /// Stores `bytes` under `key`.
    public func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError) {
        try ZarrKey.validate(key)
        lock.withLock { values[key] = bytes }
    }

    /// Removes `key`.
    public func delete(_ key: String) throws(ZarrError) {
        try ZarrKey.validate(key)
        _ = lock.withLock { values.removeValue(forKey: key) }
    }

    /// Removes every key starting with `prefix`.
    public func deleteAll(under prefix: String) throws(ZarrError) {
        lock.withLock { values = values.filter { !$0.key.hasPrefix(prefix) } }
    }

    /// Immediate children of `prefix`.
    public func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) {
        let all = lock.withLock { Array(values.keys) }
        var keys = Set<String>(), prefixes = Set<String>()
        for key in all where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { prefixes.insert(String(rest[..<slash])) } else { keys.insert(String(rest)) }
        }
        return (keys.sorted(), prefixes.sorted())
    }
}
