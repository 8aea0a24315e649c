/// How chunk grid coordinates become store keys (`chunk_key_encoding` in `zarr.json`).
public enum ZarrChunkKeyEncoding: Sendable, Hashable {
    /// `default`: `c/1/2` (or `c.1.2` with `.`); a 0-d array's only chunk is `c`.
    case `default`(separator: Separator)
    /// `v2`: `1.2` (or `1/2` with `/`); a 0-d array's only chunk is `0`.
    case v2(separator: Separator)

    /// The separator between coordinates.
    public enum Separator: String, Sendable, Hashable {
        /// `/`: nested directories.
        case slash = "/"
        /// `.`: one flat name per chunk.
        case dot = "."
    }

    /// The key of the chunk at `coordinates`, relative to the array's node.
    public func key(for coordinates: [Int]) -> String {
        switch self {
        case .default(let separator):
            return (["c"] + coordinates.map(String.init)).joined(separator: separator.rawValue)
        case .v2(let separator):
            return coordinates.isEmpty ? "0" : coordinates.map(String.init).joined(separator: separator.rawValue)
        }
    }

    var json: JSONValue {
        switch self {
        case .default(let s): return ["name": "default", "configuration": ["separator": .string(s.rawValue)]]
        case .v2(let s): return ["name": "v2", "configuration": ["separator": .string(s.rawValue)]]
        }
    }

    static func parse(_ json: JSONValue, key: String) throws(ZarrError) -> ZarrChunkKeyEncoding {
        guard let name = json["name"]?.stringValue else {
            throw .invalidMetadata(key: key, reason: "chunk_key_encoding has no name")
        }
        let sepText = json["configuration"]?["separator"]?.stringValue
        switch name {
        case "default":
            guard let separator = Separator(rawValue: sepText ?? "/") else {
                throw .invalidMetadata(key: key, reason: "chunk_key_encoding separator must be '/' or '.'")
            }
            return .default(separator: separator)
        case "v2":
            guard let separator = Separator(rawValue: sepText ?? ".") else {
                throw .invalidMetadata(key: key, reason: "chunk_key_encoding separator must be '/' or '.'")
            }
            return .v2(separator: separator)
        default:
            throw .unsupportedFeature(key: key, feature: "chunk key encoding '\(name)'")
        }
    }
}
