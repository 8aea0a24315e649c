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

/// Recorded responses of public STAC APIs and catalogs in `../shared/testdata/stac` (when that
/// folder exists; the tests are skipped otherwise): every document parses as the STAC object it
/// claims to be and survives a round trip unchanged.
@Suite("Recorded STAC responses", .enabled(if: recordedSTACDirectory != nil))
struct RecordedResponseTests {
    static var directory: URL? { recordedSTACDirectory }

    static var files: [URL] {
        guard let dir = directory,
              let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { ["json", "geojson"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    @Test func everyRecordedDocumentParsesAndRoundTrips() async throws {
        let files = Self.files
        #expect(!files.isEmpty, "no .json files under \(Self.directory?.path ?? "-")")
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let original = try JSONValue(parsing: bytes)
            // API responses that are not STAC documents (e.g. /conformance) are skipped.
            guard original["type"] != nil || original["features"] != nil else { continue }
            let object = try await STACClient().read(file.path)
            let json: JSONValue
            switch object {
            case .catalog(let c): json = c.json
            case .collection(let c): json = c.json
            case .item(let i): json = i.json
            case .itemCollection(let ic): json = ic.json
            }
            #expect(json == original, "\(file.path)")
        }
    }
}
