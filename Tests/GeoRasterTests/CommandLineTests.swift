import Foundation
import GeoRaster
import InteropSupport
import Testing

/// `eocube raster info` and `eocube raster read` (the CLI built beside the tests) agree with rasterio.
@Suite("eocube raster CLI", .enabled(if: ReferenceFixtures.interopEnabled))
struct CommandLineTests {
    /// The `eocube` executable of the same build as the tests.
    static var executable: URL? {
        let buildDirectory = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?.deletingLastPathComponent()
            ?? Interop.packageRoot.appendingPathComponent(".build/debug")
        let url = buildDirectory.appendingPathComponent("eocube")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        let executable: URL = try #require(Self.executable, "eocube is not built (swift build --build-tests builds it)")
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "eocube \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: [("cog_sig0", 1, "100,150,333,222"), ("strips_multi_band_sep", 3, "5,6,120,90"), ("m_float64_deflate_p3", 1, "0,0,300,200")])
    func infoAndReadMatchRasterio(name: String, band: Int, window: String) throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let work = try Interop.temporaryDirectory("georaster-cli")
        defer { try? FileManager.default.removeItem(at: work) }
        let file = directory.appendingPathComponent("\(name).tif").path
        let info = try run(["raster", "info", file])
        try Data(info.utf8).write(to: work.appendingPathComponent("info.json"))
        let npy = work.appendingPathComponent("out.npy").path
        _ = try run(["raster", "read", file, "--band", String(band), "--window", window, "--npy", npy])
        let verdict = try Interop.runPython(["geotiff_cli_check.py", file, work.appendingPathComponent("info.json").path, npy, String(band), window])
        #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(verdict)")
    }
}
