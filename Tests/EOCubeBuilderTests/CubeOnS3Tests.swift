import EOCubeBuilder
import Foundation
import HTTPTransport
import InteropSupport
import Testing
import ZarrStore

/// A cube built by `eocube build`, put on S3 object by object (the SeaweedFS test service,
/// Tests/Interop/services/seaweedfs.sh), reads there as it reads locally: `CubeReader` over
/// `S3Storage`, `eocube info` and `eocube series` with an s3:// store.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["EOCUBE_S3_ENDPOINT"] != nil
                || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil, "needs the SeaweedFS test service"))
struct CubeOnS3Tests {
    private let env = ProcessInfo.processInfo.environment

    @Test func aCubeOnS3ReadsAsItReadsLocally() async throws {
        let endpoint = try #require(env["EOCUBE_S3_ENDPOINT"], "EOCUBE_S3_ENDPOINT is not set")
        let bucket = env["EOCUBE_S3_BUCKET"] ?? "eocube-test"
        let credentials = AWSCredentials(accessKeyID: env["EOCUBE_S3_ACCESS_KEY"] ?? "", secretAccessKey: env["EOCUBE_S3_SECRET_KEY"] ?? "")
        let client = S3Client(configuration: S3Configuration(endpoint: endpoint, credentials: credentials))
        let directory = try Interop.temporaryDirectory("cube-s3")
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = directory.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: local, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))

        // Every file of the store becomes one object (journals included), byte for byte.
        let url = "s3://\(bucket)/tests/cube-\(UUID().uuidString).zarr"
        let remote = try S3Storage(url: url, client: client)
        defer { try? remote.deleteEverything() }
        let files = try CubeTestSupport.files(local)
        #expect(files.count > 20)
        for (path, data) in files { try remote.set(String(path.drop { $0 == "/" }), Array(data)) }

        let localReader = try await CubeReader.open(try FileSystemStorage(path: local.path, readOnly: true), group: CubeTestSupport.group)
        let remoteReader = try await CubeReader.open(remote, group: CubeTestSupport.group)
        // A series reads every day slot's shard index, present or not (one request each on S3):
        // the sample's days, from 2025-06-01 (slot 3896), keep this quick.
        var valuesSeen = 0
        for (column, row) in [(1200, 2249), (1000, 2000), (5, 5)] {
            let expected = try await localReader.series(column: column, row: row, days: 3890..<3910)
            valuesSeen += expected.days.count
            #expect(try await remoteReader.series(column: column, row: row, days: 3890..<3910) == expected, "pixel \(column), \(row)")
        }
        #expect(valuesSeen > 0, "the sample pixels hold no data in the days read")

        let environment = ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                           "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1"]
        for arguments in [["info", "--json"], ["series", "--group", CubeTestSupport.group, "--x", "5124010", "--y", "1755010",
                                                  "--datetime", "2025-06-01/2025-06-30", "--format", "json"]] {
            let localRun = try run(arguments[0], local.path, Array(arguments.dropFirst()), environment: environment)
            let remoteRun = try run(arguments[0], url, Array(arguments.dropFirst()), environment: environment)
            #expect(localRun.status == 0 && remoteRun.status == 0, "\(remoteRun.text)")
            #expect(localRun.text.count > 100)
            #expect(remoteRun.text == localRun.text, "eocube \(arguments[0]) differs between the local and the s3:// store")
        }
    }

    /// `eocube COMMAND STORE ARGUMENTS…` with the S3 environment; standard output only.
    private func run(_ command: String, _ store: String, _ arguments: [String], environment: [String: String]) throws -> CubeTestSupport.Run {
        let process = Process(), output = Pipe()
        process.executableURL = try #require(CubeTestSupport.eocubeBinary)
        process.arguments = [command, store] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CubeTestSupport.Run(status: process.terminationStatus, output: data)
    }
}
