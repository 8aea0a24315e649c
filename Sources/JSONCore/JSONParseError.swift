/// Why a document is not valid JSON.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset where parsing stopped.
    public var offset: Int
    /// What was wrong there.
    public var reason: String
    /// Creates a parse error.
    public init(offset: Int, reason: String) { self.offset = offset; self.reason = reason }
    /// A message such as `invalid JSON at byte 12: expected ':'`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
