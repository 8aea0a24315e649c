import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// A seeded, time-bounded fuzzer over the parsers and decoders: mutated `zarr.json` documents
/// (byte-level and JSON-aware) and mutated chunks and shards of real stores, opened, listed and
/// read (and partly rewritten) through the public API. Every input must end in a result or a
/// `ZarrError`: no crash, no hang (> 2 s for one input), peak RSS under ``rssLimitMiB``.
///
/// `EOCUBE_FUZZ_SECONDS` (default 15) bounds the run, `EOCUBE_FUZZ_SEED` picks the sequence
/// (default fixed, printed), `EOCUBE_FUZZ_VERBOSE=1` prints every input's index before it runs
/// (to find the input that crashed the process).
@Suite(.serialized)
struct FuzzTests {
    static let rssLimitMiB = 2048
    static let hangSeconds = 2.0

    /// One array of a seed store: its path, its `zarr.json` and its chunk files (keys relative to the array).
    struct Seed {
        var metadata: [UInt8]
        var chunks: [(String, [UInt8])]
    }

    @Test func mutatedMetadataAndChunksNeverCrashHangOrExhaustMemory() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["EOCUBE_FUZZ_SECONDS"].flatMap(Double.init) ?? 15
        let seed = environment["EOCUBE_FUZZ_SEED"].flatMap { UInt64($0, radix: 16) ?? UInt64($0) } ?? 0x5EED_2A44
        let verbose = environment["EOCUBE_FUZZ_VERBOSE"] == "1"
        print("fuzz ZarrStore: seed \(String(seed, radix: 16)) (EOCUBE_FUZZ_SEED), \(seconds) s")
        let corpus = try await Self.corpus()
        #expect(corpus.count >= 40, "only \(corpus.count) seed arrays")
        var random = SeededGenerator(seed: seed)
        let watchdog = Watchdog(seed: seed, limit: 10 * Self.hangSeconds)
        watchdog.start()
        defer { watchdog.stop() }
        let deadline = Date().addingTimeInterval(seconds)
        var inputs = 0, hangs = 0, opened = 0, read = 0
        while Date() < deadline {
            let index = inputs
            var input = corpus[random.next(below: corpus.count)]
            Self.mutate(&input, corpus: corpus, random: &random)
            if verbose { print("fuzz input \(index)") }
            watchdog.begin(index)
            let started = Date()
            let outcome = await Self.run(input)
            let elapsed = Date().timeIntervalSince(started)
            watchdog.end()
            if outcome.opened { opened += 1 }
            if outcome.read { read += 1 }
            if elapsed > Self.hangSeconds {
                hangs += 1
                Issue.record("fuzz input \(index) of seed \(String(seed, radix: 16)) took \(elapsed) s (hang)")
            }
            inputs += 1
        }
        let peak = Self.peakRSSMiB()
        print("fuzz ZarrStore: \(inputs) inputs, 0 crashes, \(hangs) hangs, peak RSS \(peak) MiB (\(opened) opened, \(read) read)")
        #expect(peak < Self.rssLimitMiB, "peak RSS \(peak) MiB exceeds \(Self.rssLimitMiB) MiB (seed \(String(seed, radix: 16)))")
        #expect(inputs > 100, "only \(inputs) inputs ran")
        #expect(opened > inputs / 20, "too few inputs got past parsing (\(opened) of \(inputs)): the mutations are too coarse")
    }

    // MARK: - Running one input

    /// Opens the mutated array (and its parent group), lists, reads and rewrites a little of it.
    static func run(_ input: Seed) async -> (opened: Bool, read: Bool) {
        let storage = MemoryStorage()
        do {
            try storage.set("zarr.json", Array(#"{"zarr_format":3,"node_type":"group","attributes":{}}"#.utf8))
            try storage.set("a/zarr.json", input.metadata)
            for (key, bytes) in input.chunks { try storage.set("a/" + key, bytes) }
        } catch { return (false, false) }
        var opened = false, didRead = false
        do {
            let root = try await ZarrGroup.open(storage)
            _ = try? await root.children()
            switch try await ZarrNode.open(storage, path: "a") {
            case .group(var group):
                opened = true
                _ = try? await group.children()
                _ = try? await group.consolidateMetadata()
            case .array(let array):
                opened = true
                // Regions bounded so one input stays small: the whole array when it is, else a corner.
                let total = array.shape.reduce(array.dataType.byteCount) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
                guard array.pipeline.chunkByteCount <= 32 << 20 else { return (opened, false) }
                let region = total <= 4 << 20 ? array.fullRegion : array.shape.map { 0..<min($0, 16) }
                let bytes = try await array.readBytes(region: region)
                didRead = true
                if !bytes.isEmpty, region.allSatisfy({ $0.count > 0 }) {
                    // A read-modify-write of the first element merges into the (mutated) stored chunk.
                    let first = region.map { $0.lowerBound..<($0.lowerBound + 1) }
                    try await array.writeBytes(Array(bytes.prefix(array.dataType.byteCount)), region: first)
                    _ = try await array.readBytes(region: first)
                }
            }
        } catch {
            // Any ZarrError is a fine outcome; the typed throws make anything else impossible.
        }
        return (opened, didRead)
    }

    // MARK: - Corpus

    /// Seed arrays: every codec chain of the interop matrix for a few types, sharded, nested and
    /// checksummed layouts, and the small arrays of ../shared/testdata/zarr.
    static func corpus() async throws -> [Seed] {
        let storage = MemoryStorage()
        _ = try await ZarrGroup.create(storage, attributes: ["title": "fuzz corpus"])
        var paths: [String] = []
        var n: UInt64 = 0
        for dataType in [ZarrDataType.bool, .uint8, .int16, .float32, .complex64] {
            for (chain, definition) in InteropFixtures.chains(dataType) {
                n += 1
                let path = "\(dataType.rawValue)_\(chain)"
                let array = try await ZarrArray.create(storage, path: path, definition: definition)
                try await array.writeBytes(InteropFixtures.values(dataType, count: 91, seed: n))
                paths.append(path)
            }
        }
        let extra: [(String, ZarrArrayMetadata)] = [
            ("nested", ZarrArrayMetadata(shape: [8, 12], dataType: .float32, chunkShape: [8, 12], fillValue: .float(.nan), codecs: [
                .sharding(.init(chunkShape: [4, 6], codecs: [.sharding(.init(chunkShape: [2, 3], codecs: [.bytes(endian: .little), .gzip(level: 1)]))])),
            ])),
            ("wrapped", ZarrArrayMetadata(shape: [7, 13], dataType: .int32, chunkShape: [6, 10], fillValue: .int(1),
                                          codecs: [.sharding(.init(chunkShape: [3, 5], codecs: [.bytes(endian: .big)], indexLocation: .start)), .zstd(level: 1, checksum: true)])),
            ("zlib_fletcher", ZarrArrayMetadata(shape: [40], dataType: .uint16, chunkShape: [16], fillValue: .uint(3),
                                                codecs: [.bytes(endian: .little), .zlib(level: 5), .fletcher32])),
            ("scalar", ZarrArrayMetadata(shape: [], dataType: .float64, chunkShape: [], fillValue: .float(2), codecs: [.bytes(endian: .little), .crc32c])),
        ]
        for (path, metadata) in extra {
            let array = try await ZarrArray.create(storage, path: path, metadata: metadata)
            try await array.writeBytes(InteropFixtures.values(metadata.dataType, count: metadata.shape.reduce(1, *), seed: 99))
            paths.append(path)
        }
        var root = try await ZarrGroup.open(storage)
        try await root.consolidateMetadata()
        var seeds: [Seed] = []
        for path in paths {
            let chunks = storage.allKeys.filter { $0.hasPrefix(path + "/") && !$0.hasSuffix("zarr.json") }
            seeds.append(Seed(metadata: try storage.get(path + "/zarr.json") ?? [],
                              chunks: try chunks.map { ($0.dropFirst(path.count + 1).description, try storage.get($0) ?? []) }))
        }
        // A group document with consolidated metadata, as an "array" whose zarr.json is a group.
        seeds.append(Seed(metadata: try storage.get("zarr.json") ?? [], chunks: []))
        // Real files other writers produced (small ones only).
        if let shared = SharedZarrTestData.root {
            for key in SharedZarrTestData.arrayDirectories(shared) {
                let directory = shared.path + "/" + key
                guard let metadata = FileManager.default.contents(atPath: directory + "/zarr.json") else { continue }
                var chunks: [(String, [UInt8])] = [], size = 0
                let walker = FileManager.default.enumerator(atPath: directory)
                while let relative = walker?.nextObject() as? String, size < 256 << 10 {
                    var isDirectory: ObjCBool = false
                    guard !relative.hasSuffix("zarr.json"), !relative.contains("/."), !relative.hasPrefix("."),
                          FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
                          let bytes = FileManager.default.contents(atPath: directory + "/" + relative) else { continue }
                    chunks.append((relative, [UInt8](bytes)))
                    size += bytes.count
                }
                if size < 256 << 10 { seeds.append(Seed(metadata: [UInt8](metadata), chunks: chunks)) }
            }
        }
        return seeds
    }

    // MARK: - Mutations

    static let interestingIntegers: [Int64] = [0, 1, -1, 2, 7, 8, 16, 127, 128, 255, 256, 4095, 65535, 65536,
                                               Int64(Int32.max), Int64(Int32.max) + 1, Int64(UInt32.max), Int64(UInt32.max) + 1,
                                               1 << 40, Int64.max, Int64.min, Int64.max - 1]
    static let interestingJSON = ["0", "-1", "1", "2", "3", "1e308", "-0", "0.5", "4294967296", "9223372036854775807",
                                  "18446744073709551615", "99999999999999999999", "1e-400", "null", "true", "[]", "{}", "\"\"",
                                  "\"sharding_indexed\"", "\"bytes\"", "\"blosc\"", "\"zstd\"", "\"gzip\"", "\"transpose\"", "\"crc32c\"",
                                  "\"big\"", "\"start\"", "\"v2\"", "\".\"", "\"float16\"", "\"bool\"", "\"complex128\"", "\"NaN\"",
                                  "\"0x7fc00000\"", "\"bitshuffle\"", "[0]", "[1,1,1]", "[4294967296]", "[0,0]", "\"numcodecs.zlib\""]

    /// One to four mutations of the metadata or of one chunk.
    static func mutate(_ input: inout Seed, corpus: [Seed], random: inout SeededGenerator) {
        for _ in 0...random.next(below: 3) {
            if input.chunks.isEmpty || random.next(below: 3) == 0 {
                if random.next(below: 2) == 0 { mutateJSON(&input.metadata, random: &random) } else { mutateBytes(&input.metadata, corpus: corpus, random: &random) }
            } else {
                let i = random.next(below: input.chunks.count)
                mutateBytes(&input.chunks[i].1, corpus: corpus, random: &random)
            }
        }
    }

    /// Replaces one JSON token (number, string, literal, or a short bracketed value) with an interesting one.
    static func mutateJSON(_ bytes: inout [UInt8], random: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        let tokenStarts = bytes.indices.filter { i in
            let c = bytes[i]
            let previous = i > 0 ? bytes[i - 1] : UInt8(ascii: " ")
            return (c == UInt8(ascii: "\"") && (previous == UInt8(ascii: ":") || previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: " ")))
                || ((c == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(previous) && previous != UInt8(ascii: "-") && previous != UInt8(ascii: "."))
                || c == UInt8(ascii: "[")
        }
        guard let start = tokenStarts.isEmpty ? nil : tokenStarts[random.next(below: tokenStarts.count)] else { return }
        var end = start + 1
        switch bytes[start] {
        case UInt8(ascii: "\""):
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
            end = min(end + 1, bytes.count)
        case UInt8(ascii: "["):
            var depth = 1
            while end < bytes.count && depth > 0 {
                if bytes[end] == UInt8(ascii: "[") { depth += 1 } else if bytes[end] == UInt8(ascii: "]") { depth -= 1 }
                end += 1
            }
        default:
            while end < bytes.count, "0123456789.eE+-".utf8.contains(bytes[end]) { end += 1 }
        }
        let replacement = interestingJSON[random.next(below: interestingJSON.count)]
        bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
    }

    /// Bit flips, byte insertions and deletions, truncation, splices from other seeds, and
    /// interesting integers (1/2/4/8 bytes little endian) over length and offset fields.
    static func mutateBytes(_ bytes: inout [UInt8], corpus: [Seed], random: inout SeededGenerator) {
        switch random.next(below: 7) {
        case 0 where !bytes.isEmpty:
            bytes[random.next(below: bytes.count)] ^= UInt8(1) << UInt8(random.next(below: 8))
        case 1:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.next(below: bytes.count + 1))
        case 2 where !bytes.isEmpty:
            let start = random.next(below: bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.next(below: 16)))
        case 3:
            bytes.removeSubrange(random.next(below: bytes.count + 1)...)
        case 4:
            let other = corpus[random.next(below: corpus.count)]
            let donor = other.chunks.isEmpty || random.next(below: 2) == 0 ? other.metadata : other.chunks[random.next(below: other.chunks.count)].1
            guard !donor.isEmpty else { return }
            let from = random.next(below: donor.count), length = 1 + random.next(below: min(64, donor.count - from))
            let at = random.next(below: bytes.count + 1)
            bytes.replaceSubrange(at..<min(bytes.count, at + length), with: donor[from..<(from + length)])
        default:
            let width = [1, 2, 4, 8][random.next(below: 4)]
            guard bytes.count >= width else { return }
            // Shard indexes sit at either end; length fields near the start: favour the edges.
            let at: Int
            switch random.next(below: 3) {
            case 0: at = random.next(below: min(32, bytes.count - width + 1))
            case 1: at = bytes.count - width - random.next(below: min(32, bytes.count - width + 1))
            default: at = random.next(below: bytes.count - width + 1)
            }
            let value = UInt64(bitPattern: interestingIntegers[random.next(below: interestingIntegers.count)])
            for b in 0..<width { bytes[at + b] = UInt8(truncatingIfNeeded: value >> UInt64(8 * b)) }
        }
    }

    // MARK: - Support

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024  // kilobytes on Linux
    }

    /// Ends the process with the seed and input index when one input runs far past the hang
    /// limit (a real hang would otherwise stall the whole test run without saying where).
    final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var current: (index: Int, started: Date)?
        private var running = true
        private let seed: UInt64
        private let limit: Double

        init(seed: UInt64, limit: Double) {
            self.seed = seed
            self.limit = limit
        }

        func start() {
            let thread = Thread { [self] in
                while lock.withLock({ running }) {
                    if let current = lock.withLock({ self.current }), Date().timeIntervalSince(current.started) > limit {
                        FileHandle.standardError.write(Data("fuzz ZarrStore: input \(current.index) of seed \(String(seed, radix: 16)) hangs (> \(limit) s)\n".utf8))
                        exit(70)
                    }
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            thread.start()
        }

        func begin(_ index: Int) { lock.withLock { current = (index, Date()) } }
        func end() { lock.withLock { current = nil } }
        func stop() { lock.withLock { running = false } }
    }
}
