/// Serialises a ``JSONValue`` to UTF-8 JSON text, object members in stored order.
///
/// Writes bytes directly (no intermediate `String`), which matters for large STAC pages.
struct JSONWriter {
    var bytes: [UInt8] = []
    private let pretty: Bool
    private let nonFiniteNumbers: JSONWritingOptions.NonFiniteNumbers
    private var level = 0

    init(options: JSONWritingOptions, reserve: Int = 1024) {
        self.pretty = options.prettyPrinted
        self.nonFiniteNumbers = options.nonFiniteNumbers
        bytes.reserveCapacity(reserve)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): writeInteger(i)
        case .uint(let u): writeDigits(u)
        case .double(let d): writeDouble(d)
        case .number(let n): append(n.text)
        case .string(let s): writeString(s)
        case .array(let a):
            if a.isEmpty { append("[]"); return }
            bytes.append(UInt8(ascii: "["))
            level += 1
            for (i, v) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                write(v)
            }
            level -= 1
            newline()
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { append("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            level += 1
            var first = true
            for (key, member) in o {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                newline()
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(UInt8(ascii: " ")) }
                write(member)
            }
            level -= 1
            newline()
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<level { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// Finite doubles in the shortest form that reads back exactly, always with a `.` or exponent so
    /// readers keep them floating-point; NaN and infinities as the options say (JSON has no such numbers).
    private mutating func writeDouble(_ d: Double) {
        guard d.isFinite else {
            switch nonFiniteNumbers {
            case .null: append("null")
            case .strings: append(d.isNaN ? "\"NaN\"" : (d > 0 ? "\"Infinity\"" : "\"-Infinity\""))
            }
            return
        }
        if d == d.rounded(), abs(d) < 1e15, d != 0 || d.sign == .plus {
            // Integral values: integer digits are much cheaper than `description`.
            writeInteger(Int64(d))
            append(".0")
            return
        }
        let text = d.description
        append(text)
        if !text.utf8.contains(UInt8(ascii: ".")) && !text.utf8.contains(UInt8(ascii: "e")) { append(".0") }
    }

    /// Whether `d` is written as exactly `text` (so the parser need not keep the text).
    static func writesBack(_ d: Double, as text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard d.isFinite else { return false }
        var writer = JSONWriter(options: JSONWritingOptions(), reserve: 32)
        writer.writeDouble(d)
        return writer.bytes.elementsEqual(text)
    }

    private mutating func writeInteger(_ i: Int64) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        writeDigits(i.magnitude)
    }

    private mutating func writeDigits(_ magnitude: UInt64) {
        var v = magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(v % 10) + UInt8(ascii: "0")
                v /= 10
                count += 1
            } while v > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    private mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        // Fast path: nothing to escape, copy the UTF-8 in one go.
        let copied: Bool = s.withUTF8 { utf8 in
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied { bytes.append(UInt8(ascii: "\"")); return }
        for b in s.utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
