import Foundation
import InteropSupport
import Testing
@testable import EOCubeBuilder

@Suite struct MergeTests {
    private func plane(_ values: [Int16]) -> BandPlane {
        BandPlane(type: .int16, nodata: -9999, bytes: values.withUnsafeBytes { Array($0) })
    }
    private func values(_ plane: BandPlane) -> [Int16] {
        plane.bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }
    private let n: Int16 = -9999

    @Test func firstAcquisitionWithAnyValidBandOwnsThePixel() {
        let window = CubeWindow(row: 10, column: 20, height: 1, width: 4)
        var block = CubeBlock(window: window, bandTypes: [(.int16, -9999), (.int16, -9999)])
        // A: VV valid at 0,1; VH valid only at 0 (VH missing where VV valid at 1).
        let a = AcquisitionPatch(itemID: "a", window: window, bands: [plane([1, 2, n, n]), plane([11, n, n, n])],
                                 sensingSeconds: 100, absoluteOrbit: 7, relativeOrbit: 3)
        // B: valid everywhere, but A already owns 0 and 1.
        let b = AcquisitionPatch(itemID: "b", window: window, bands: [plane([5, 6, 7, n]), plane([15, 16, 17, 18])],
                                 sensingSeconds: 200, absoluteOrbit: nil, relativeOrbit: 4)
        #expect(block.merge(a) == 2)
        #expect(block.merge(b) == 2)
        #expect(values(block.bands[0]) == [1, 2, 7, n])
        #expect(values(block.bands[1]) == [11, n, 17, 18]) // the owner's missing VH stays fill
        #expect(block.sensingDate == [100, 100, 200, 200])
        #expect(block.absoluteOrbit == [7, 7, -9999, -9999])
        #expect(block.relativeOrbit == [3, 3, 4, 4])
        // Merging again changes nothing (idempotent, fill-only).
        let before = (block.bands.map(\.bytes), block.sensingDate)
        #expect(block.merge(a) == 0 && block.merge(b) == 0)
        #expect(block.bands.map(\.bytes) == before.0 && block.sensingDate == before.1)
    }

    @Test func patchesOffsetFromTheBlockAndMissingBandsWork() {
        let window = CubeWindow(row: 0, column: 0, height: 3, width: 3)
        var block = CubeBlock(window: window, bandTypes: [(.int16, -9999), (.int16, -9999)])
        // 2×2 patch at the lower-right corner hanging over the block edge, VH missing entirely.
        let patchWindow = CubeWindow(row: 2, column: 2, height: 2, width: 2)
        let patch = AcquisitionPatch(itemID: "p", window: patchWindow, bands: [plane([9, 8, 7, 6]), nil],
                                     sensingSeconds: 5, absoluteOrbit: 1, relativeOrbit: 1)
        #expect(block.merge(patch) == 1)
        #expect(values(block.bands[0]) == [n, n, n, n, n, n, n, n, 9])
        #expect(values(block.bands[1]) == Array(repeating: n, count: 9))
        #expect(block.sensingDate[8] == 5 && block.sensingDate[0] == -9999)
    }

