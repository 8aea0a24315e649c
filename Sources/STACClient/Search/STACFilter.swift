import Foundation

/// A CQL2 filter for the STAC API Filter extension.
public enum STACFilter: Sendable, Hashable {
    /// A `cql2-json` expression, e.g. `{"op": "=", "args": [{"property": "Equi7_TileID"}, "EU020M_E051N015T3"]}`.
    case cql2JSON(JSONValue)
    /// A `cql2-text` expression, e.g. `"Equi7_TileID" = 'EU020M_E051N015T3'`.
    case cql2Text(String)

    /// The `filter-lang` value naming this encoding.
    public var language: String {
        switch self {
        case .cql2JSON: return "cql2-json"
        case .cql2Text: return "cql2-text"
        }
    }

    /// Reads a filter from command-line text: JSON when it starts with `{`, otherwise cql2-text.
    public init(parsing text: String) throws(STACError) {
        let trimmed = text.drop { $0 == " " }
        if trimmed.hasPrefix("{") {
            do { self = .cql2JSON(try JSONValue(parsing: text)) } catch {
                throw .invalidSearch(reason: "filter is not valid cql2-json: \(error)")
            }
        } else {
            self = .cql2Text(text)
        }
    }
}
