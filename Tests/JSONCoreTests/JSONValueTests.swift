import Foundation
import InteropSupport
import Testing
import JSONCore

enum JSONCoreTests {
    /// Python interop runs when the venv exists, and always under scripts/test.sh.
    static var interopEnabled: Bool {
        Interop.isAvailable || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil
    }
}

@Suite("JSONValue parsing and writing")
struct JSONValueTests {
    @Test func parsesScalarsArraysAndObjects() throws {
        let v = try JSONValue(parsing: #"{"a": [1, -2.5, 1e3, true, false, null, "x"], "b": {"c": "d"}}"#)
        #expect(v["a"] == [1, -2.5, 1000.0, true, false, nil, "x"])
        #expect(v["b"]?["c"]?.stringValue == "d")
        guard case .int(1)? = v["a"]?.arrayValue?[0] else { Issue.record("1 is not an integer"); return }
        guard case .double(1000)? = v["a"]?.arrayValue?[2] else { Issue.record("1e3 is not a double"); return }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONValue(parsing: #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(v.stringValue == "a\"b\\c/d\n\t\u{e9}\u{1F600}")
    }

    @Test func keepsLargeIntegersExactAndOverflowingOnesAsDoubles() throws {
        guard case .int(Int64.max) = try JSONValue(parsing: "9223372036854775807"),
              case .int(-123456789012345678) = try JSONValue(parsing: "-123456789012345678"),
              case .int(Int64.min) = try JSONValue(parsing: "-9223372036854775808"),
              case .uint(18446744073709551615) = try JSONValue(parsing: "18446744073709551615"),
              case .uint(9223372036854775808) = try JSONValue(parsing: "9223372036854775808"),
              case .double(92233720368547758080.0) = try JSONValue(parsing: "92233720368547758070"),
              case .double(-9223372036854775808.0) = try JSONValue(parsing: "-9223372036854775809")
        else { Issue.record("a large integer lost its exact case"); return }
        #expect(try JSONValue(parsing: "18446744073709551615").jsonString() == "18446744073709551615")
    }

    @Test(arguments: [
        ("", 0), ("{", 1), ("[1,]", 3), (#"{"a" 1}"#, 5), ("tru", 0), ("01", 1), ("1.", 2), (#""\x""#, 3),
        (#""\ud800""#, 7), ("[1] x", 4), ("\"a\u{01}\"", 2), ("-", 1),
    ])
    func rejectsInvalidJSONWithTheOffset(text: String, offset: Int) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONParseError)?.offset == offset
        }
    }

    @Test func refusesPathologicalNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError(offset: 512, reason: "nesting deeper than 512")) { try JSONValue(parsing: deep) }
    }

    @Test(.enabled(if: JSONCoreTests.interopEnabled))
    func writesJSONThatPythonReadsBackIdentically() throws {
        let source = #"{"s": "é \"q\" \\ \n \u0001 😀", "i": -42, "big": 9007199254740993, "d": 0.1, "e": 1.5e-300, "z": 2.0, "a": [[], {}, null, true], "o": {"k": [1, 2.25]}}"#
        let ours = try JSONValue(parsing: source).jsonString()
        let same = try Interop.runPython(["-c", """
            import json, sys
            a = json.loads(sys.argv[1]); b = json.loads(sys.argv[2])
            print(a == b and type(b["z"]) is float and type(b["big"]) is int)
            """, source, ours])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "ours: \(ours)")
    }

    @Test func prettyPrintedOutputParsesToTheSameValue() throws {
        let v: JSONValue = ["a": [1, 2, ["b": nil]], "c": "d", "e": [:], "f": []]
        #expect(try JSONValue(parsing: v.jsonString(prettyPrinted: true)) == v)
    }

    @Test func codableRoundTripThroughFoundation() throws {
        let v: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": -7]]
        let data = try JSONEncoder().encode(v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == v)
    }

    @Test(.enabled(if: JSONCoreTests.interopEnabled))
    func randomDocumentsRoundTripThroughPython() throws {
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus.jsonl"), ours = dir.appendingPathComponent("ours.jsonl")
        try Interop.runPython(["stac_json_corpus.py", "make", corpus.path, "--count", "400"])
        let lines = try Data(contentsOf: corpus).split(separator: 0x0A)
        #expect(lines.count == 400)
        var out: [UInt8] = []
        for line in lines {
            out += try JSONValue(parsing: Array(line)).jsonBytes()
            out.append(0x0A)
        }
        try Data(out).write(to: ours)
        let verdict = try Interop.runPython(["stac_json_corpus.py", "check", corpus.path, ours.path])
        #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}