    @Test func unownedBoundsShrinkToThePixelsStillFree() {
        let window = CubeWindow(row: 100, column: 200, height: 4, width: 5)
        var block = CubeBlock(window: window, bandTypes: [(.int16, -9999)])
        #expect(block.unownedBounds(within: window) == window)
        // Own everything except (row 101, column 202) and (row 102, column 203).
        let all = [Int16](repeating: 1, count: 20)
        var pattern = all
        pattern[1 * 5 + 2] = n
        pattern[2 * 5 + 3] = n
        #expect(block.merge(AcquisitionPatch(itemID: "a", window: window, bands: [plane(pattern)], sensingSeconds: 1,
                                             absoluteOrbit: 1, relativeOrbit: 1)) == 18)
        #expect(block.unownedBounds(within: window) == CubeWindow(row: 101, column: 202, height: 2, width: 2))
        // Asked about a region partly outside the block: only the block's part counts.
        #expect(block.unownedBounds(within: CubeWindow(row: 102, column: 203, height: 10, width: 10))
                == CubeWindow(row: 102, column: 203, height: 1, width: 1))
        #expect(block.unownedBounds(within: CubeWindow(row: 100, column: 200, height: 1, width: 5)) == nil)
        #expect(block.unownedBounds(within: CubeWindow(row: 0, column: 0, height: 10, width: 10)) == nil)
        // Once all is owned, nothing is left to read.
        #expect(block.merge(AcquisitionPatch(itemID: "b", window: window, bands: [plane(all)], sensingSeconds: 2,
                                             absoluteOrbit: 2, relativeOrbit: 2)) == 2)
        #expect(block.unownedBounds(within: window) == nil)
    }

    @Test func blocksReadFromTheStoreKnowWhichRowsAreStillFree() {
        // 3 × 3 block read back: only (row 2, column 1) is unowned.
        let window = CubeWindow(row: 50, column: 60, height: 3, width: 3)
        var sensing = [Int64](repeating: 7, count: 9)
        sensing[7] = -9999
        var block = CubeBlock(window: window, bands: [plane([Int16](repeating: 1, count: 9))], sensingDate: sensing,
                              absoluteOrbit: [Int32](repeating: 1, count: 9), relativeOrbit: [Int16](repeating: 1, count: 9))
        #expect(block.unownedBounds(within: window) == CubeWindow(row: 52, column: 61, height: 1, width: 1))
        // A full patch takes exactly that pixel, after which nothing is free.
        #expect(block.merge(AcquisitionPatch(itemID: "x", window: window, bands: [plane([Int16](repeating: 5, count: 9))],
                                             sensingSeconds: 9, absoluteOrbit: 2, relativeOrbit: 2)) == 1)
        #expect(block.sensingDate[7] == 9 && block.sensingDate[8] == 7)
        #expect(block.unownedBounds(within: window) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func chunksReportedSingleValuedAreExactlyThoseWhoseMetadataIs(seed: UInt64) {
        // A 7 × 9 block at an odd place on a grid of 2 × 4 chunks: edge chunks are cut.
        let window = CubeWindow(row: 3, column: 5, height: 7, width: 9)
        var block = CubeBlock(window: window, bandTypes: [(.int16, -9999)], chunkShape: [2, 4])
        var random = SeededGenerator(seed: seed)
        for acquisition in 0..<3 {
            // Patches over random sub-windows with mostly valid pixels; two share a stamp.
            let row = window.row + Int(random.next() % 3), column = window.column + Int(random.next() % 4)
            let patchWindow = CubeWindow(row: row, column: column, height: window.endRow - row, width: window.endColumn - column)
            let values = (0..<patchWindow.pixelCount).map { _ in random.next() % 5 == 0 ? n : Int16(acquisition) }
            block.merge(AcquisitionPatch(itemID: "\(acquisition)", window: patchWindow, bands: [plane(values)],
                                         sensingSeconds: Int64(min(acquisition, 1) * 100), absoluteOrbit: 7, relativeOrbit: 1))
        }
        // Brute force: every chunk part whose three metadata values are the same everywhere.
        let sensing = block.sensingDate, absolute = block.absoluteOrbit, relative = block.relativeOrbit
        var expected: [CubeWindow] = []
        for chunkRow in (window.row / 2)...((window.endRow - 1) / 2) {
            for chunkColumn in (window.column / 4)...((window.endColumn - 1) / 4) {
                let top = max(window.row, chunkRow * 2), bottom = min(window.endRow, chunkRow * 2 + 2)
                let left = max(window.column, chunkColumn * 4), right = min(window.endColumn, chunkColumn * 4 + 4)
                var triples = Set<[Int64]>()
                for y in top..<bottom { for x in left..<right {
                    let i = (y - window.row) * window.width + (x - window.column)
                    triples.insert([sensing[i], Int64(absolute[i]), Int64(relative[i])])
                } }
                if triples.count == 1 { expected.append(CubeWindow(row: top, column: left, height: bottom - top, width: right - left)) }
            }
        }
        let reported = block.uniformMetadataChunks
        #expect(reported.map(\.window) == expected)
        for chunk in reported {
            let i = (chunk.window.row - window.row) * window.width + (chunk.window.column - window.column)
            #expect(sensing[i] == (chunk.stamp ?? .unowned).sensingSeconds)
        }
        #expect(!reported.isEmpty && reported.count < 12, "the case should mix uniform and mixed chunks")
        // Built for writing, the arrays match everywhere outside the whole single-valued chunks.
        let skipped = reported.filter(\.isWhole)
        let partial = block.metadata(\.absoluteOrbit, skipping: skipped)
        for y in window.row..<window.endRow { for x in window.column..<window.endColumn
            where !skipped.contains(where: { $0.window.row <= y && y < $0.window.endRow && $0.window.column <= x && x < $0.window.endColumn }) {
            let i = (y - window.row) * window.width + (x - window.column)
            #expect(partial[i] == absolute[i])
        } }
        #expect(skipped.allSatisfy { $0.window.height == 2 && $0.window.width == 4 })
    }

    @Test func aFirstPatchCoveringTheBlockLeavesExactlyItsValuesUnlessItsNodataDiffers() {
        let window = CubeWindow(row: 0, column: 0, height: 1, width: 4)
        var block = CubeBlock(window: window, bandTypes: [(.int16, -9999), (.int16, -9999)])
        #expect(block.merge(AcquisitionPatch(itemID: "a", window: window, bands: [plane([1, n, 3, n]), plane([n, n, 7, 8])],
                                             sensingSeconds: 1, absoluteOrbit: 1, relativeOrbit: 1)) == 3)
        #expect(values(block.bands[0]) == [1, n, 3, n] && values(block.bands[1]) == [n, n, 7, 8])
        #expect(block.sensingDate == [1, -9999, 1, 1])
        // A later patch only fills what is free (pixel 1), whatever it holds elsewhere.
        #expect(block.merge(AcquisitionPatch(itemID: "b", window: window, bands: [plane([9, 9, 9, 9]), plane([9, 9, 9, 9])],
                                             sensingSeconds: 2, absoluteOrbit: 2, relativeOrbit: 2)) == 1)
        #expect(values(block.bands[0]) == [1, 9, 3, n] && values(block.bands[1]) == [n, 9, 7, 8])
        // A patch whose nodata differs from the cube's leaves the cube's fill where it takes nothing.
        var other = CubeBlock(window: window, bandTypes: [(.int16, -9999)])
        let foreign = BandPlane(type: .int16, nodata: -1, bytes: [Int16](arrayLiteral: -1, 4, -1, 5).withUnsafeBytes { Array($0) })
        #expect(other.merge(AcquisitionPatch(itemID: "c", window: window, bands: [foreign], sensingSeconds: 3,
                                             absoluteOrbit: nil, relativeOrbit: nil)) == 2)
        #expect(values(other.bands[0]) == [n, 4, n, 5])
    }

    @Test func floatBandsWithNaNNodata() {
        let window = CubeWindow(row: 0, column: 0, height: 1, width: 3)
        var block = CubeBlock(window: window, bandTypes: [(.float32, .nan)])
        let bytes = [Float.nan, 1.5, .nan].withUnsafeBytes { Array($0) }
        let patch = AcquisitionPatch(itemID: "f", window: window, bands: [BandPlane(type: .float32, nodata: .nan, bytes: bytes)],
                                     sensingSeconds: 1, absoluteOrbit: nil, relativeOrbit: nil)
        #expect(block.merge(patch) == 1)
        let out = block.bands[0].bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(out[0].isNaN && out[1] == 1.5 && out[2].isNaN)
    }

    @Test func journalRoundTripsAndRejectsGarbage() throws {
        var journal = IngestJournal()
        journal.items["x"] = .init(slot: 3898, datetime: "2025-06-03T05:20:00Z")
        let decoded = try IngestJournal.decode(try journal.encoded(), location: "j")
        #expect(decoded == journal && decoded.contains("x") && !decoded.contains("y"))
        #expect(throws: CubeBuilderError.self) { try IngestJournal.decode(Array("{\"format\":".utf8), location: "j") }
    }
}

