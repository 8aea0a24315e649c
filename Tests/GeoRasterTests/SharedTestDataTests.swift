import Foundation
import GeoRaster
import InteropSupport
import Testing

/// Every file under `../shared/testdata/geotiff` (rasterio's and image-tiff's test images,
/// including image-tiff's fuzzer-found crash inputs), walked recursively: what GDAL reads,
/// GeoRaster reads identically; what GDAL cannot read gives a clean typed error; each file GDAL
/// reads that GeoRaster refuses on purpose is listed in ``deliberateRefusals`` with the reason
/// (and in Docs/GeoRaster.md). No file may crash the process or take longer than
/// ``perFileSeconds``.
@Suite("Shared test data", .enabled(if: ReferenceFixtures.interopEnabled))
struct SharedTestDataTests {
    static var root: URL? { Interop.sharedTestData?.appendingPathComponent("geotiff") }

    /// Longest a file may take to open and read all its bands (debug build, shared machine).
    static let perFileSeconds = 10.0

    /// Files GDAL reads that GeoRaster refuses with ``GeoRasterError/unsupported(location:reason:)``,
    /// by path under `geotiff/`, with why. Opening or reading them must throw exactly that, its
    /// message containing the reason given here.
    static let deliberateRefusals: [String: String] = [
        // 64-bit integers: RasterDataType has no UInt64/Int64 (the cube's Zarr types stop at 32 bits).
        "image-tiff/gradient-1c-64b.tiff": "64-bit integer samples",
    ]

    /// Files GDAL reads that Debian 12's libtiff 4.5 refuses as damaged, so GeoRaster reports
    /// ``GeoRasterError/invalidFile(location:reason:)`` (GDAL's wheel bundles a newer libtiff).
    static let libtiffRefusals: [String: String] = [
        // A fuzzed StripOffsets entry of a type libtiff 4.5 rejects ("Incompatible type for StripOffsets").
        "image-tiff/fuzz_images/oom_crash/id000058_sig06_src000361_ophavoc_rep4.tif": "StripOffsets of an incompatible type",
    ]

    /// The reference reads of the whole tree, made once (one Python process for all files).
    static let references: Result<(URL, [(path: String, name: String)]), any Error> = Result {
        guard let root else { return (URL(fileURLWithPath: "/nonexistent"), []) }
        let directory = try Interop.temporaryDirectory("georaster-shared")
        let output = try Interop.runPython(["geotiff_make.py", directory.path, "--reference-tree", root.path])
        let lastLine = output.split(separator: "\n").last.map(String.init) ?? "[]"
        let pairs = try JSONDecoder().decode([[String]].self, from: Data(lastLine.utf8))
        return (directory, pairs.map { (path: $0[0], name: $0[1]) })
    }

    /// What GeoRaster did with one file: the error it threw, if any (open or read of any band).
    enum Outcome {
        case read(RasterDataset)
        case failed(GeoRasterError)
        case otherError(any Error)
        case timedOut
    }

