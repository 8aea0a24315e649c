import Foundation
import InteropSupport
import Testing

@testable import ZarrStore

/// A key whose last segment is as long as the file system allows (255 bytes) can be written:
/// the temporary sibling used for the atomic write must not exceed NAME_MAX itself.
struct LongKeyNameWriteTests {
    @Test(arguments: [200, 201, 240, 255])
    func keyWithANameOfMaximalLengthIsWrittenAtomically(length: Int) throws {
        let directory = try Interop.temporaryDirectory("zarr-long-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FileSystemStorage(path: directory.path)
        let key = "group/" + String(repeating: "n", count: length)
        try store.set(key, [1, 2, 3])
        #expect(try store.get(key) == [1, 2, 3])
        // Nothing else (no temporary file) is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/group") == [String(repeating: "n", count: length)])
    }
}
