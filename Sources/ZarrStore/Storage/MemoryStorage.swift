import Synchronization

/// A store held in memory, for tests and scratch work. Thread-safe.
public final class MemoryStorage: ZarrStorage {
    private let values = Mutex<[String: [UInt8]]>([:])

    /// An empty in-memory store.
    public init() {}

    /// `memory://` and the number of stored keys.
    public var description: String { "memory store (\(values.withLock { $0.count }) keys)" }

    /// Every key currently stored, sorted (for tests and debugging).
    public var allKeys: [String] { values.withLock { $0.keys.sorted() } }

    /// The stored value of `key`.
    public func get(_ key: String) throws(ZarrError) -> [UInt8]? {
        try ZarrKey.validate(key)
        return values.withLock { $0[key] }
    }

    /// Stores `bytes` under `key`.
    public func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError) {
        try ZarrKey.validate(key)
        values.withLock { $0[key] = bytes }
    }

    /// Removes `key`.
    public func delete(_ key: String) throws(ZarrError) {
        try ZarrKey.validate(key)
        _ = values.withLock { $0.removeValue(forKey: key) }
    }

    /// Removes every key starting with `prefix`.
    public func deleteAll(under prefix: String) throws(ZarrError) {
        values.withLock { $0 = $0.filter { !$0.key.hasPrefix(prefix) } }
    }

    /// Immediate children of `prefix`.
    public func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) {
        let all = values.withLock { Array($0.keys) }
        var keys = Set<String>(), prefixes = Set<String>()
        for key in all where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { prefixes.insert(String(rest[..<slash])) } else { keys.insert(String(rest)) }
        }
        return (keys.sorted(), prefixes.sorted())
    }
}
