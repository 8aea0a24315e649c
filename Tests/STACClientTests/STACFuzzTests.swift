import Foundation
import InteropSupport
import Testing
@testable import STACClient
#if canImport(Glibc)
import Glibc
#endif

/// Mutated STAC JSON (seeded, bounded in time): the readers never crash or hang, stay within a memory
/// limit, and every document they accept is written back exactly as the parser saw it.
@Suite("STAC fuzzing")
struct STACFuzzTests {
    /// Seconds to fuzz (`EOCUBE_FUZZ_SECONDS`, default 15).
    static var seconds: Double { ProcessInfo.processInfo.environment["EOCUBE_FUZZ_SECONDS"].flatMap(Double.init) ?? 15 }
    /// The seed (`EOCUBE_FUZZ_SEED`, default fixed so runs are reproducible).
    static var seed: UInt64 { ProcessInfo.processInfo.environment["EOCUBE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_206 }
    /// One input taking longer than this is a hang.
    static let hangLimit: Duration = .seconds(2)
    /// The process's peak resident memory must stay below this (the whole test process, other suites included).
    static let peakRSSLimitMiB = 2048

    /// Real documents (../shared/testdata/stac when present) and the built-in ones.
    static func seeds() throws -> [[UInt8]] {
        var out = STACLosslessTests.documents.map { Array($0.json.utf8) }
        for file in RecordedResponseTests.files { out.append(Array(try Data(contentsOf: file))) }
        return out
    }

    static let interestingTexts: [String] = [
        "1e400", "-1e400", "1e-400", "-0", "0.10000000000000001", "123456789012345678901234567890", "18446744073709551616",
        "9223372036854775807", "-9223372036854775809", "NaN", "Infinity", "null", "true", "\"\"", "[]", "{}", "\"\\ud800\"",
        "\"\\u0000\"", "\"..\\\\..\\\\x.json\"", "\"2021-02-30\"", "\"2021-02-28T23:59:60Z\"", "\"9999-12-31T23:59:59.999999999999Z\"",
        "{\"href\":5}", "{\"rel\":\"self\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "\"Feature\"", "\"Collection\"", "\"Catalog\"", "\"FeatureCollection\"",
    ]
    static let interestingBytes: [UInt8] = Array("{}[],:\"\\-0123456789.eE nulltrufase".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xF5, 0xFF]

    /// One mutation of `input`: bit flip, byte insert/delete, truncation, splice with another seed,
    /// range duplication, or an interesting value put in place of a token.
    static func mutate(_ input: [UInt8], other: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            guard !bytes.isEmpty else { bytes = other; continue }
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: bytes[i] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes.insert(interestingBytes.randomElement(using: &rng)!, at: i)
            case 2: bytes.remove(at: i)
            case 3: bytes.removeSubrange(i...)
            case 4:
                let j = Int.random(in: 0..<max(other.count, 1), using: &rng)
                bytes = Array(bytes[..<i]) + Array(other.dropFirst(j))
            case 5:
                let end = min(bytes.count, i + Int.random(in: 1...64, using: &rng))
                bytes.insert(contentsOf: bytes[i..<end], at: end)
            default:
                // Replace the token (number, string or literal) starting near i with an interesting value.
                var start = i
                while start < bytes.count, !"\"-0123456789tfn[{".utf8.contains(bytes[start]) { start += 1 }
                guard start < bytes.count else { continue }
                var end = start + 1
                if bytes[start] == UInt8(ascii: "\"") {
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                    end = min(end + 1, bytes.count)
                } else {
                    while end < bytes.count, !",]}: \n".utf8.contains(bytes[end]) { end += 1 }
                }
                bytes.replaceSubrange(start..<end, with: Array(interestingTexts.randomElement(using: &rng)!.utf8))
            }
        }
        return bytes
    }

    /// Reads `bytes` every way a user can and checks the lossless promise on what is accepted.
    static func exercise(_ bytes: [UInt8]) -> String? {
        let parsed: JSONValue
        do { parsed = try JSONValue(parsing: bytes, options: .exact) } catch { _ = error.description; return nil }
        let object: STACObject
        do { object = try STACObject(json: parsed) } catch {
            guard error.description.utf8.count < 4000 else { return "error message of \(error.description.utf8.count) bytes" }
            return nil
        }
        let written = object.json.jsonBytes()
        guard written == parsed.jsonBytes() else { return "accepted document changed in a round trip" }
        switch object {
        case .item(let item):
            _ = (item.timeRange, item.boundingBox, item.absoluteAssetHrefs, item.projShape, item.projEPSG, item.links.first(rel: "self"))
        case .collection(let c): _ = (c.spatialExtent, c.temporalExtent, c.assets.count)
        case .catalog(let c): _ = c.links.all(rel: "child").map { HrefResolver.resolve($0.href, against: "/a/b/catalog.json") }
        case .itemCollection(let ic): _ = ic.features.map { $0.timeRange }
        }
        // The search-parameter text parsers get a slice of the same bytes.
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        _ = try? STACSearch.boundingBox(parsing: text)
        _ = try? STACDatetimeFilter(parsing: text)
        return nil
    }

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024  // KiB on Linux
    }

    @Test func mutatedDocumentsNeverCrashHangOrChangeWhenAccepted() throws {
        let seeds = try Self.seeds()
        let seed = Self.seed
        print("fuzz STACClient: seed \(seed) (EOCUBE_FUZZ_SEED), \(Self.seconds) s (EOCUBE_FUZZ_SECONDS), \(seeds.count) seed documents")
        var rng = SeededGenerator(seed: seed)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(Self.seconds * 1000))
        var count = 0, hangs = 0, accepted = 0
        while clock.now < deadline {
            let base = seeds.randomElement(using: &rng)!, other = seeds.randomElement(using: &rng)!
            let input = Self.mutate(base, other: other, &rng)
            let started = clock.now
            let problem = Self.exercise(input)
            let took = clock.now - started
            if took > Self.hangLimit {
                hangs += 1
                Issue.record("fuzz hang: input \(count) of seed \(seed) took \(took)")
            }
            if let problem {
                Issue.record("fuzz input \(count) of seed \(seed): \(problem): \(String(decoding: input.prefix(300), as: UTF8.self))")
            }
            if (try? STACObject(json: JSONValue(parsing: input, options: .exact))) != nil { accepted += 1 }
            count += 1
        }
        let peak = Self.peakRSSMiB()
        #expect(peak < Self.peakRSSLimitMiB, "peak RSS \(peak) MiB")
        #expect(count > 100, "only \(count) inputs in \(Self.seconds) s")
        print("fuzz STACClient: \(count) inputs (\(accepted) accepted), 0 crashes, \(hangs) hangs, peak RSS \(peak) MiB")
    }
}