/// CUBE_LAYOUT.md: the cube is a function of the items ingested, not of the order or split of
/// the runs that brought them. A run merges its items into what earlier runs stored; owners read
/// back from the store are displaced by acquisitions that sort before them.
@Suite struct RunOrderIndependenceTests {
    private struct Acquisition {
        var key: MergeOrderKey
        var patch: AcquisitionPatch
    }

    private func acquisitions(seed: UInt64, window: CubeWindow) -> [Acquisition] {
        var random = SeededGenerator(seed: seed)
        var result: [Acquisition] = []
        var seconds = Array(0..<50).map { $0 * 7 }
        for i in 0..<7 {
            // Distinct seconds, except a reprocessed scene: the same datetime under another id.
            let second = i == 6 ? seconds[0] : seconds.remove(at: Int(random.next() % UInt64(seconds.count)))
            let text = "2025-06-03T05:\(String(format: "%02d", second / 60)):\(String(format: "%02d", second % 60)).25Z"
            let id = i == 6 ? "scene-reprocessed" : "scene-\(i)"
            let key = MergeOrderKey(datetime: text, itemID: id)!
            let bands = (0..<2).map { band -> BandPlane? in
                if random.next() % 5 == 0 { return nil }
                let values = (0..<window.pixelCount).map { _ in random.next() % 3 == 0 ? Int16(-9999) : Int16(truncatingIfNeeded: random.next() % 1000) }
                return BandPlane(type: .int16, nodata: -9999, bytes: values.withUnsafeBytes { Array($0) })
            }
            let patch = AcquisitionPatch(itemID: id, window: window, bands: bands,
                                         sensingSeconds: key.epochSeconds - StoredOwnerOrder.originEpochSeconds,
                                         absoluteOrbit: Int32(100 + i), relativeOrbit: Int16(i))
            result.append(Acquisition(key: key, patch: patch))
        }
        return result
    }

