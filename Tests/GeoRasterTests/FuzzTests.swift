import Foundation
import InteropSupport
import Logging
import Testing

@testable import GeoRaster

/// Mutated TIFFs (bit flips, byte inserts and deletes, truncations, splices of two files,
/// interesting integers written into the header and directories) opened and read in memory:
/// every input must give pixels or a typed ``GeoRasterError``, within ``hangSeconds``, with the
/// process's peak RSS under ``peakRSSLimitMiB``.
///
/// `EOCUBE_FUZZ_SECONDS` sets the duration (default 15), `EOCUBE_FUZZ_SEED` the seed (printed).
/// Seeds are the small files of `../shared/testdata/geotiff` and of the GDAL-written reference
/// matrix when present, plus TIFFs built here.
@Suite("Fuzzing the TIFF reader")
struct FuzzTests {
    static let hangSeconds = 2.0
    static let peakRSSLimitMiB = 1536
    /// Options that bound what one input may allocate (the default 1 GiB per allocation would let
    /// a few inputs dominate the run's memory).
    static let options = RasterOpenOptions(concurrency: 1, cacheCapacity: 4 << 20, maxSingleAllocation: 64 << 20, maxReadBytes: 64 << 20)

    @Test func mutatedTIFFsGiveTypedErrorsWithinTime() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["EOCUBE_FUZZ_SECONDS"].flatMap(Double.init) ?? 15
        let seed = environment["EOCUBE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_7175
        print("fuzz GeoRaster: seed \(seed) (EOCUBE_FUZZ_SEED), \(seconds) s (EOCUBE_FUZZ_SECONDS)")
        let corpus = Self.corpus()
        #expect(corpus.count >= 3)
        var random = SeededGenerator(seed: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var inputs = 0, typedErrors = 0, reads = 0
        while Date() < deadline {
            let input = Self.mutate(corpus, &random)
            switch Self.run(input) {
            case .finished(let failed):
                if failed { typedErrors += 1 } else { reads += 1 }
            case .otherError(let error):
                Issue.record("fuzz seed \(seed) input \(inputs): non-GeoRasterError \(error)")
            case .hang:
                // The stuck thread cannot be stopped; fail naming the input and stop fuzzing.
                Issue.record("fuzz seed \(seed) input \(inputs): took over \(Self.hangSeconds) s (hang); rerun with EOCUBE_FUZZ_SEED=\(seed)")
                return
            }
            inputs += 1
        }
        let peak = Self.peakRSSMiB()
        #expect(inputs > 100, "only \(inputs) inputs ran in \(seconds) s")
        #expect(peak < Self.peakRSSLimitMiB, "peak RSS \(peak) MiB over the \(Self.peakRSSLimitMiB) MiB limit")
        print("fuzz GeoRaster: \(inputs) inputs (\(reads) read, \(typedErrors) typed errors), 0 crashes, 0 hangs, peak RSS \(peak) MiB")
    }

    // MARK: Running one input

    enum Outcome {
        case finished(failed: Bool)
        case otherError(any Error)
        case hang
    }

    /// Opens `bytes` and reads a bounded window of every band (and of the first overview) and
    /// the valid-data box, on a worker thread with a time limit.
    static func run(_ bytes: [UInt8]) -> Outcome {
        final class Box: @unchecked Sendable { var outcome: Outcome = .hang }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let raster = try RasterDataset(source: MemorySource(bytes), options: options, logger: Logger(label: "fuzz"))
                for band in 1...min(raster.bandCount, 4) {
                    try read(raster, band: band, overview: nil)
                }
                if !raster.overviews.isEmpty { try read(raster, band: 1, overview: 0) }
                _ = try raster.validDataBoundingBoxBlocking(band: 1)
                box.outcome = .finished(failed: false)
            } catch is GeoRasterError {
                box.outcome = .finished(failed: true)
            } catch {
                box.outcome = .otherError(error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return done.wait(timeout: .now() + hangSeconds) == .success ? box.outcome : .hang
    }

    static func read(_ raster: RasterDataset, band: Int, overview: Int?) throws {
        let level = raster.levels[overview.map { $0 + 1 } ?? 0]
        let window = PixelWindow(x: 0, y: 0, width: min(level.width, 512), height: min(level.height, 512))
        var buffer = [UInt8](repeating: 0, count: window.pixelCount * raster.dataType.byteCount)
        try buffer.withUnsafeMutableBytes { try raster.readBlocking(band: band, window: window, overview: overview, into: $0) }
    }

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024 // kilobytes on Linux
    }

    // MARK: Inputs

    /// Seed files: a few built here, the shared test data's TIFFs up to 64 KiB (every codec and
    /// layout they hold) and small matrix files.
    static func corpus() -> [[UInt8]] {
        var files: [[UInt8]] = [
            BadInputTests.tiff([(256, 3, 16), (257, 3, 16), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 200),
                                (277, 3, 1), (278, 3, 16), (279, 4, 256)], trailing: 512),
            BadInputTests.tiff([(256, 3, 32), (257, 3, 32), (258, 3, 16), (259, 3, 1), (262, 3, 1), (277, 3, 1),
                                (322, 3, 16), (323, 3, 16), (324, 4, 300), (325, 4, 512), (339, 3, 2)], trailing: 1024),
            BadInputTests.tiff([(256, 3, 8), (257, 3, 8), (258, 3, 32), (259, 3, 1), (262, 3, 1), (273, 4, 200),
                                (277, 3, 1), (278, 3, 8), (279, 4, 256), (339, 3, 3)], trailing: 512),
        ]
        if let root = Interop.sharedTestData?.appendingPathComponent("geotiff"),
           let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey]) {
            var shared: [(String, [UInt8])] = []
            for case let url as URL in walker where url.pathExtension.lowercased().hasPrefix("tif") {
                guard let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize, size <= 64 << 10,
                      let data = try? Data(contentsOf: url) else { continue }
                shared.append((url.path, [UInt8](data)))
            }
            files += shared.sorted { $0.0 < $1.0 }.map(\.1)
        }
        // With the interop venv: GDAL-written files of every codec (LERC, ZSTD, LZMA, WEBP),
        // overviews, masks and BigTIFF from the reference matrix, up to 96 KiB.
        if ReferenceFixtures.interopEnabled, let (directory, names) = try? ReferenceFixtures.matrix.get() {
            for name in names {
                guard let data = try? Data(contentsOf: directory.appendingPathComponent("\(name).tif")), data.count <= 96 << 10 else { continue }
                files.append([UInt8](data))
            }
        }
        return files
    }

    static let interestingIntegers: [UInt32] = [0, 1, 2, 3, 7, 8, 16, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
                                                0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    /// One mutation (sometimes two) of a random seed file.
    static func mutate(_ corpus: [[UInt8]], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = corpus[random.next(below: corpus.count)]
        for _ in 0...random.next(below: 2) {
            guard !bytes.isEmpty else { break }
            // Most structure (header, IFDs, tag arrays) sits early in these small files.
            let position = random.next(below: 2) == 0 ? random.next(below: min(bytes.count, 1024)) : random.next(below: bytes.count)
            switch random.next(below: 7) {
            case 0: // bit flips
                for _ in 0...random.next(below: 8) {
                    let at = random.next(below: bytes.count)
                    bytes[at] ^= UInt8(1 << random.next(below: 8))
                }
            case 1: // insert bytes
                bytes.insert(contentsOf: (0..<(1 + random.next(below: 16))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
            case 2: // delete bytes
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.next(below: 16)))
            case 3: // truncate
                bytes.removeSubrange(position...)
            case 4: // splice: this file's head, another's tail
                let other = corpus[random.next(below: corpus.count)]
                bytes = Array(bytes.prefix(position)) + other.suffix(from: min(other.count, position))
            case 5, 6: // an interesting integer as 16 or 32 bits, either byte order
                let value = interestingIntegers[random.next(below: interestingIntegers.count)]
                let width = random.next(below: 2) == 0 ? 2 : 4
                let bigEndian = random.next(below: 2) == 0
                for k in 0..<width where position + k < bytes.count {
                    let shift = bigEndian ? (width - 1 - k) * 8 : k * 8
                    bytes[position + k] = UInt8(truncatingIfNeeded: value >> shift)
                }
            default:
                break
            }
        }
        return bytes
    }
}

/// A TIFF held in memory.
final class MemorySource: ByteSource, @unchecked Sendable {
    let bytes: [UInt8]
    let location = "fuzz-input.tif"
    var size: UInt64 { UInt64(bytes.count) }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int {
        guard offset < size else { return 0 }
        let start = Int(offset), count = min(buffer.count, bytes.count - start)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: count) }
        return count
    }
}
