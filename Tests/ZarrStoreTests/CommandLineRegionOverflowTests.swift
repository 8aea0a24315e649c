import Foundation
import InteropSupport
import Testing
import ZarrStore

/// `eocube zarr get --region` with an index at `Int.max` exits with a message instead of
/// trapping on `index + 1`.
@Suite(.enabled(if: EOCubeExecutable.url != nil, "eocube is not built"))
struct CommandLineRegionOverflowTests {
    @Test func singleIndexAtIntMaxIsAValidationError() async throws {
        let directory = try Interop.temporaryDirectory("zarr-cli-region")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FileSystemStorage(path: directory.path)
        _ = try await ZarrArray.create(store, path: "a", definition: ZarrArrayDefinition(dataType: .uint8, shape: [4, 4], chunkShape: [2, 2]))
        let process = Process()
        process.executableURL = EOCubeExecutable.url
        process.arguments = ["zarr", "get", directory.path, "a", "--region", "\(Int.max),0:2",
                             "--npy", directory.appendingPathComponent("out.npy").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("\(Int.max)"))
    }
}
