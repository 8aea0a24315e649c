import Foundation

/// Locations and a Python runner shared by the interop tests.
///
/// Interop tests compare EOCube with the real peers (zarr-python, xarray, rasterio,
/// pystac-client). They run Python from the venv that `scripts/bootstrap.sh` makes.
public enum Interop {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared/testdata` beside the checkout, when it exists.
    public static var sharedTestData: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The venv's Python interpreter (`EOCUBE_PYTHON` overrides).
    public static var python: URL {
        if let override = ProcessInfo.processInfo.environment["EOCUBE_PYTHON"] { return URL(fileURLWithPath: override) }
        return packageRoot.appendingPathComponent(".venv/bin/python")
    }

    /// Whether the interop venv exists. The test command always creates it; a developer
    /// running `swift test` by hand without it gets the interop tests reported as skipped.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python.path) }

    /// The folder of Python helper scripts, `Tests/Interop`.
    public static var scripts: URL { packageRoot.appendingPathComponent("Tests/Interop") }

    /// A failed Python run, with its exit status and standard error.
    public struct PythonFailure: Error, CustomStringConvertible {
        public let status: Int32
        public let stderr: String
        public var description: String { "python exited with \(status):\n\(stderr)" }
    }

    /// Runs a Python script (a file name under `Tests/Interop`, or inline code with `-c`)
    /// and returns its standard output. Throws ``PythonFailure`` on a non-zero exit.
    @discardableResult
    public static func runPython(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.currentDirectoryURL = scripts
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child cannot fill one and block.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw PythonFailure(status: process.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// A fresh temporary directory, removed by the caller when done.
    public static func temporaryDirectory(_ prefix: String = "eocube-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
