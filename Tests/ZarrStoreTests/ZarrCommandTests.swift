import Foundation
import InteropSupport
import Testing
import ZarrStore

/// The `eocube zarr` commands, run as the built executable and checked with zarr-python.
/// A failed `eocube` run, with its exit status and standard error.
struct CommandFailure: Error, CustomStringConvertible {
    let status: Int32
    let stderr: String
    var description: String { "eocube exited with \(status): \(stderr)" }
}

enum EOCubeExecutable {
    /// The `eocube` binary next to the test bundle (swift build --build-tests builds it).
    static var url: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("eocube")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fallback = Interop.packageRoot.appendingPathComponent(".build/debug/eocube")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }
}

@Suite(.enabled(if: InteropFixtures.enabled && EOCubeExecutable.url != nil, "needs the interop venv and a built eocube"))
struct ZarrCommandTests {

    private func eocube(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = EOCubeExecutable.url
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure(status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func makeStore(_ path: String) async throws {
        let storage = try FileSystemStorage(path: path, create: true)
        let root = try await ZarrGroup.create(storage, attributes: ["title": "cli"])
        let a = try await root.createArray("cube/VV", definition: .init(dataType: .int16, shape: [5, 12], chunkShape: [2, 5],
                                                                        fillValue: .int(-9999), attributes: ["units": "dB"], dimensionNames: ["y", "x"]))
        try await a.write((0..<60).map { Int16($0 * 3 - 50) })
        let b = try await root.createArray("x", definition: .init(dataType: .float64, shape: [12], chunkShape: [5], fillValue: .float(.nan), dimensionNames: ["x"]))
        try await b.write((0..<12).map { 5_100_010 + 20 * Double($0) })
    }

    @Test func lsGetAndCopyProduceWhatZarrPythonReads() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("in.zarr").path
        try await makeStore(store)

        let listing = try eocube(["zarr", "ls", store])
        #expect(listing.contains("VV  int16 [5, 12]  chunks [2, 5]"), "\(listing)")
        #expect(listing.contains("x  float64 [12]"), "\(listing)")

        let npy = directory.appendingPathComponent("vv.npy").path
        _ = try eocube(["zarr", "get", store, "cube/VV", "--region", "1:4,2:11", "--npy", npy])
        #expect(try Interop.runPython(["zarr_cli_check.py", "npy", store, "cube/VV", "1:4,2:11", npy]).contains("npy ok"))

        let copy = directory.appendingPathComponent("out.zarr").path
        _ = try eocube(["zarr", "copy", store, copy, "--codec", "zstd:5", "--chunks", "2,4", "--shards", "4,8"])
        #expect(try Interop.runPython(["zarr_cli_check.py", "copy", store, copy, "Zstd"]).contains("copy ok 2"))
        let copied = try await ZarrArray.open(FileSystemStorage(path: copy), path: "cube/VV")
        #expect(copied.metadata.innerChunkShape == [2, 4] && copied.metadata.chunkShape == [4, 8])
    }

    @Test func copyReencodesEveryDataTypeAndCodecChainOfAZarrPythonStore() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-matrix")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("in.zarr").path, target = directory.appendingPathComponent("out.zarr").path
        try Interop.runPython(["zarr_generate.py", source, directory.appendingPathComponent("bins").path])
        _ = try eocube(["zarr", "copy", source, target, "--codec", "blosc:lz4:5:bitshuffle", "--chunks", "2,3", "--shards", "4,6"])
        #expect(try Interop.runPython(["zarr_cli_check.py", "copy", source, target, "Blosc"]).contains("copy ok 199"))
        // The requested bitshuffle and lz4 reach every chunk's Blosc header (checked against numcodecs).
        let report = try JSONValue.parse(Array(try Interop.runPython(["zarr_codec_bytes.py", target]).utf8), source: "report")
        #expect((report["blosc"]?.intValue ?? 0) > 1000 && (report["shard_index_crc32c"]?.intValue ?? 0) > 199, "\(report)")
    }