    /// One run: reads what is stored (nil: nothing), merges its items in merge order, returns the block.
    private func run(_ items: [Acquisition], over stored: CubeBlock?, journaled: [MergeOrderKey], window: CubeWindow) -> CubeBlock {
        var block = stored.map {
            CubeBlock(window: window, bands: $0.bands, sensingDate: $0.sensingDate, absoluteOrbit: $0.absoluteOrbit, relativeOrbit: $0.relativeOrbit)
        } ?? CubeBlock(window: window, bandTypes: [(.int16, -9999), (.int16, -9999)])
        let order = StoredOwnerOrder(journaledItems: journaled)
        for item in items.sorted(by: { $0.key < $1.key }) {
            block.merge(item.patch) { order.precedes(item.key, owner: $0) }
        }
        return block
    }

    private func same(_ a: CubeBlock, _ b: CubeBlock) -> Bool {
        a.bands.map(\.bytes) == b.bands.map(\.bytes) && a.sensingDate == b.sensingDate
            && a.absoluteOrbit == b.absoluteOrbit && a.relativeOrbit == b.relativeOrbit
    }

    @Test(arguments: 1...12)
    func anySplitAndOrderOfRunsGivesTheSingleRunsBlock(seed: UInt64) {
        let window = CubeWindow(row: 3, column: 5, height: 6, width: 7)
        let items = acquisitions(seed: seed, window: window)
        let single = run(items, over: nil, journaled: [], window: window)
        var random = SeededGenerator(seed: seed &* 31)
        for _ in 0..<6 {
            // Split into up to three runs, in a random order.
            var runs: [[Acquisition]] = [[], [], []]
            for item in items { runs[Int(random.next() % 3)].append(item) }
            runs.shuffle(using: &random)
            var stored: CubeBlock?
            var journaled: [MergeOrderKey] = []
            for items in runs where !items.isEmpty {
                stored = run(items, over: stored, journaled: journaled, window: window)
                journaled += items.map(\.key)
            }
            #expect(stored.map { same($0, single) } ?? false, "seed \(seed): runs \(runs.map { $0.map(\.key.itemID) })")
        }
    }

