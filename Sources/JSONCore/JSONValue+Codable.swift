// MARK: - Codable

extension JSONValue: Codable {
    /// Decodes any JSON value from a `Decoder` (so a ``JSONValue`` can sit inside other Codable types).
    ///
    /// Object member order is the decoder's `allKeys` order, which Foundation does not promise.
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: JSONCodingKey.self) {
            var members = JSONObject()
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let i = try? single.decode(Int64.self) { self = .int(i) }
        else if let u = try? single.decode(UInt64.self) { self = .uint(u) }
        else if let d = try? single.decode(Double.self) { self = .double(d) }
        else { self = .string(try single.decode(String.self)) }
    }

    /// Encodes this value into an `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer(); try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer(); try c.encode(i)
        case .uint(let u):
            var c = encoder.singleValueContainer(); try c.encode(u)
        case .double(let d):
            var c = encoder.singleValueContainer(); try c.encode(d)
        case .number(let n):
            // Encoders take binary numbers only; the nearest Double is the closest they can hold.
            var c = encoder.singleValueContainer(); try c.encode(n.doubleValue)
        case .string(let s):
            var c = encoder.singleValueContainer(); try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for v in a { try c.encode(v) }
        case .object(let o):
            var c = encoder.container(keyedBy: JSONCodingKey.self)
            for (k, v) in o { try c.encode(v, forKey: JSONCodingKey(k)) }
        }
    }
}
