/// One `sortby` key of the STAC API Sort extension.
public struct STACSortField: Sendable, Hashable, CustomStringConvertible {
    /// Which way to sort.
    public enum Direction: String, Sendable, Hashable {
        /// Smallest first (`asc`).
        case ascending = "asc"
        /// Largest first (`desc`).
        case descending = "desc"
    }

    /// The field, e.g. `properties.datetime` or `id`.
    public var field: String
    /// The direction.
    public var direction: Direction

    /// Creates a sort key.
    public init(_ field: String, _ direction: Direction = .ascending) {
        self.field = field
        self.direction = direction
    }

    /// Parses the GET form: `datetime`, `+datetime` (ascending) or `-datetime` (descending).
    public init(parsing text: String) {
        if text.hasPrefix("-") { self.init(String(text.dropFirst()), .descending) }
        else if text.hasPrefix("+") { self.init(String(text.dropFirst()), .ascending) }
        else { self.init(text, .ascending) }
    }

    /// The GET form, `+field` or `-field`.
    public var description: String { (direction == .ascending ? "+" : "-") + field }
}
