/// A small, fast recursive-descent JSON parser over a UTF-8 buffer.
///
/// Written for STAC responses (megabytes of item JSON): it avoids Foundation's
/// `JSONSerialization` boxing and decodes straight into ``JSONValue``. Strict RFC 8259
/// (optionally reading Python's `NaN`/`Infinity`); nesting is bounded so hostile input
/// cannot overflow the stack.
struct JSONParser {
    private let allowsNonFiniteNumbers: Bool
    private let keepsNumberText: Bool
    private let maxDepth: Int
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONParsingOptions) {
        self.bytes = bytes
        self.allowsNonFiniteNumbers = options.allowsNonFiniteNumbers
        self.keepsNumberText = options.keepsNumberText
        self.maxDepth = options.maximumDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // Skip a UTF-8 byte-order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index != bytes.count { throw fail("unexpected data after the JSON value") }
        return value
    }

    private func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    @inline(__always) private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of data") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        // Python's json module writes these for float('nan') / float('inf'); zarr.json may contain them.
        case UInt8(ascii: "N") where allowsNonFiniteNumbers: try expectLiteral("NaN"); return .double(.nan)
        case UInt8(ascii: "I") where allowsNonFiniteNumbers: try expectLiteral("Infinity"); return .double(.infinity)
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw fail("unexpected end of data") }
        let p = literal.utf8Start
        for i in 0..<n where bytes[index + i] != p[i] { throw fail("invalid literal") }
        index += n
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        depth += 1
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        defer { depth -= 1 }
        index += 1
        var members = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of data in object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of data in object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        depth += 1
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of data in array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = try validated(UnsafeBufferPointer(rebasing: bytes[start..<index]), at: start)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            index += 1
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return try out.withUnsafeBufferPointer { buffer throws(JSONParseError) in try validated(buffer, at: start) }
            }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    else { throw fail("unpaired surrogate in string") }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate in string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    /// The string of `utf8`, which RFC 8259 requires to be UTF-8: ill-formed bytes are an error,
    /// never silently replaced.
    private func validated(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> String {
        if let s = String(validating: utf8, as: UTF8.self) { return s }
        var offset = start
        var decoder = UTF8()
        var iterator = utf8.makeIterator()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): consumed += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error: offset = start + consumed; break loop
            }
        }
        // Offsets of escaped strings are approximate: they count decoded bytes from the string start.
        throw JSONParseError(offset: offset, reason: "invalid UTF-8 in string")
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if allowsNonFiniteNumbers, index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                try expectLiteral("Infinity")
                return .double(-.infinity)
            }
        }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw fail("invalid number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            if index == digits { throw fail("invalid number: no digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            if index == digits { throw fail("invalid number: no exponent digits") }
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        // `-0` is the one integer text that Int64 does not write back.
        let isNegativeZero = token.count == 2 && token[0] == UInt8(ascii: "-") && token[1] == UInt8(ascii: "0")
        if isInteger, token.count <= 18, !(keepsNumberText && isNegativeZero) {
            // Up to 18 digits always fits in Int64: accumulate directly.
            var negative = false
            var v: Int64 = 0
            for c in token {
                if c == UInt8(ascii: "-") { negative = true; continue }
                v = v &* 10 &+ Int64(c &- UInt8(ascii: "0"))
            }
            return .int(negative ? -v : v)
        }
        let text = String(decoding: token, as: UTF8.self)
        if isInteger, !(keepsNumberText && isNegativeZero) {
            if let i = Int64(text) { return .int(i) }
            // Kept exact for uint64 values such as Zarr fill values above Int64.max.
            if let u = UInt64(text) { return .uint(u) }
        }
        guard let d = Double(text) else { throw JSONParseError(offset: start, reason: "invalid number") }
        if keepsNumberText, !JSONWriter.writesBack(d, as: token) { return .number(JSONNumber(validated: text)) }
        return .double(d)
    }
}
