/// How ``JSONValue/jsonBytes(options:)`` lays out its text.
public struct JSONWritingOptions: Sendable, Hashable {
    /// What a NaN or infinite ``JSONValue/double(_:)`` becomes, since JSON has no such numbers.
    public enum NonFiniteNumbers: Sendable, Hashable {
        /// `null`, which every JSON reader accepts.
        case null
        /// The strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as the Zarr v3 spec spells them.
        case strings
    }

    /// Newlines and two-space indentation, with `": "` after member names (as Python's `indent=2`).
    public var prettyPrinted: Bool
    /// How NaN and infinities are written.
    public var nonFiniteNumbers: NonFiniteNumbers
    /// Whether a newline ends the text.
    public var trailingNewline: Bool

    /// Creates writing options.
    public init(prettyPrinted: Bool = false, nonFiniteNumbers: NonFiniteNumbers = .null, trailingNewline: Bool = false) {
        self.prettyPrinted = prettyPrinted
        self.nonFiniteNumbers = nonFiniteNumbers
        self.trailingNewline = trailingNewline
    }
}
