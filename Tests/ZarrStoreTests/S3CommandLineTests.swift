import Foundation
import InteropSupport
import Testing
import ZarrStore

/// The `eocube` commands with `s3://` stores and inputs, run as the built executable against
/// the S3 test service, configured only through the AWS_* environment as a user would.
@Suite(.enabled(if: S3TestService.enabled && EOCubeExecutable.url != nil, "needs the SeaweedFS test service and a built eocube"))
struct S3CommandLineTests {
    /// Runs eocube with the S3 service's AWS_* environment in `directory`; returns (status, stdout, stderr).
    private func eocube(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = S3TestService.processEnvironment) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = EOCubeExecutable.url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        env.merge(environment) { $1 }
        env["HOME"] = directory?.path ?? env["HOME"]  // no ~/.aws of the machine
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errors = Data()
        let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// Every file below `root`, by relative path.
    private func files(_ root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    @Test func zarrCopyToS3AndBackIsByteIdentical() async throws {
        let directory = try Interop.temporaryDirectory("s3-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A store in our writer's own encoding (what copy writes), sharded blosc.
        let source = directory.appendingPathComponent("source.zarr")
        let storage = try FileSystemStorage(path: source.path, create: true)
        var root = try await ZarrGroup.create(storage, attributes: ["title": "s3 copy"])
        let array = try await root.createArray("cube/VV", definition: .init(
            dataType: .int16, shape: [4, 100, 120], chunkShape: [1, 25, 40], shardShape: [2, 50, 120],
            compressors: [.blosc(.init())], fillValue: .int(-9999), dimensionNames: ["time", "y", "x"]))
        try await array.write((0..<(4 * 100 * 120)).map { Int16(truncatingIfNeeded: ($0 % 977) * 31 - 9000) })
        try await root.consolidateMetadata()
        let local = directory.appendingPathComponent("local.zarr")
        #expect(try eocube(["zarr", "copy", source.path, local.path]).0 == 0)

        let remote = "s3://\(S3TestService.bucket)/tests/cli-\(UUID().uuidString).zarr"
        let remoteStorage = try S3Storage(url: remote, client: S3TestService.client())
        defer { try? remoteStorage.deleteEverything() }
        let up = try eocube(["zarr", "copy", local.path, remote])
        #expect(up.0 == 0, "\(up.2)")
        let back = directory.appendingPathComponent("back.zarr")
        let down = try eocube(["zarr", "copy", remote, back.path])
        #expect(down.0 == 0, "\(down.2)")
        let expected = try files(local)
        #expect(!expected.isEmpty)
        #expect(try files(back) == expected)
        // The objects on S3 are the local files, byte for byte.
        #expect(Set(try remoteStorage.listAllKeys()) == Set(expected.keys))
        for (key, data) in expected { #expect(try remoteStorage.get(key) == Array(data), "\(key)") }
        let listing = try eocube(["zarr", "ls", remote])
        #expect(listing.1.contains("VV  int16 [4, 100, 120]"), "\(listing.1)")

        // A second copy onto the store is refused, --overwrite replaces it.
        let again = try eocube(["zarr", "copy", local.path, remote])
        #expect(again.0 != 0 && again.2.contains("already holds a Zarr store"), "\(again.2)")
        #expect(try eocube(["zarr", "copy", local.path, remote, "--overwrite"]).0 == 0)
        #expect(Set(try remoteStorage.listAllKeys()) == Set(expected.keys))
    }

    @Test func credentialsAndEndpointComeFromAnAWSProfile() async throws {
        let home = try Interop.temporaryDirectory("s3-cli-profile")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try """
            [default]
            aws_access_key_id = wrong
            aws_secret_access_key = wrong

            [seaweed]
            aws_access_key_id = \(S3TestService.credentials.accessKeyID)
            aws_secret_access_key = \(S3TestService.credentials.secretAccessKey)
            """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
            [profile seaweed]
            region = us-east-1
            s3 =
              endpoint_url = \(S3TestService.endpoint ?? "")
              addressing_style = path
            """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let storage = try S3TestService.storage("profile")
        defer { try? storage.deleteEverything() }
        _ = try await ZarrGroup.create(storage, attributes: ["via": "profile"])
        let listing = try eocube(["zarr", "ls", storage.description], in: home, environment: ["AWS_PROFILE": "seaweed"])
        #expect(listing.0 == 0, "\(listing.2)")
        #expect(listing.1.contains("attrs: via"), "\(listing.1)")
        let missing = try eocube(["zarr", "ls", storage.description], in: home, environment: ["AWS_PROFILE": "nope"])
        #expect(missing.0 != 0 && missing.2.contains("'nope'"), "\(missing.2)")
    }

    @Test func storeAndPathArgumentsRefuseUnknownSchemes() throws {
        let directory = try Interop.temporaryDirectory("s3-cli-schemes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let runs: [[String]] = [
            ["zarr", "ls", "gs://bucket/c.zarr"],
            ["zarr", "get", "az://container/c.zarr", "a", "--npy", "out.npy"],
            ["zarr", "copy", "ftp://host/c.zarr", "out.zarr"],
            ["info", "gs://bucket/c.zarr"],
            ["series", "gs://bucket/c.zarr", "--group", "g", "--x", "1", "--y", "2"],
            ["raster", "info", "gs://bucket/a.tif"],
            ["build", "--stac", "items.json", "--tile", "EU020M_E051N015T3", "--store", "gs://bucket/c.zarr", "--group", "g"],
        ]
        for arguments in runs {
            let (status, _, stderr) = try eocube(arguments, in: directory)
            let scheme = arguments.first { $0.contains("://") }!.prefix { $0 != ":" }
            #expect(status != 0, "\(arguments) succeeded")
            #expect(stderr.contains("'\(scheme)://'"), "\(arguments): \(stderr)")
        }
        // s3:// is a store a build writes (BuildOnS3Tests), never a local directory named 's3:'
        // (here the build stops at the missing catalog).
        let build = try eocube(["build", "--stac", "items.json", "--tile", "EU020M_E051N015T3", "--store", "s3://some-bucket/c.zarr", "--group", "g"], in: directory)
        #expect(build.0 != 0 && build.2.contains("items.json"), "\(build.2)")
        let copyToURLFile = try eocube(["zarr", "copy", "gs://b/c.zarr", "s3://b/d.zarr"], in: directory)
        #expect(copyToURLFile.0 != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "a URL became a local path")
    }

    @Test func rasterCommandsReadACOGFromS3AsTheyReadItLocally() throws {
        let directory = try Interop.temporaryDirectory("s3-cli-raster")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenes = Interop.packageRoot.appendingPathComponent("Examples/sample-scene")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: scenes.path).sorted().first { $0.hasSuffix(".tif") })
        let local = scenes.appendingPathComponent(name)
        let key = "tests/raster-\(UUID().uuidString)/\(name)"
        let client = try S3TestService.client()
        try client.putObject(bucket: S3TestService.bucket, key: key, body: Array(try Data(contentsOf: local)))
        defer { try? client.deleteObject(bucket: S3TestService.bucket, key: key) }
        let url = "s3://\(S3TestService.bucket)/\(key)"

        let localInfo = try eocube(["raster", "info", local.path])
        let remoteInfo = try eocube(["raster", "info", url])
        #expect(remoteInfo.0 == 0, "\(remoteInfo.2)")
        // Everything but the location line (JSON escapes its slashes) is the same.
        let withoutLocation = { (text: String) in text.split(separator: "\n").filter { !$0.contains("\"location\"") } }
        #expect(withoutLocation(remoteInfo.1).count > 20)
        #expect(withoutLocation(remoteInfo.1) == withoutLocation(localInfo.1))
        for (label, window) in [("whole", [String]()), ("window", ["--window", "100,150,300,200"])] {
            let localNpy = directory.appendingPathComponent("\(label)-local.npy").path
            let remoteNpy = directory.appendingPathComponent("\(label)-s3.npy").path
            #expect(try eocube(["raster", "read", local.path, "--npy", localNpy] + window).0 == 0)
            let read = try eocube(["raster", "read", url, "--npy", remoteNpy] + window)
            #expect(read.0 == 0, "\(read.2)")
            let expected = try Data(contentsOf: URL(fileURLWithPath: localNpy))
            #expect(expected.count > 1000)
            #expect(try Data(contentsOf: URL(fileURLWithPath: remoteNpy)) == expected, "\(label)")
        }
        // Wrong credentials: a typed, actionable message.
        var wrong = S3TestService.processEnvironment
        wrong["AWS_SECRET_ACCESS_KEY"] = "wrong"
        let denied = try eocube(["raster", "info", url], environment: wrong)
        #expect(denied.0 != 0 && denied.2.contains("SignatureDoesNotMatch") && denied.2.contains("AWS_SECRET_ACCESS_KEY"), "\(denied.2)")
    }
}