    /// Opens `path` and reads every band on a separate thread, giving up after ``perFileSeconds``
    /// (a hang leaves the thread behind and fails the test; it must not stall the suite).
    static func openAndReadAll(_ path: String) -> Outcome {
        final class Box: @unchecked Sendable { var outcome: Outcome = .timedOut }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let raster = try RasterDataset.openBlocking(path, options: RasterOpenOptions(concurrency: 2))
                for band in 1...raster.bandCount { try raster.readAll(band: band) }
                box.outcome = .read(raster)
            } catch let error as GeoRasterError {
                box.outcome = .failed(error)
            } catch {
                box.outcome = .otherError(error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return done.wait(timeout: .now() + perFileSeconds) == .success ? box.outcome : .timedOut
    }

    @Test(.enabled(if: root != nil, "../shared/testdata/geotiff is not present"))
    func everySharedFileMatchesRasterioOrFailsCleanly() throws {
        let (directory, files) = try Self.references.get()
        // The tree holds 200-odd files; a walk that finds few means the walk is broken.
        #expect(files.count >= 200, "found only \(files.count) files under \(Self.root?.path ?? "")")
        var refusalsSeen: Set<String> = []
        var gdalRefused = 0, matched = 0
        for (path, name) in files {
            let file = Self.root!.appendingPathComponent(path).path
            let base = directory.appendingPathComponent(name)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json"))) as? [String: Any]
            let outcome = Self.openAndReadAll(file)
            if case .timedOut = outcome {
                Issue.record("\(path): open and read took over \(Self.perFileSeconds) s (hang)")
                continue
            }
            if case .otherError(let error) = outcome {
                Issue.record("\(path): threw a non-GeoRasterError \(error)")
                continue
            }
            if let gdalError = json?["gdal_error"] as? String {
                // GDAL cannot read it: a clean error about the file, never data.
                gdalRefused += 1
                switch outcome {
                case .failed(let error):
                    #expect(Self.isAboutTheFile(error), "\(path): GDAL fails (\(gdalError)); GeoRaster threw \(error)")
                default:
                    Issue.record("\(path): GDAL fails (\(gdalError)) but GeoRaster read it")
                }
                continue
            }
            if let reason = Self.deliberateRefusals[path] {
                refusalsSeen.insert(path)
                guard case .failed(let error) = outcome, case .unsupported = error else {
                    Issue.record("\(path): expected an `unsupported` error (\(reason)), got \(outcome)")
                    continue
                }
                // The message names the reason (a codec as GDAL names it).
                #expect(error.description.contains(reason), "\(path): \(error) does not say \(reason)")
                continue
            }
            if let reason = Self.libtiffRefusals[path] {
                refusalsSeen.insert(path)
                guard case .failed(let error) = outcome, case .invalidFile = error else {
                    Issue.record("\(path): expected an `invalidFile` error from libtiff (\(reason)), got \(outcome)")
                    continue
                }
                continue
            }
            switch outcome {
            case .read(let raster):
                try checkAgainstRasterio(raster, referenceBase: base, name: name, label: path)
                matched += 1
            case .failed(let error):
                Issue.record("\(path): GDAL reads it, GeoRaster threw \(error) (not in deliberateRefusals)")
            default:
                break
            }
        }
        // A stale entry (the file is gone or GDAL stopped reading it) must be noticed.
        let stale = Set(Self.deliberateRefusals.keys).union(Self.libtiffRefusals.keys).subtracting(refusalsSeen)
        #expect(stale.isEmpty, "deliberateRefusals lists files that were not found or that GDAL cannot read: \(stale.sorted())")
        print("shared geotiff data: \(files.count) files, \(matched) match rasterio, \(refusalsSeen.count) refused on purpose, \(gdalRefused) refused by GDAL and by GeoRaster")
    }

    /// Errors that describe the file, as opposed to the caller's request.
    static func isAboutTheFile(_ error: GeoRasterError) -> Bool {
        switch error {
        case .notATIFF, .invalidFile, .unsupported, .tooLarge, .decodeFailed: true
        default: false
        }
    }
}

extension RasterDataset {
    /// Reads a whole band whatever its type, in windows of at most 64 MiB (a damaged header may
    /// claim any size; the walk must not allocate by it).
    fileprivate func readAll(band: Int) throws {
        let rowBytes = width * dataType.byteCount
        let rowsPerWindow = max(1, (64 << 20) / max(1, rowBytes))
        var buffer = [UInt8](repeating: 0, count: min(height, rowsPerWindow) * rowBytes)
        var y = 0
        while y < height {
            let rows = min(rowsPerWindow, height - y)
            try buffer.withUnsafeMutableBytes {
                try readBlocking(band: band, window: PixelWindow(x: 0, y: y, width: width, height: rows), into: $0)
            }
            y += rows
        }
    }
}
