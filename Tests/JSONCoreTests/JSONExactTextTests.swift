import Foundation
import InteropSupport
import Testing
import JSONCore

/// Numbers keep their exact text with `.exact`; strings must be UTF-8.
@Suite("JSON numbers and strings kept exactly")
struct JSONExactTextTests {
    /// Random number texts in every shape RFC 8259 allows: signs, leading zero, long digit runs,
    /// fractions with trailing zeros, exponents of either case and sign, far beyond binary64's range.
    static func randomNumberText(_ rng: inout some RandomNumberGenerator) -> String {
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
        var text = Bool.random(using: &rng) ? "-" : ""
        let intDigits = [1, 1, 2, 5, 17, 19, 20, 30, 400].randomElement(using: &rng)!
        text += Int.random(in: 0..<4, using: &rng) == 0 ? "0" : String(Int.random(in: 1...9, using: &rng)) + digits(intDigits - 1)
        if Bool.random(using: &rng) { text += "." + digits([1, 2, 16, 17, 25].randomElement(using: &rng)!) }
        if Int.random(in: 0..<3, using: &rng) == 0 {
            text += ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"].randomElement(using: &rng)!
            text += String([0, 1, 22, 308, 309, 324, 400, 99999].randomElement(using: &rng)!)
        }
        return text
    }

    @Test func everyNumberTextRoundTripsExactly() throws {
        var seeded = SeededGenerator(seed: 7)
        var texts = ["0", "-0", "0.0", "-0.0", "1E3", "1e-400", "1e400", "0.10000000000000001", "5e-324", "2.4703282292062328e-324",
                     "1.7976931348623157e308", "1.7976931348623159e308", "9223372036854775808", "-9223372036854775809",
                     "18446744073709551616", "123456789012345678901234567890", "1.50", "100.0"]
        for _ in 0..<3000 { texts.append(Self.randomNumberText(&seeded)) }
        for text in texts {
            let document = "[\(text),{\"n\":\(text)}]"
            let value = try JSONValue(parsing: document, options: .exact)
            #expect(value.jsonString() == document, "\(text)")
            #expect(value.arrayValue?.first?.doubleValue == Double(text), "\(text)")
        }
    }

    @Test func numbersADoubleKeepsStayPlainCases() throws {
        for (text, expected) in [("1.5", JSONValue.double(1.5)), ("100", .int(100)), ("0.1", .double(0.1)), ("-2.0", .double(-2)),
                                 ("18446744073709551615", .uint(.max))] {
            let value = try JSONValue(parsing: text, options: .exact)
            switch (value, expected) {
            case (.double(let a), .double(let b)): #expect(a == b)
            case (.int(let a), .int(let b)): #expect(a == b)
            case (.uint(let a), .uint(let b)): #expect(a == b)
            default: Issue.record("\(text) read as \(value)")
            }
        }
        guard case .number(let n) = try JSONValue(parsing: "1e400", options: .exact), n.text == "1e400" else {
            Issue.record("1e400 lost its text"); return
        }
        // Without the option, numbers are binary as before (Zarr metadata relies on it).
        guard case .double(1000) = try JSONValue(parsing: "1E3") else { Issue.record("1E3 is not a double by default"); return }
    }

    @Test func numberTextIsValidatedByTheJSONGrammar() {
        for valid in ["0", "-0", "1.5e+3", "12E-1", "-0.0"] { #expect(JSONNumber(valid)?.text == valid) }
        for invalid in ["", "-", "01", "+1", "1.", ".5", "1e", "NaN", "Infinity", "0x10", "1 ", "1e+"] { #expect(JSONNumber(invalid) == nil, "\(invalid)") }
        #expect(JSONNumber("30")?.isIntegerText == true && JSONNumber("3e1")?.isIntegerText == false)
        #expect(JSONValue.number(JSONNumber("123456789012345678901")!).uint64Value == nil)
        #expect(JSONValue.number(JSONNumber("3.0e1")!).intValue == 30)
        #expect(JSONValue.number(JSONNumber("1e400")!) == JSONValue.double(.infinity))
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22], 1), ([0x22, 0x61, 0xFF, 0x22], 2), ([0x22, 0xC0, 0x80, 0x22], 1),  // bad lead, 0xFF, overlong
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1), ([0x22, 0x61, 0x62, 0xE2, 0x82, 0x22], 3),                // surrogate, truncated
        ([0x22, 0x5C, 0x6E, 0xF5, 0x80, 0x80, 0x80, 0x22], 2),                                         // above U+10FFFF, after an escape
    ] as [([UInt8], Int)])
    func invalidUTF8InStringsIsAnError(bytes: [UInt8], offset: Int) {
        #expect(throws: JSONParseError(offset: offset, reason: "invalid UTF-8 in string")) { try JSONValue(parsing: bytes) }
    }

    /// Python's UTF-8 decoder decides which random byte strings are valid; we accept exactly those.
    @Test(.enabled(if: JSONCoreTests.interopEnabled))
    func utf8ValidityMatchesPython() throws {
        var rng = SeededGenerator(seed: 99)
        let pool: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90]
        let samples = (0..<600).map { _ in (0..<Int.random(in: 1...6, using: &rng)).map { _ in pool.randomElement(using: &rng)! } }
        let hex = samples.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: ",")
        let verdicts = try Interop.runPython(["-c", """
            import sys
            out = []
            for h in sys.argv[1].split(","):
                try:
                    bytes.fromhex(h).decode("utf-8"); out.append("1")
                except UnicodeDecodeError:
                    out.append("0")
            print("".join(out))
            """, hex]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(verdicts.count == samples.count)
        for (sample, verdict) in zip(samples, verdicts) {
            let accepted = (try? JSONValue(parsing: [0x22] + sample + [0x22])) != nil
            #expect(accepted == (verdict == "1"), "\(sample)")
        }
    }
}