    @Test func copyOntoOrIntoItsSourceIsRefusedAndOverwriteReplacesTheStore() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-self")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("in.zarr").path
        try await makeStore(store)
        let before = try await ZarrArray.open(FileSystemStorage(path: store), path: "cube/VV").readBytes()
        for destination in [store, store + "/", store + "/sub", directory.path] {
            do {
                _ = try eocube(["zarr", "copy", store, destination, "--overwrite"])
                Issue.record("copy to \(destination) was not refused")
            } catch let failure as CommandFailure {
                #expect(failure.stderr.contains("refusing to copy"), "\(failure.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: store + "/sub"))
        #expect(try await ZarrArray.open(FileSystemStorage(path: store), path: "cube/VV").readBytes() == before, "the source changed")
        // --overwrite replaces the destination store: arrays only it held are gone.
        let other = directory.appendingPathComponent("other.zarr").path
        let otherStorage = try FileSystemStorage(path: other, create: true)
        let otherRoot = try await ZarrGroup.create(otherStorage)
        _ = try await otherRoot.createArray("stale", definition: .init(dataType: .uint8, shape: [3], chunkShape: [3]))
        #expect(throws: CommandFailure.self) { try eocube(["zarr", "copy", store, other]) }
        do { _ = try eocube(["zarr", "copy", store, other]) } catch let failure as CommandFailure {
            #expect(failure.stderr.contains("already holds a Zarr store"), "\(failure)")
        }
        _ = try eocube(["zarr", "copy", store, other, "--overwrite"])
        #expect(try otherStorage.get("stale/zarr.json") == nil)
        #expect(try Interop.runPython(["zarr_cli_check.py", "copy", store, other, "Zstd"]).contains("copy ok 2"))
    }

    @Test func lsListsEveryNodeAndMarksTheOnesItCannotRead() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-ls")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("mix.zarr").path
        // Unsupported nodes sorted between readable ones, at two depths.
        try Interop.runPython(["-c", """
            import sys, zarr
            g = zarr.open_group(sys.argv[1], mode="w", zarr_format=3)
            g.create_array("a_first", shape=(3,), dtype="int16")[:] = [1, 2, 3]
            g.create_array("b_strings", shape=(2,), dtype=str)[:] = ["x", "y"]
            g.create_array("c_last", shape=(2, 2), dtype="float32")[:] = 1
            d = g.create_group("d_group")
            d.create_array("a_strings", shape=(1,), dtype=str)[:] = ["z"]
            d.create_array("-dash", shape=(2,), dtype="uint8")[:] = [4, 5]
            d.create_array("~tilde", shape=(2,), dtype="uint8")[:] = [6, 7]
            """, store])
        let listing = try eocube(["zarr", "ls", store])
        for line in ["  a_first  int16 [3]", "  b_strings  array string [2]  unsupported: ", "  c_last  float32 [2, 2]", "  d_group/  group",
                     "    a_strings  array string [1]  unsupported: ", "    -dash  uint8 [2]", "    ~tilde  uint8 [2]", "2 node(s) cannot be read"] {
            #expect(listing.contains(line), "missing '\(line)' in\n\(listing)")
        }
        // A name beginning with '-' is read after '--', as the help says.
        let npy = directory.appendingPathComponent("dash.npy").path
        _ = try eocube(["zarr", "get", store, "--npy", npy, "--", "d_group/-dash"])
        #expect(try Interop.runPython(["zarr_cli_check.py", "npy", store, "d_group/-dash", "0:2", npy]).contains("npy ok"))
        #expect(try eocube(["zarr", "get", "--help"]).contains("'--'"))
    }

    @Test func getOfARegionBeyondMemoryExitsWithAMessageNotAnAbort() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-huge")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try FileSystemStorage(path: directory.path + "/huge.zarr", create: true)
        // Twice this machine's memory (below the 1 TiB a fixed limit used to allow): a valid array, no chunk written.
        let rows = Int(clamping: ProcessInfo.processInfo.physicalMemory / 4096) * 2
        _ = try await ZarrArray.create(storage, path: "a", definition: .init(dataType: .uint8, shape: [rows, 4096], chunkShape: [4096, 4096]))
        do {
            _ = try eocube(["zarr", "get", storage.root, "a", "--npy", directory.path + "/out.npy"])
            Issue.record("reading twice the machine's memory succeeded")
        } catch let failure as CommandFailure {
            #expect(failure.status == 1 && failure.stderr.contains("bytes of memory"), "\(failure)")
        }
    }

    @Test func badArgumentsFailWithAMessage() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("in.zarr").path
        try await makeStore(store)
        let cases: [([String], String)] = [
            (["zarr", "get", store, "cube/VV", "--region", "0:99,0:1", "--npy", "/dev/null"], "range 0..<99 is outside 0..<5 in dimension 0"),
            (["zarr", "get", store, "../etc", "--npy", "/dev/null"], "invalid Zarr path '../etc'"),
            (["zarr", "copy", store, store + "2", "--codec", "lzma"], "unknown codec 'lzma'"),
            (["zarr", "get", store, "cube/missing", "--npy", "/dev/null"], "no Zarr group or array at 'cube/missing'"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try eocube(arguments)
                Issue.record("\(arguments) succeeded")
            } catch let failure as CommandFailure {
                #expect(failure.status != 0 && failure.stderr.contains(message), "\(arguments): \(failure)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: store + "2"), "a refused copy created its destination")
    }
}
