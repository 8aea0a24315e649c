import Foundation
import InteropSupport
import JSONCore
import Testing

/// What ZarrStore relies on: member order, exact number kinds, Python's non-finite literals and
/// zarr-python's pretty layout.
@Suite("JSONValue order, number kinds and pretty layout")
struct JSONValueZarrFeatureTests {
    @Test func objectsKeepDocumentOrderThroughParseAndWrite() throws {
        let text = #"{"zarr_format":3,"node_type":"array","b":1,"a":{"z":[],"y":{}}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.objectValue.map { Array($0.keys) } == ["zarr_format", "node_type", "b", "a"])
        #expect(value.jsonString() == text)
    }

    @Test func repeatedMembersKeepTheirFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.jsonString() == #"{"a":3,"b":2}"#)
    }

    @Test func integersAndFloatsStayDistinct() throws {
        guard case .int(0) = try JSONValue(parsing: "0"), case .double(0) = try JSONValue(parsing: "0.0") else {
            Issue.record("0 and 0.0 collapsed"); return
        }
        #expect(try JSONValue(parsing: "[0, 0.0, -0.0, 2.0, 1e300, 0.1]").jsonString() == "[0,0.0,-0.0,2.0,1e+300,0.1]")
    }

    @Test func settingReplacesInPlaceAppendsAndRemoves() {
        let value: JSONValue = ["a": 1, "b": 2]
        #expect(value.setting("a", to: "x").jsonString() == #"{"a":"x","b":2}"#)
        #expect(value.setting("c", to: nil).jsonString() == #"{"a":1,"b":2}"#)
        #expect(value.setting("c", to: true).jsonString() == #"{"a":1,"b":2,"c":true}"#)
        #expect(value.setting("a", to: nil).jsonString() == #"{"b":2}"#)
    }

    @Test func nonFiniteLiteralsAreReadOnlyWhenAllowed() throws {
        #expect(throws: JSONParseError(offset: 0, reason: "unexpected character 'N'")) { try JSONValue(parsing: "NaN") }
        #expect(throws: JSONParseError(offset: 1, reason: "invalid number")) { try JSONValue(parsing: "-Infinity") }
        let value = try JSONValue(parsing: "[NaN, Infinity, -Infinity]", options: .allowingNonFiniteNumbers)
        guard case .array(let a) = value, a.count == 3, case .double(let nan) = a[0], nan.isNaN,
              case .double(.infinity) = a[1], case .double(-.infinity) = a[2]
        else { Issue.record("\(value)"); return }
        #expect(throws: JSONParseError(offset: 0, reason: "invalid literal")) { try JSONValue(parsing: "Nan", options: .allowingNonFiniteNumbers) }
    }

    @Test func nonFiniteNumbersAreWrittenAsTheOptionsSay() {
        let value: JSONValue = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(value.jsonString() == "[null,null,null]")
        let zarr = value.jsonBytes(options: .init(nonFiniteNumbers: .strings))
        #expect(String(decoding: zarr, as: UTF8.self) == #"["NaN","Infinity","-Infinity"]"#)
    }

    @Test func nestingDepthLimitIsConfigurable() throws {
        let ten = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: JSONParseError(offset: 9, reason: "nesting deeper than 9")) { try JSONValue(parsing: ten, options: .init(maximumDepth: 9)) }
        _ = try JSONValue(parsing: ten, options: .init(maximumDepth: 10))
    }

    @Test func equalityComparesNumbersByValueAndObjectsRegardlessOfOrder() throws {
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.uint(UInt64(Int64.max) + 1) == .double(9223372036854775808.0))
        #expect(JSONValue.double(.nan) == .double(.nan))
        #expect(try JSONValue(parsing: #"{"a":1,"b":[2]}"#) == JSONValue(parsing: #"{"b":[2.0],"a":1}"#))
        #expect(JSONValue.int(1) != .string("1"))
        let set: Set<JSONValue> = [.int(1), .double(1), ["a": 1, "b": 2], ["b": 2, "a": 1]]
        #expect(set.count == 2)
    }

    @Test func typedAccessorsConvertOnlyWhenExact() {
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.uint(UInt64.max).int64Value == nil)
        #expect(JSONValue.uint(UInt64.max).uint64Value == UInt64.max)
        #expect(JSONValue.int(-1).uint64Value == nil)
        #expect(JSONValue.array(["a", "b"]).stringArray == ["a", "b"])
        #expect(JSONValue.array([1, 2.5]).doubleArray == [1, 2.5])
        #expect(JSONValue.string("x").objectValue == nil)
    }

    @Test(.enabled(if: JSONCoreTests.interopEnabled))
    func prettyOutputMatchesPythonIndentTwo() throws {
        let source = #"{"zarr_format": 3, "shape": [3, 4], "attributes": {"é": "x\n", "nested": {"k": []}, "e": {}}, "fill_value": -0.0, "big": 18446744073709551615, "f": 1.5e-300}"#
        let ours = try JSONValue(parsing: source).jsonBytes(options: .init(prettyPrinted: true, trailingNewline: true))
        let theirs = try Interop.runPython(["-c", """
            import json, sys
            sys.stdout.write(json.dumps(json.loads(sys.argv[1]), indent=2, ensure_ascii=False) + "\\n")
            """, source])
        #expect(String(decoding: ours, as: UTF8.self) == theirs)
    }
}