    @Test func withoutDisplacementALateEarlierItemLosesPixels() {
        // The mutation the rule guards against: a fill-only merge over stored owners keeps the
        // later item's pixels, so the split result differs from the single run.
        let window = CubeWindow(row: 0, column: 0, height: 1, width: 2)
        let early = AcquisitionPatch(itemID: "a", window: window, bands: [BandPlane(type: .int16, nodata: -9999, bytes: [1, 0, 2, 0])],
                                     sensingSeconds: 10, absoluteOrbit: 1, relativeOrbit: 1)
        let late = AcquisitionPatch(itemID: "b", window: window, bands: [BandPlane(type: .int16, nodata: -9999, bytes: [5, 0, 6, 0])],
                                    sensingSeconds: 20, absoluteOrbit: 2, relativeOrbit: 2)
        var first = CubeBlock(window: window, bandTypes: [(.int16, -9999)])
        first.merge(late)
        var second = CubeBlock(window: window, bands: first.bands, sensingDate: first.sensingDate, absoluteOrbit: first.absoluteOrbit, relativeOrbit: first.relativeOrbit)
        #expect(second.claimableBounds(within: window) { _ in false } == nil)
        #expect(second.claimableBounds(within: window) { $0.sensingSeconds > 10 } == window)
        #expect(second.merge(early) { $0.sensingSeconds > 10 } == 2)
        #expect(second.sensingDate == [10, 10] && second.bands[0].bytes == [1, 0, 2, 0])
    }

    @Test func sameSecondOwnersAreOrderedByTheJournaledItems() throws {
        let key = { (text: String, id: String) in try #require(MergeOrderKey(datetime: text, itemID: id)) }
        let v1 = try key("2025-06-03T05:20:25Z", "S1A_v1"), v2 = try key("2025-06-03T05:20:25.000Z", "S1A_v2")
        let owner = PixelStamp(sensingSeconds: v1.epochSeconds - StoredOwnerOrder.originEpochSeconds, absoluteOrbit: 1, relativeOrbit: 1)
        // v1 sorts before its reprocessed twin v2 (same instant, id decides).
        #expect(StoredOwnerOrder(journaledItems: [v2]).precedes(v1, owner: owner))
        #expect(!StoredOwnerOrder(journaledItems: [v1]).precedes(v2, owner: owner))
        // Nothing journaled explains the stamp: the stored owner keeps its pixels.
        #expect(!StoredOwnerOrder(journaledItems: []).precedes(v1, owner: owner))
        // Different seconds decide without the journal.
        let earlier = try key("2025-06-03T05:20:24.999Z", "Z")
        #expect(StoredOwnerOrder(journaledItems: []).precedes(earlier, owner: owner))
        #expect(!StoredOwnerOrder(journaledItems: []).precedes(try key("2025-06-03T05:20:26Z", "A"), owner: owner))
    }

    @Test func mergeOrderKeysReadRFC3339Exactly() throws {
        let parse = { (text: String) in MergeOrderKey(datetime: text, itemID: "i") }
        let z = try #require(parse("2025-06-03T05:20:25Z"))
        #expect(z.epochSeconds == 1_748_928_025 && z.nanoseconds == 0)
        #expect(parse("2025-06-03T07:20:25+02:00") == z)
        #expect(parse("2025-06-03t05:20:25.000000000z") == z)
        #expect(parse("2025-06-03T05:20:25.123456789Z")?.nanoseconds == 123_456_789)
        #expect(parse("2025-06-03T05:20:25.1Z")?.nanoseconds == 100_000_000)
        #expect(parse("1969-12-31T23:59:59Z")?.epochSeconds == -1)
        #expect(parse("2024-02-29T00:00:00Z")?.epochSeconds == 1_709_164_800)
        for bad in ["2025-06-03", "2025-06-03T05:20:25", "2025-13-03T05:20:25Z", "2025-06-03T05:20:25.Z", "2025-06-03T05:20:25Zx", "2025-06-03T05:20:25+0200"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
        // Against Foundation for a sweep of whole-second instants.
        var random = SeededGenerator(seed: 7)
        let formatter = ISO8601DateFormatter()
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000) - 1_000_000_000)
            #expect(parse(formatter.string(from: date))?.epochSeconds == Int64(date.timeIntervalSince1970))
        }
    }
}

