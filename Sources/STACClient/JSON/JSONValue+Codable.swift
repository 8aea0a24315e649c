// MARK: - Codable

extension JSONValue: Codable {
    /// Decodes any JSON value from a `Decoder` (used when STAC types sit inside other Codable types).
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members: [String: JSONValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let i = try? single.decode(Int64.self) { self = .integer(i) }
        else if let d = try? single.decode(Double.self) { self = .number(d) }
        else { self = .string(try single.decode(String.self)) }
    }

    /// Encodes this value into an `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer(); try c.encode(b)
        case .integer(let i):
            var c = encoder.singleValueContainer(); try c.encode(i)
        case .number(let d):
            var c = encoder.singleValueContainer(); try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer(); try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for v in a { try c.encode(v) }
        case .object(let o):
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            for (k, v) in o { try c.encode(v, forKey: AnyCodingKey(k)) }
        }
    }
}

/// A coding key for arbitrary JSON member names.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// A STAC object that can be built from, and turned back into, a ``JSONValue``.
///
/// All STAC model types conform; their `Codable` conformance goes through this, so
/// unknown members survive either path.
public protocol JSONValueConvertible: Codable, Sendable {
    /// Builds the object from parsed JSON. Throws ``STACError/notSTAC(url:reason:)`` with an empty URL when
    /// a required member is missing or has the wrong type.
    init(json: JSONValue) throws(STACError)
    /// The full JSON of the object, unknown members included.
    var json: JSONValue { get }
}

extension JSONValueConvertible {
    /// Decodes via ``JSONValue``.
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        try self.init(json: value)
    }

    /// Encodes via ``JSONValue``.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// Parses the object from UTF-8 JSON bytes; `source` names the file or URL in errors.
    public init(jsonBytes bytes: [UInt8], source: String = "") throws(STACError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch {
            throw STACError.invalidJSON(url: source, reason: error.description)
        }
        do { try self.init(json: value) } catch { throw error.naming(source) }
    }

    /// The object as compact JSON bytes.
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] { json.jsonBytes(prettyPrinted: prettyPrinted) }
}
