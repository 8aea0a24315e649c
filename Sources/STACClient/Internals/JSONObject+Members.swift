import OrderedCollections

// Helpers the STAC readers and writers share to keep a document's members exactly as read.

extension OrderedDictionary where Key == String, Value == JSONValue {
    /// Removes and returns member `key` when `read` accepts its value. A value of another type stays,
    /// so it is written back unchanged instead of being dropped or replaced.
    mutating func take<T>(_ key: String, _ read: (JSONValue) -> T?) -> T? {
        guard let value = self[key], let typed = read(value) else { return nil }
        removeValue(forKey: key)
        return typed
    }

    /// The members rearranged so that those named in `order` (the source document's order) come
    /// first, in that order; members the source did not have follow in their current order.
    func arranged(like order: [String]) -> Self {
        guard !order.isEmpty else { return self }
        var out = Self(minimumCapacity: count)
        for key in order { if let value = self[key] { out[key] = value } }
        if out.count != count { for (key, value) in self where out[key] == nil { out[key] = value } }
        return out
    }
}

extension JSONValue {
    /// An integer written without fraction or exponent (so `5.0` is not taken, and written back as `5.0`).
    var exactInt: Int? { if case .int(let i) = self { return Int(exactly: i) }; return nil }

    /// The value's JSON text cut to `limit` characters, for error messages about untrusted documents.
    func excerpt(limit: Int = 80) -> String { STACError.cut(jsonString(), limit: limit) }
}
