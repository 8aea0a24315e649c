/// A JSON value as it appears in `zarr.json` documents and user attributes.
///
/// Objects keep their key order so documents we rewrite stay stable and readable.
/// Integers and floating-point numbers are kept apart so `0` and `0.0` round-trip.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits in `Int64`.
    case int(Int64)
    /// A non-negative integer above `Int64.max` (for `uint64` fill values).
    case uint(UInt64)
    /// A number with a fraction or exponent.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, with its members in document order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.uint(a), .uint(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .uint(let u): hasher.combine(u)
        case .double(let d): hasher.combine(d.isNaN ? 0 : d)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }
}

// MARK: - Accessors

extension JSONValue {
    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.0 == key })?.1
    }

    /// The members of an object, or `nil` for other values.
    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// The elements of an array, or `nil` for other values.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string, or `nil` for other values.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The Boolean, or `nil` for other values.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value as an `Int` when it is an integer that fits, or `nil`.
    public var intValue: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .uint(let u): return Int(exactly: u)
        case .double(let d): return d.rounded() == d ? Int(exactly: d) : nil
        default: return nil
        }
    }

    /// The value as a `Double` when it is a number, or `nil`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A copy of an object with `key` set to `value` (replacing in place, or appended).
    func setting(_ key: String, to value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.0 == key }) {
            if let value { members[index].1 = value } else { members.remove(at: index) }
        } else if let value {
            members.append((key, value))
        }
        return .object(members)
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A JSON string from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON integer from a literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A JSON number from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A JSON Boolean from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON array from a literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A JSON object from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
    /// JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

// MARK: - Text

extension JSONValue {
    /// Parses UTF-8 JSON text; throws ``ZarrError/invalidMetadata(key:reason:)`` naming `source`.
    public static func parse(_ bytes: [UInt8], source: String = "<json>") throws(ZarrError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        do {
            let value = try parser.parseDocument()
            return value
        } catch let error as JSONParser.Failure {
            throw .invalidMetadata(key: source, reason: "malformed JSON at byte \(error.offset): \(error.message)")
        } catch {
            throw .invalidMetadata(key: source, reason: "malformed JSON")
        }
    }

    /// The value as pretty-printed UTF-8 JSON text (two-space indentation, like zarr-python).
    public func serialized() -> [UInt8] {
        var out = ""
        JSONWriter.write(self, into: &out, indent: 0)
        out.append("\n")
        return Array(out.utf8)
    }
}
