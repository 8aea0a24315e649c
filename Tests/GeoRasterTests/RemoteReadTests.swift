import Foundation
import GeoRaster
import InteropSupport
import Testing

/// The loopback nginx started by `Tests/Interop/services/nginx.sh`.
enum TestHTTPServer {
    static var root: URL? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_ROOT"].map { URL(fileURLWithPath: $0) } }
    static var url: String? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_URL"] }
    static var accessLog: String? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_ACCESS_LOG"] }
    /// Runs when nginx is up, or when interop is required (then a missing server fails loudly).
    static var enabled: Bool {
        ReferenceFixtures.interopEnabled && (url != nil || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil)
    }

    struct NotRunning: Error, CustomStringConvertible {
        var description: String { "EOCUBE_HTTP_ROOT / EOCUBE_HTTP_URL are not set: source Tests/Interop/services/nginx.sh" }
    }

    /// Copies files into a fresh folder under the server root; returns that folder's URL.
    static func publish(_ files: [URL]) throws -> String {
        guard let root, let url else { throw NotRunning() }
        let folder = "georaster-\(UUID().uuidString)"
        let target = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in files { try FileManager.default.copyItem(at: file, to: target.appendingPathComponent(file.lastPathComponent)) }
        return "\(url)/\(folder)"
    }

    /// Removes a folder made by ``publish(_:)``.
    static func unpublish(_ base: String) {
        guard let root, let folder = base.split(separator: "/").last else { return }
        try? FileManager.default.removeItem(at: root.appendingPathComponent(String(folder)))
    }

    /// Requests nginx logged for URIs containing `fragment` (log format of nginx.conf.template).
    static func requests(containing fragment: String) throws -> [(status: Int, bytes: Int)] {
        guard accessLog != nil else { throw NotRunning() }
        let text = AccessLog.settledText()
        return text.split(separator: "\n").filter { $0.contains(fragment) }.compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 5, let status = Int(fields[3]), let bytes = Int(fields[4]) else { return nil }
            return (status, bytes)
        }
    }
}

/// COGs and GeoTIFFs read over HTTP range requests equal the local (rasterio) reads.
@Suite("Remote GeoTIFF reads", .enabled(if: TestHTTPServer.enabled), .timeLimit(.minutes(3)))
struct RemoteReadTests {
    @Test func remoteReadsEqualRasterioReadsForTheWholeMatrix() throws {
        let (directory, names) = try ReferenceFixtures.matrix.get()
        let base = try TestHTTPServer.publish(names.map { directory.appendingPathComponent("\($0).tif") })
        defer { TestHTTPServer.unpublish(base) }
        for name in names {
            let raster = try RasterDataset.openBlocking("\(base)/\(name).tif")
            #expect(raster.isRemote)
            try checkAgainstRasterio(raster, referenceBase: directory.appendingPathComponent(name), name: name, label: "remote")
        }
    }

    @Test func windowReadMakesNoMoreRequestsThanGDAL() throws {
        let work = try Interop.temporaryDirectory("georaster-remote")
        try Interop.runPython(["geotiff_make.py", work.path, "--noise-cog", "noise", "2048"])
        let base = try TestHTTPServer.publish([work.appendingPathComponent("noise.tif")])
        defer { TestHTTPServer.unpublish(base); try? FileManager.default.removeItem(at: work) }
        // Only requests for the file itself count (GDAL also probes for .aux.xml/.msk sidecars).
        let fileURI = "\"/\(base.split(separator: "/").last!)/noise.tif\""
        // A window across 3 x 3 tiles, not aligned to them.
        let window = PixelWindow(x: 600, y: 530, width: 600, height: 500)
        let raster = try RasterDataset.openBlocking("\(base)/noise.tif")
        let ours = try raster.readBlocking(band: 1, window: window, as: Int16.self)
        let ourRequests = try TestHTTPServer.requests(containing: fileURI)
        // GDAL through /vsicurl/ (rasterio), the same window, counted the same way.
        let script = """
        import rasterio, sys, numpy as np
        from rasterio.windows import Window
        with rasterio.open(sys.argv[1]) as s:
            a = s.read(1, window=Window(600, 530, 600, 500))
        sys.stdout.write(str(int(a.astype('int64').sum())))
        """
        let theirSum = try Interop.runPython(["-c", script, "\(base)/noise.tif"])
        let allRequests = try TestHTTPServer.requests(containing: fileURI)
        let gdalRequests = allRequests.count - ourRequests.count
        #expect(String(ours.reduce(Int64(0)) { $0 + Int64($1) }) == theirSum)
        #expect(ourRequests.allSatisfy { $0.status == 206 })
        #expect(ourRequests.count <= gdalRequests, "GeoRaster made \(ourRequests.count) requests, GDAL \(gdalRequests)")
        // And it did not download the file: less than half of it.
        let size = try FileManager.default.attributesOfItem(atPath: work.appendingPathComponent("noise.tif").path)[.size] as! Int
        #expect(ourRequests.reduce(0) { $0 + $1.bytes } < size / 2)
    }

