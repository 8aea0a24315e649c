import Foundation
import InteropSupport
import Testing

/// `eocube raster read` and `eocube stac` given absurd numbers exit with a message, never trap
/// (overflowing window sizes, overview indices, timeouts) or allocate what the user asked blindly.
@Suite(.enabled(if: CommandLineTests.executable != nil, "eocube is not built"))
struct CommandLineHostileArgumentTests {
    struct Outcome {
        var crashed: Bool
        var status: Int32
        var stderr: String
    }

    func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(crashed: process.terminationReason == .uncaughtSignal, status: process.terminationStatus,
                       stderr: String(decoding: data, as: UTF8.self))
    }

    /// A valid 4 × 4 uint8 single-strip TIFF (the strip is the 64 trailing bytes).
    func smallTIFF() throws -> String {
        try BadInputTests.write(BadInputTests.tiff([
            (256, 3, 4), (257, 3, 4), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 1), (278, 3, 4), (279, 4, 16),
        ]), name: "small.tif")
    }

    @Test func windowWhosePixelCountOverflowsIsRefused() throws {
        let npy = try Interop.temporaryDirectory("cli-hostile").appendingPathComponent("out.npy").path
        let outcome = try run(["raster", "read", try smallTIFF(), "--window", "0,0,\(Int.max),2", "--npy", npy])
        #expect(!outcome.crashed)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("window"))
        #expect(!FileManager.default.fileExists(atPath: npy))
    }

    @Test func overviewIndexAtIntMaxIsRefused() throws {
        let npy = try Interop.temporaryDirectory("cli-hostile").appendingPathComponent("out.npy").path
        let outcome = try run(["raster", "read", try smallTIFF(), "--overview", "\(Int.max)", "--npy", npy])
        #expect(!outcome.crashed)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("overview"))
    }

    @Test func aValidWindowStillReads() throws {
        let npy = try Interop.temporaryDirectory("cli-hostile").appendingPathComponent("out.npy").path
        let outcome = try run(["raster", "read", try smallTIFF(), "--window", "1,1,2,3", "--npy", npy])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: npy)))
        // 128-byte .npy header, then 2 × 3 pixels of the strip (all 7).
        #expect(file.count == 128 + 6)
        #expect(file.suffix(6) == [7, 7, 7, 7, 7, 7])
    }

    @Test(arguments: ["1e300", "nan", "-5"])
    func unusableTimeoutIsAValidationError(timeout: String) throws {
        let outcome = try run(["stac", "search", "/nonexistent/catalog.json", "--timeout", timeout])
        #expect(!outcome.crashed)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--timeout"))
    }
}
