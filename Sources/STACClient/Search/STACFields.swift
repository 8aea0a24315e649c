import Foundation

/// The `fields` parameter of the STAC API Fields extension: members to include or exclude.
public struct STACFields: Sendable, Hashable {
    /// Members to include, e.g. `properties.Equi7_TileID`.
    public var include: [String]
    /// Members to exclude, e.g. `geometry`.
    public var exclude: [String]

    /// Creates a fields selection.
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Parses the GET form: comma-separated names, `-` prefixed ones excluded.
    public init(parsing text: String) {
        var inc: [String] = [], exc: [String] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if part.hasPrefix("-") { exc.append(String(part.dropFirst())) }
            else { inc.append(part.hasPrefix("+") ? String(part.dropFirst()) : part) }
        }
        self.init(include: inc, exclude: exc)
    }

    /// The GET form, e.g. `id,properties.datetime,-geometry`.
    public var queryValue: String { (include + exclude.map { "-" + $0 }).joined(separator: ",") }
}

