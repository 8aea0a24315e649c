// MARK: - Typed accessors

extension JSONValue {
    /// The string, when this is a JSON string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    /// The Boolean, when this is `true` or `false`.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// The number as a `Double`, when this is a JSON number (rounded to the nearest `Double`; a
    /// ``number(_:)`` beyond its range is ±infinity).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        case .number(let n): return n.doubleValue
        default: return nil
        }
    }

    /// The number as an `Int`, when this is a JSON number with an integral value that fits.
    public var intValue: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .uint(let u): return Int(exactly: u)
        case .double(let d): return Int(exactly: d)
        case .number(let n): return n.isIntegerText ? Int(n.text) : Int(exactly: n.doubleValue)
        default: return nil
        }
    }

    /// The number as an `Int64`, when this is a JSON number with an integral value that fits.
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .uint(let u): return Int64(exactly: u)
        case .double(let d): return Int64(exactly: d)
        case .number(let n): return n.isIntegerText ? Int64(n.text) : Int64(exactly: n.doubleValue)
        default: return nil
        }
    }

    /// The number as a `UInt64`, when this is a JSON number with a non-negative integral value that fits.
    public var uint64Value: UInt64? {
        switch self {
        case .int(let i): return UInt64(exactly: i)
        case .uint(let u): return u
        case .double(let d): return UInt64(exactly: d)
        case .number(let n): return n.isIntegerText ? UInt64(n.text) : UInt64(exactly: n.doubleValue)
        default: return nil
        }
    }

    /// The elements, when this is a JSON array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    /// The members in document order, when this is a JSON object.
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }

    /// Whether this is JSON `null`.
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The member named `key` when this is an object, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The elements as numbers, when this is an array holding only numbers.
    public var doubleArray: [Double]? {
        guard case .array(let a) = self else { return nil }
        var out: [Double] = []
        out.reserveCapacity(a.count)
        for v in a { guard let d = v.doubleValue else { return nil }; out.append(d) }
        return out
    }

    /// The elements as strings, when this is an array holding only strings.
    public var stringArray: [String]? {
        guard case .array(let a) = self else { return nil }
        var out: [String] = []
        out.reserveCapacity(a.count)
        for v in a { guard let s = v.stringValue else { return nil }; out.append(s) }
        return out
    }

    /// A copy of an object with member `key` replaced in place, appended when new, or removed when
    /// `value` is `nil`; other values are returned unchanged.
    public func setting(_ key: String, to value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
