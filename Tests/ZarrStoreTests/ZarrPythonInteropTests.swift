import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Real interop with zarr-python 3 and xarray through the venv: stores written by either
/// side must read back identically on the other.
@Suite(.enabled(if: InteropFixtures.enabled, "needs the interop venv (zarr-python, xarray)"))
struct ZarrPythonInteropTests {
    @Test func everyDataTypeAndCodecChainWrittenByZarrPythonReadsIdentically() async throws {
        let directory = try Interop.temporaryDirectory("zarr-from-python")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.zarr").path, bins = directory.appendingPathComponent("bins")
        try Interop.runPython(["zarr_generate.py", store, bins.path])
        let storage = try FileSystemStorage(path: store, readOnly: true)
        let manifest = try InteropFixtures.manifest(bins)
        #expect(manifest.count > 190)
        for entry in manifest {
            let array = try await ZarrArray.open(storage, path: entry.path)
            #expect(array.dataType == entry.dataType && array.shape == entry.shape, "\(entry.path)")
            let expected = try InteropFixtures.bin(bins, entry.path)
            let all = try await array.readBytes()
            #expect(all == expected, "\(entry.path): full read differs")
            if entry.shape.count >= 2 {
                // An unaligned interior region crossing chunk and shard borders.
                let region = entry.shape.map { 1..<max(1, $0 - 1) }
                let part = try await array.readBytes(region: region)
                #expect(part == InteropFixtures.extract(expected, shape: entry.shape, region: region, elementSize: entry.dataType.byteCount),
                        "\(entry.path): region read differs")
            }
        }
        // The root's consolidated metadata lists every node.
        let root = try await ZarrGroup.open(storage)
        let consolidated = try #require(root.metadata.consolidatedMetadata)
        for entry in manifest { #expect(consolidated[entry.path]?["node_type"] == "array", "\(entry.path) missing from consolidated metadata") }
        #expect(root.attributes["title"] == "zarr-python generated")
    }

    @Test func everyDataTypeAndCodecChainWeWriteReadsIdenticallyInZarrPythonAndXarray() async throws {
        let directory = try Interop.temporaryDirectory("zarr-to-python")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.zarr").path, bins = directory.appendingPathComponent("bins")
        try FileManager.default.createDirectory(at: bins, withIntermediateDirectories: true)
        let storage = try FileSystemStorage(path: store, create: true)
        var root = try await ZarrGroup.create(storage, attributes: ["title": "written by ZarrStore"])
        var group = try await root.createGroup("cube", attributes: ["kind": "matrix"])
        var manifest: [(String, ZarrDataType, [Int])] = []
        var seed: UInt64 = 0
        for dataType in ZarrDataType.allCases {
            for (chain, baseDefinition) in InteropFixtures.chains(dataType) {
                seed += 1
                let name = "\(dataType.rawValue)__\(chain)"
                var definition = baseDefinition
                definition.dimensionNames = ["\(name)_y", "\(name)_x"]
                definition.attributes = ["chain": .string(chain)]
                let array = try await group.createArray(name, definition: definition)
                var values = InteropFixtures.values(dataType, count: 91, seed: seed)
                // A block equal to the fill value: that chunk must not be written.
                let fill = try definition.fillValue!.elementBytes(for: dataType)
                for y in 0..<3 { for x in 0..<5 { values.replaceSubrange(((y * 13 + x) * fill.count)..<((y * 13 + x + 1) * fill.count), with: fill) } }
                // Two region writes: the second merges into chunks the first wrote (read-modify-write).
                try await array.writeBytes(InteropFixtures.extract(values, shape: [7, 13], region: [0..<4, 0..<13], elementSize: dataType.byteCount), region: [0..<4, 0..<13])
                try await array.writeBytes(InteropFixtures.extract(values, shape: [7, 13], region: [4..<7, 0..<13], elementSize: dataType.byteCount), region: [4..<7, 0..<13])
                try Data(values).write(to: bins.appendingPathComponent("cube__\(name).bin"))
                manifest.append(("cube/\(name)", dataType, [7, 13]))
            }
        }
        // Sharding wrapped by an outer compressor (metadata given directly).
        let wrapped = ZarrArrayMetadata(shape: [7, 13], dataType: .float32, chunkShape: [6, 10], fillValue: .float(0),
                                        codecs: [.sharding(.init(chunkShape: [3, 5], codecs: [.bytes(endian: .big)], indexLocation: .end)), .gzip(level: 1)],
                                        dimensionNames: ["wy", "wx"])
        let wrappedArray = try await ZarrArray.create(storage, path: "cube/float32__shard_wrapped_gzip", metadata: wrapped)
        let wrappedValues = InteropFixtures.values(.float32, count: 91, seed: 7777)
        try await wrappedArray.writeBytes(wrappedValues)
        try Data(wrappedValues).write(to: bins.appendingPathComponent("cube__float32__shard_wrapped_gzip.bin"))
        manifest.append(("cube/float32__shard_wrapped_gzip", .float32, [7, 13]))
        // A scalar and a 3-D sharded cube with a grown time axis.
        let scalar = try await group.createArray("spatial_ref", definition: .init(dataType: .int64, shape: [], chunkShape: [], fillValue: .int(0),
                                                                                  attributes: ["crs_wkt": "PROJCS[...]"]))
        try await scalar.write([Int64(7)])
        try Data(withUnsafeBytes(of: Int64(7).littleEndian) { Array($0) }).write(to: bins.appendingPathComponent("cube__spatial_ref.bin"))
        manifest.append(("cube/spatial_ref", .int64, []))
        var cube = try await group.createArray("VV", definition: .init(dataType: .int16, shape: [1, 33, 47], chunkShape: [1, 8, 8], shardShape: [1, 16, 24],
                                                                       compressors: [.blosc(.init())], fillValue: .int(-9999),
                                                                       attributes: ["grid_mapping": "spatial_ref"], dimensionNames: ["time", "y", "x"]))
        try await cube.resize(to: [3, 33, 47])
        let cubeValues = InteropFixtures.values(.int16, count: 2 * 20 * 30, seed: 4242)
        try await cube.writeBytes(cubeValues, region: [1..<3, 5..<25, 10..<40])
        var expectedCube = RegionCopy.filled(try ZarrFillValue.int(-9999).elementBytes(for: .int16), count: 3 * 33 * 47)
        expectedCube.withUnsafeMutableBytes { dst in
            cubeValues.withUnsafeBytes { src in
                RegionCopy.copy(from: src.baseAddress!, sourceShape: [2, 20, 30], sourceOrigin: [0, 0, 0], to: dst.baseAddress!,
                                destinationShape: [3, 33, 47], destinationOrigin: [1, 5, 10], extent: [2, 20, 30], elementSize: 2)
            }
        }
        try Data(expectedCube).write(to: bins.appendingPathComponent("cube__VV.bin"))
        manifest.append(("cube/VV", .int16, [3, 33, 47]))
        try await group.consolidateMetadata()
        try await root.consolidateMetadata()
        try InteropFixtures.writeManifest(manifest, to: bins)
        let report = try Interop.runPython(["zarr_check.py", store, bins.path, "cube"])
        #expect(report.contains("\"arrays\": \(manifest.count)"))
        // No chunk that holds only the fill value was written.
        #expect(try storage.get("cube/int16__raw/c/0/0") == nil)
        #expect(try storage.get("cube/int16__raw/c/0/1") != nil)
    }
}

