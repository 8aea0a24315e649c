import OrderedCollections

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// Creates JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// Creates a JSON Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates a JSON integer.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Creates a JSON floating-point number.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Creates a JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Creates a JSON object in the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var members = JSONObject(minimumCapacity: elements.count)
        for (key, value) in elements { members[key] = value }
        self = .object(members)
    }
}
