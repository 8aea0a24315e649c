// JSONValue (with its parser, writer and Codable bridging) lives in the shared JSONCore target;
// re-exported so `import STACClient` alone gives clients `JSONValue`.
@_exported import JSONCore

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
        do { value = try JSONValue(parsing: bytes, options: .exact) } catch {
            throw STACError.invalidJSON(url: source, reason: error.description)
        }
        do { try self.init(json: value) } catch { throw error.naming(source) }
    }

    /// The object as compact JSON bytes.
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] { json.jsonBytes(prettyPrinted: prettyPrinted) }
}