/// Metadata other writers produce that zarr-python reads must read the same here (the class of
/// "refused although unambiguous" defects); each variant is checked against zarr-python's values.
@Suite(.enabled(if: InteropFixtures.enabled, "needs the interop venv (zarr-python)"))
struct LenientMetadataInteropTests {
    private static func document(_ dataType: String, fill: String, codecs: String = #"[{"name":"bytes","configuration":{"endian":"little"}}]"#,
                                 keyEncoding: String = #"{"name":"default","configuration":{"separator":"/"}}"#, extra: String = "") -> String {
        #"{"zarr_format":3,"node_type":"array","shape":[5],"data_type":""# + dataType
            + #"","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[2]}},"chunk_key_encoding":"# + keyEncoding
            + #","fill_value":"# + fill + #","codecs":"# + codecs + extra + "}"
    }

    @Test func variantsZarrPythonAcceptsReadIdentically() async throws {
        let directory = try Interop.temporaryDirectory("zarr-lenient")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.zarr").path, bins = directory.appendingPathComponent("bins")
        let storage = try FileSystemStorage(path: store, create: true)
        try storage.set("zarr.json", Array(#"{"zarr_format":3,"node_type":"group"}"#.utf8))
        let variants: [String: String] = [
            "bool_fill_0": Self.document("bool", fill: "0", codecs: #"[{"name":"bytes"}]"#),      // zarrita
            "bool_fill_1": Self.document("bool", fill: "1", codecs: #"[{"name":"bytes"}]"#),
            "~tilde_name": Self.document("int16", fill: "-3"),
            "-dash_name": Self.document("int16", fill: "7"),
            "int_fill_as_float": Self.document("int32", fill: "4.0"),
            "float_fill_as_int": Self.document("float64", fill: "2"),
            "key_encoding_without_configuration": Self.document("uint8", fill: "9", codecs: #"[{"name":"bytes"}]"#, keyEncoding: #"{"name":"default"}"#),
            "codec_configuration_partial": Self.document("uint16", fill: "1", codecs: #"[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1}}]"#),
            "ignorable_extension": Self.document("int8", fill: "-1", extra: #","my_ext":{"must_understand":false}"#),
        ]
        for (name, text) in variants {
            try storage.set(name + "/zarr.json", Array(text.utf8))
        }
        // One written chunk per array (the rest shows the fill value): written by us, checked by zarr-python.
        for name in variants.keys.sorted() {
            let array = try await ZarrArray.open(storage, path: name)
            let element = array.dataType.byteCount
            try await array.writeBytes([UInt8](repeating: array.dataType == .bool ? 1 : 2, count: 2 * element), region: [2..<4])
        }
        try Interop.runPython(["zarr_dump.py", "--tree", store, bins.path])
        let manifest = try InteropFixtures.manifest(bins)
        let refused = String(decoding: try Data(contentsOf: bins.appendingPathComponent("unreadable.json")), as: UTF8.self)
        #expect(Set(manifest.map(\.path)) == Set(variants.keys), "zarr-python did not read every variant: \(refused)")
        for entry in manifest {
            let array = try await ZarrArray.open(storage, path: entry.path)
            #expect(try await array.readBytes() == InteropFixtures.bin(bins, entry.path), "\(entry.path)")
        }
        // The hierarchy lists every variant, `~` and `-` names included.
        let children = try await ZarrGroup.open(storage).children().map(\.name)
        #expect(Set(children) == Set(variants.keys))
    }
}
