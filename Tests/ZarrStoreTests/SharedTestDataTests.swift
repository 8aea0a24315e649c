import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Every array in `../shared/testdata/zarr` (stores written by zarrs, zarr-java and n5-zarr, nested
/// at any depth) reads byte for byte as zarr-python reads it, or is refused with the typed error
/// its entry in ``exceptions`` names. A new failure without an entry fails the test, and so does
/// an entry that no longer matches a file.
@Suite(.enabled(if: InteropFixtures.enabled && SharedZarrTestData.root != nil, "needs the interop venv and ../shared/testdata/zarr"))
struct SharedTestDataTests {
    @Test func everyArrayReadsAsZarrPythonReadsItOrIsADocumentedRefusal() async throws {
        let root = try #require(SharedZarrTestData.root)
        let bins = try Interop.temporaryDirectory("zarr-shared")
        defer { try? FileManager.default.removeItem(at: bins) }
        try Interop.runPython(["zarr_dump.py", "--tree", root.path, bins.path])
        let dumped = Dictionary(uniqueKeysWithValues: try InteropFixtures.manifest(bins).map { ($0.path, $0) })
        let unreadable = try JSONValue.parse([UInt8](Data(contentsOf: bins.appendingPathComponent("unreadable.json"))), source: "unreadable.json")
        let nodes = SharedZarrTestData.arrayDirectories(root)
        #expect(nodes.count >= 45, "found only \(nodes.count) array nodes below \(root.path)")
        var compared = 0
        for key in nodes {
            let storage = try FileSystemStorage(path: root.path + "/" + key, readOnly: true)
            let result: Result<[UInt8], ZarrError>
            do throws(ZarrError) {
                let array = try await ZarrArray.open(storage, path: "")
                if let reference = dumped[key] {
                    #expect(array.dataType == reference.dataType && array.shape == reference.shape, "\(key): type or shape differs")
                }
                result = .success(try await array.readBytes())
            } catch {
                result = .failure(error)
            }
            if let exception = SharedZarrTestData.exceptions[key] {
                switch result {
                case .success: Issue.record("\(key) reads now; remove its exception (\(exception.why))")
                case .failure(let error):
                    guard case .unsupportedFeature(_, let feature) = error, feature.contains(exception.feature) else {
                        Issue.record("\(key): expected unsupportedFeature '\(exception.feature)', got \(error)")
                        continue
                    }
                }
                continue
            }
            guard dumped[key] != nil else {
                Issue.record("\(key): zarr-python cannot read it (\(unreadable[key]?.stringValue ?? "not dumped")) and it has no documented exception")
                continue
            }
            switch result {
            case .failure(let error): Issue.record("\(key): zarr-python reads it, ZarrStore fails: \(error)")
            case .success(let bytes):
                #expect(bytes == (try InteropFixtures.bin(bins, key)), "\(key): values differ from zarr-python's")
                compared += 1
            }
        }
        for key in SharedZarrTestData.exceptions.keys where !nodes.contains(key) {
            Issue.record("the exception for \(key) matches no array node")
        }
        print("shared zarr testdata: \(nodes.count) arrays, \(compared) identical to zarr-python, \(SharedZarrTestData.exceptions.count) documented refusals")
    }

    @Test func everyStoreOpensAndListsOrIsRefusedAsZarrV2() async throws {
        let root = try #require(SharedZarrTestData.root)
        for store in SharedZarrTestData.storeRoots(root) {
            let storage = try FileSystemStorage(path: root.path + "/" + store, readOnly: true)
            let isV2 = FileManager.default.fileExists(atPath: storage.root + "/.zgroup") || FileManager.default.fileExists(atPath: storage.root + "/.zarray")
            do {
                guard case .group(let group) = try await ZarrNode.open(storage, path: "") else { continue }
                #expect(!isV2)
                // Every group of the hierarchy lists; every child it lists opens (or is a documented refusal).
                var groups = [group]
                while let g = groups.popLast() {
                    for child in try await g.children() {
                        let path = ZarrKey.join(g.path, child.name)
                        do {
                            switch try await ZarrNode.open(storage, path: path) {
                            case .group(let sub): groups.append(sub)
                            case .array: break
                            }
                        } catch {
                            #expect(SharedZarrTestData.exceptions[store + "/" + path] != nil, "\(store)/\(path): \(error)")
                        }
                    }
                }
            } catch {
                if let exception = SharedZarrTestData.exceptions[store], case .unsupportedFeature(_, let feature) = error,
                   feature.contains(exception.feature) { continue }
                guard isV2, case .unsupportedFeature(_, let feature) = error, feature.contains("Zarr v2") else {
                    Issue.record("\(store): \(error)")
                    continue
                }
            }
        }
    }
}

/// The shared Zarr test data and the per-file exceptions (also listed in Docs/ZarrStore.md).
enum SharedZarrTestData {
    static var root: URL? {
        guard let url = Interop.sharedTestData?.appendingPathComponent("zarr"),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    /// Why an array is refused, and the `unsupportedFeature` text the refusal must carry.
    struct Exception {
        let feature: String
        let why: String
    }

    private static let v2 = Exception(feature: "Zarr v2", why: "Zarr v2 metadata (.zarray); ZarrStore reads and writes Zarr v3 only (zarr-python reads it)")
    private static let strings = Exception(feature: "data type 'string'", why: "variable-length strings (vlen-utf8) are not a fixed-size type; zarr-python reads them")
    private static let bz2 = Exception(feature: "codec 'numcodecs.bz2'", why: "bzip2 needs libbz2, which the package does not link; zarr-python reads it")
    private static let pcodec = Exception(feature: "codec 'numcodecs.pcodec'", why: "pcodec is not implemented; zarr-python cannot read it either (codec not available)")
    private static let zfpy = Exception(feature: "codec 'numcodecs.zfpy'", why: "zfp is not implemented; zarr-python cannot read it either (codec not available)")

    /// Array nodes (paths below the test data root) that are refused on purpose.
    static let exceptions: [String: Exception] = [
        "zarr-java/testdata/storage_transformer/exists": Exception(
            feature: "storage transformer 'chunk-manifest-json'", why: "storage transformers are not supported; zarr-python refuses them too"),
        "zarrs/zarrs/tests/data/v3/array_pcodec.zarr": pcodec,
        "zarrs/zarrs/tests/data/v3_zarr_python/array_pcodec.zarr": pcodec,
        "zarrs/zarrs/tests/data/v3/array_zfpy.zarr": zfpy,
        "zarrs/zarrs/tests/data/v3_zarr_python/array_zfpy.zarr": zfpy,
        "zarrs/zarrs/tests/data/v3/array_bz2.zarr": bz2,
        "zarrs/zarrs/tests/data/v3_zarr_python/array_bz2.zarr": bz2,
        "zarrs/zarrs/tests/data/v3/cities.zarr": strings,
        "zarrs/zarrs/tests/data/zarr_python_compat/cities_v3.zarr": strings,
        "zarr-java/testdata/v2_sample/bool": v2,
        "zarr-java/testdata/v2_sample/double": v2,
        "zarr-java/testdata/v2_sample/subgroup/array": v2,
        "zarrs/zarrs/tests/data/zarr_python_compat/fletcher32.zarr": v2,
        "zarrs/zarrs/tests/data/zarr_python_compat/str_v2_fv_0.zarr": v2,
        "zarrs/zarrs/tests/data/v2/array_gzip_C.zarr": v2,
        "zarrs/zarrs/tests/data/v2/array_blosc_F.zarr": v2,
    ]

    private static func metadataFiles(_ directory: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Set(names).intersection(["zarr.json", ".zarray", ".zgroup"])
    }

    /// Every directory below `root` whose `zarr.json` is an array, or that holds a `.zarray`, sorted.
    static func arrayDirectories(_ root: URL) -> [String] {
        var result: Set<String> = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let relative = walker?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let directory = (relative as NSString).deletingLastPathComponent
            // zarrs' v3 examples also carry a v2 `.zarray`: the node is v3 (zarr.json wins, as in zarr-python).
            if name == ".zarray", !FileManager.default.fileExists(atPath: root.path + "/" + directory + "/zarr.json") { result.insert(directory) }
            if name == "zarr.json", let data = FileManager.default.contents(atPath: root.path + "/" + relative),
               (try? JSONValue.parse([UInt8](data), source: relative))?["node_type"]?.stringValue == "array" {
                result.insert(directory)
            }
        }
        return result.sorted()
    }

    /// Directories holding Zarr metadata whose parent holds none: the stores' roots.
    static func storeRoots(_ root: URL) -> [String] {
        var result: Set<String> = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let relative = walker?.nextObject() as? String {
            guard ["zarr.json", ".zarray", ".zgroup"].contains((relative as NSString).lastPathComponent) else { continue }
            let directory = (relative as NSString).deletingLastPathComponent
            let parent = (directory as NSString).deletingLastPathComponent
            if metadataFiles(root.path + "/" + parent).isEmpty || parent.isEmpty && directory.isEmpty { result.insert(directory) }
        }
        return result.sorted()
    }
}
