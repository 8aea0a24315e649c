/// How tolerant ``JSONValue/init(parsing:options:)-(Collection<UInt8>,_)`` is.
public struct JSONParsingOptions: Sendable, Hashable {
    /// Accept the bare literals `NaN`, `Infinity` and `-Infinity` (as Python's `json` module writes
    /// them) as ``JSONValue/double(_:)``; RFC 8259 forbids them.
    public var allowsNonFiniteNumbers: Bool
    /// The deepest nesting of arrays and objects accepted, so hostile input cannot exhaust the stack.
    public var maximumDepth: Int
    /// Keep a number whose text the stored `Int64`/`UInt64`/`Double` would not write back identically
    /// (`0.10000000000000001`, `1e400`, `1E3`, `-0`, 30-digit integers) as ``JSONValue/number(_:)``.
    public var keepsNumberText: Bool

    /// Creates parsing options.
    public init(allowsNonFiniteNumbers: Bool = false, maximumDepth: Int = 512, keepsNumberText: Bool = false) {
        self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
        self.maximumDepth = maximumDepth
        self.keepsNumberText = keepsNumberText
    }

    /// Strict RFC 8259 with a nesting limit of 512.
    public static let strict = JSONParsingOptions()

    /// Strict RFC 8259 except that `NaN` and `±Infinity` literals are read (zarr.json written by Python).
    public static let allowingNonFiniteNumbers = JSONParsingOptions(allowsNonFiniteNumbers: true)

    /// Strict RFC 8259, every number written back with its exact text (STAC documents).
    public static let exact = JSONParsingOptions(keepsNumberText: true)
}
