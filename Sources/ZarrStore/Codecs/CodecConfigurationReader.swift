/// A codec's `configuration` object with typed member lookups whose errors name the codec and
/// the store key.
struct CodecConfigurationReader {
    /// The codec name as written in the document (an alias stays an alias).
    let name: String
    let json: JSONValue
    let key: String

    func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }

    subscript(member: String) -> JSONValue? { json[member] }

    /// An integer member; `value` when absent, an error when absent without a default.
    func int(_ member: String, default value: Int? = nil) throws(ZarrError) -> Int {
        if let v = json[member] {
            guard let i = v.intValue else { throw bad("codec '\(name)' \(member) is not an integer") }
            return i
        }
        guard let value else { throw bad("codec '\(name)' lacks \(member)") }
        return value
    }

    /// An integer member that must lie in `range`.
    func int(_ member: String, default value: Int, in range: ClosedRange<Int>, label: String? = nil) throws(ZarrError) -> Int {
        let i = try int(member, default: value)
        guard range.contains(i) else {
            throw bad("\(label ?? "\(name) \(member)") \(i) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return i
    }

    /// A list of non-negative integers.
    func shape(_ member: String) throws(ZarrError) -> [Int] {
        guard let list = json[member]?.arrayValue else { throw bad("codec '\(name)' lacks \(member)") }
        var result: [Int] = []
        for v in list {
            guard let i = v.intValue, i >= 0 else { throw bad("codec '\(name)' \(member) must hold non-negative integers") }
            result.append(i)
        }
        return result
    }

    /// A nested codec chain.
    func chain(_ member: String) throws(ZarrError) -> [ZarrCodec] {
        guard let list = json[member]?.arrayValue else { throw bad("codec '\(name)' lacks \(member)") }
        var result: [ZarrCodec] = []
        for v in list { result.append(try ZarrCodec.parse(v, key: key)) }
        return result
    }
}

extension JSONValue {
    /// A JSON array of integers.
    init(integers: [Int]) { self = .array(integers.map { .int(Int64($0)) }) }
}
