/// A JSON number kept as its exact decimal text, for numbers that `Int64`, `UInt64` or `Double`
/// would change (`0.10000000000000001`, 30-digit integers, `1e-400`, `1e400`, `-0`, `1E3`).
///
/// Produced by parsing with ``JSONParsingOptions/keepsNumberText``; written back character for character.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, e.g. `1e400`.
    public let text: String

    /// Wraps `text` when it is a number by RFC 8259's grammar (no leading `+`, no leading zeros, no `NaN`).
    public init?(_ text: String) {
        guard JSONNumber.isValid(Array(text.utf8)) else { return nil }
        self.text = text
    }

    init(validated text: String) { self.text = text }

    /// The nearest `Double`: rounded, ±infinity beyond its range, ±0 below it.
    public var doubleValue: Double { Double(text) ?? .nan }

    /// Whether the text has no fraction and no exponent.
    public var isIntegerText: Bool { !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } }

    /// The text.
    public var description: String { text }

    /// Whether `bytes` is exactly one JSON number.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count else { return false }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") { i += 1; if digits() == 0 { return false } }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == bytes.count
    }
}
