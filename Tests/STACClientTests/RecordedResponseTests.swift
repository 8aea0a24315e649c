import Foundation
import InteropSupport
import Testing
import STACClient

/// `../shared/testdata/stac` (or `$EOCUBE_STAC_RECORDED_DIR`), when present.
private var recordedSTACDirectory: URL? {
    if let override = ProcessInfo.processInfo.environment["EOCUBE_STAC_RECORDED_DIR"] { return URL(fileURLWithPath: override) }
    guard let shared = Interop.sharedTestData else { return nil }
    let dir = shared.appendingPathComponent("stac")
    return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
}

/// Real STAC documents other projects wrote, in `../shared/testdata/stac` (when that folder exists;
/// the tests are skipped otherwise): every document is read as a STAC object, written back member for
/// member and digit for digit, and read as pystac reads it.
@Suite("Recorded STAC documents", .enabled(if: recordedSTACDirectory != nil))
struct RecordedResponseTests {
    static var directory: URL? { recordedSTACDirectory }

    static var files: [URL] {
        guard let dir = directory,
              let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { ["json", "geojson"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    /// The path of `file` relative to the corpus folder, as the pystac reference names it.
    static func relativePath(_ file: URL) -> String {
        guard let dir = directory else { return file.path }
        let base = dir.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Documents where what we read differs from what pystac reports, and why. Each entry must
    /// still differ (a stale entry fails the test), and Docs/STACClient.md lists the same files.
    static let pystacExceptions: [String: String] = {
        let windows = "pystac rewrites the Windows separators of relative hrefs ('.\\sub\\x.json') to '/' when reading; "
            + "we keep each href as written (so the document round-trips) and read '\\' as '/' only when resolving it"
        return [
            "pystac/tests/data-files/windows_hrefs/catalog.json": windows,
            "pystac/tests/data-files/windows_hrefs/test-collection/collection.json": windows,
            "pystac/tests/data-files/windows_hrefs/test-collection/test-item/test-item.json": windows,
        ]
    }()

    @Test func everyRecordedDocumentRoundTripsMemberForMemberAndDigitForDigit() async throws {
        let files = Self.files
        #expect(files.count >= 500, "expected the 516 documents of \(Self.directory?.path ?? "-")")
        var otherText: [String] = []
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let original = try JSONValue(parsing: bytes, options: .exact)
            let object: STACObject
            do { object = try await STACClient().read(file.path) } catch {
                Issue.record("\(Self.relativePath(file)): \(error)")
                continue
            }
            let ours = object.json.jsonBytes()
            // Same members in the same order, same number text, same strings.
            #expect(ours == original.jsonBytes(), "\(Self.relativePath(file)) changed in a round trip")
            if ours != Self.withoutWhitespace(bytes) { otherText.append(Self.relativePath(file)) }
        }
        // The rest differ only in how strings are escaped (`\u00e9` is written as `é`) or repeat a member
        // name (kept once, at its first place with its last value, as Python's json reads it).
        print("recorded STAC: \(files.count) documents round-trip; \(files.count - otherText.count) byte-identical to their "
              + "source minus whitespace; escaped differently: \(otherText.joined(separator: ", "))")
    }

    @Test(.enabled(if: STACTestSupport.interopEnabled))
    func everyRecordedDocumentReadsAsPystacReadsIt() async throws {
        let dir = try #require(Self.directory)
        let reference = try STACTestSupport.pythonJSON(["stac_pystac_reference.py", dir.path])
        let seen = try #require(reference.objectValue)
        let files = Self.files
        #expect(seen.count == files.count, "pystac saw \(seen.count) documents, we walk \(files.count)")
        var differing: Set<String> = []
        for file in files {
            let path = Self.relativePath(file)
            let expected = try #require(seen[path], "pystac did not report \(path)")
            let ours: JSONValue
            do { ours = Self.summary(try await STACClient().read(file.path)) } catch {
                ours = ["error": .string("\(error)")]
            }
            guard Self.agrees(ours, expected) else {
                differing.insert(path)
                if Self.pystacExceptions[path] == nil {
                    Issue.record("\(path): we read \(ours.jsonString()), pystac read \(expected.jsonString())")
                }
                continue
            }
        }
        for path in Self.pystacExceptions.keys where !differing.contains(path) {
            Issue.record("\(path) is listed as an exception but now reads as pystac reads it: remove it (and from Docs/STACClient.md)")
        }
    }

    /// Whether our summary matches pystac's: both read the document, or both refused it.
    static func agrees(_ ours: JSONValue, _ pystac: JSONValue) -> Bool {
        if pystac["error"] != nil || ours["error"] != nil { return (pystac["error"] != nil) == (ours["error"] != nil) }
        return ours == pystac
    }

    /// What pystac's reference script reports for a document (see Tests/Interop/stac_pystac_reference.py).
    static func summary(_ object: STACObject) -> JSONValue {
        // pystac replaces `self` by the file's location; the round-trip test checks self links.
        func links(_ links: [STACLink]) -> JSONValue {
            .array(links.filter { $0.rel != "self" }.map { [.string($0.rel), .string($0.href)] })
        }
        func assets(_ assets: STACAssets) -> JSONValue { .array(assets.map { [.string($0.key), .string($0.value.href)] }) }
        switch object {
        case .catalog(let c): return ["type": "Catalog", "id": .string(c.id), "links": links(c.links), "assets": []]
        case .collection(let c): return ["type": "Collection", "id": .string(c.id), "links": links(c.links), "assets": assets(c.assets)]
        case .item(let i): return ["type": "Feature", "id": .string(i.id), "links": links(i.links), "assets": assets(i.assets)]
        case .itemCollection(let ic): return ["type": "FeatureCollection", "features": .array(ic.features.map { .string($0.id) })]
        }
    }

    /// `bytes` without the whitespace between JSON tokens.
    static func withoutWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false, escaped = false
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        for b in bytes[start...] {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            case UInt8(ascii: "\""): inString = true; out.append(b)
            default: out.append(b)
            }
        }
        return out
    }
}

extension STACObject {
    /// The object's JSON, whatever its kind.
    var json: JSONValue {
        switch self {
        case .catalog(let c): return c.json
        case .collection(let c): return c.json
        case .item(let i): return i.json
        case .itemCollection(let ic): return ic.json
        }
    }
}