    @Test func concurrentRemoteReadsEqualLocalReads() async throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let file = directory.appendingPathComponent("cog_sig0.tif")
        let base = try TestHTTPServer.publish([file])
        defer { TestHTTPServer.unpublish(base) }
        var options = RasterOpenOptions()
        options.cacheCapacity = 1 << 20 // small, so eviction runs while tasks read
        let remote = try await RasterDataset.open("\(base)/cog_sig0.tif", options: options)
        let local = try await RasterDataset.open(file.path)
        let windows = (0..<16).map { i in PixelWindow(x: (i * 41) % 400, y: (i * 29) % 300, width: 150 + i * 9, height: 120 + i * 7) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for window in windows {
                group.addTask {
                    let a: [Int16] = try await remote.read(band: 1, window: window)
                    let b: [Int16] = try await local.read(band: 1, window: window)
                    return a == b
                }
            }
            for try await same in group { #expect(same) }
        }
    }

    @Test func missingAndForbiddenObjectsAreHTTPStatusErrors() throws {
        guard let url = TestHTTPServer.url else { throw TestHTTPServer.NotRunning() }
        for (path, code) in [("/no-such-file-\(UUID().uuidString).tif", 404), ("/_status/404/x.tif", 404), ("/_status/403/x.tif", 403)] {
            #expect(throws: GeoRasterError.httpStatus(url: url + path, code: code)) { _ = try RasterDataset.openBlocking(url + path) }
        }
    }

    @Test func serverErrorsAreRetriedThenTypedErrors() throws {
        guard let url = TestHTTPServer.url else { throw TestHTTPServer.NotRunning() }
        let path = "/_status/503/\(UUID().uuidString).tif"
        #expect(throws: GeoRasterError.httpStatus(url: url + path, code: 503)) { _ = try RasterDataset.openBlocking(url + path) }
        #expect(try TestHTTPServer.requests(containing: path).count >= 2, "503 was not retried")
    }

    @Test func smallCacheStillReadsCorrectlyWithoutRefetchingMuch() throws {
        let work = try Interop.temporaryDirectory("georaster-cache")
        try Interop.runPython(["geotiff_make.py", work.path, "--noise-cog", "noise", "1536"])
        let base = try TestHTTPServer.publish([work.appendingPathComponent("noise.tif")])
        defer { TestHTTPServer.unpublish(base); try? FileManager.default.removeItem(at: work) }
        let fileURI = "\"/\(base.split(separator: "/").last!)/noise.tif\""
        var options = RasterOpenOptions()
        options.cacheCapacity = 1 << 20
        let raster = try RasterDataset.openBlocking("\(base)/noise.tif", options: options)
        try checkAgainstRasterio(raster, referenceBase: work.appendingPathComponent("noise"), name: "noise", label: "1 MiB cache")
        let size = try FileManager.default.attributesOfItem(atPath: work.appendingPathComponent("noise.tif").path)[.size] as! Int
        let fetched = try TestHTTPServer.requests(containing: fileURI).reduce(0) { $0 + $1.bytes }
        // Full band + window + valid-data box read the data about three times over; a cache
        // that thrashed would fetch far more.
        #expect(fetched < size * 4, "fetched \(fetched) bytes of a \(size)-byte file")
    }

    @Test func connectionDroppedMidBodyIsATypedError() throws {
        let work = try Interop.temporaryDirectory("georaster-drop")
        try Interop.runPython(["geotiff_make.py", work.path, "--noise-cog", "noise", "1024"])
        let server = try LoopbackServer(executable: Interop.python, arguments: [
            Interop.scripts.appendingPathComponent("geotiff_dropping_server.py").path,
            work.appendingPathComponent("noise.tif").path, "--drop-after", "1",
        ])
        defer { withExtendedLifetime(server) {} }
        let raster = try RasterDataset.openBlocking("\(server.baseURL)/noise.tif")
        #expect {
            _ = try raster.readBlocking(band: 1, as: Int16.self)
        } throws: { error in
            guard case .readFailed(let location, _) = error as? GeoRasterError else { return false }
            return location.hasSuffix("/noise.tif")
        }
    }
}
