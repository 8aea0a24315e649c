/// A JSON value kept exactly as read, so that fields EOCube does not model survive a
/// decode/encode round trip.
///
/// Integers that fit in 64 bits stay ``integer(_:)``; every other number is a
/// ``number(_:)``. Objects are unordered (written back with sorted keys).
public enum JSONValue: Sendable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A JSON number written without fraction or exponent that fits in `Int64`.
    case integer(Int64)
    /// Any other JSON number.
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([JSONValue])
    /// A JSON object.
    case object([String: JSONValue])
}

// MARK: - Accessors

extension JSONValue {
    /// The string, when this is a JSON string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    /// The number as a `Double`, when this is a JSON number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The number as an `Int`, when this is a JSON number with an integral value.
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// The Boolean, when this is `true` or `false`.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// The elements, when this is a JSON array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    /// The members, when this is a JSON object.
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

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
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// Creates JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// Creates a JSON Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates a JSON integer.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// Creates a JSON number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates a JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Creates a JSON object; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}

// MARK: - Bytes

extension JSONValue {
    /// Parses one JSON document from UTF-8 bytes.
    ///
    /// - Throws: ``JSONParseError`` naming the byte offset of the first problem.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
            var parser = JSONParser(buffer)
            do { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        let result = bytes.withContiguousStorageIfAvailable(run) ?? Array(bytes).withUnsafeBufferPointer(run)
        self = try result.get()
    }

    /// Parses one JSON document from a string.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// The compact UTF-8 JSON text of this value (object keys sorted, so output is stable).
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: prettyPrinted)
        writer.write(self)
        return writer.bytes
    }

    /// The JSON text of this value as a string.
    public func jsonString(prettyPrinted: Bool = false) -> String {
        String(decoding: jsonBytes(prettyPrinted: prettyPrinted), as: UTF8.self)
    }
}

/// Why a document is not valid JSON.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset where parsing stopped.
    public var offset: Int
    /// What was wrong there.
    public var reason: String
    /// Creates a parse error.
    public init(offset: Int, reason: String) { self.offset = offset; self.reason = reason }
    /// A message such as `invalid JSON at byte 12: expected ':'`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

// MARK: - Equality

extension JSONValue: Hashable {
    /// JSON equality: numbers compare by value (`1` equals `1.0`), objects ignore member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Int64(exactly: b) == a
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    /// Hashes consistently with ``==(_:_:)``: integral numbers hash like integers.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .number(let d):
            if let i = Int64(exactly: d) { hasher.combine(2); hasher.combine(i) } else { hasher.combine(3); hasher.combine(d) }
        case .string(let s): hasher.combine(4); hasher.combine(s)
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o): hasher.combine(6); hasher.combine(o)
        }
    }
}
