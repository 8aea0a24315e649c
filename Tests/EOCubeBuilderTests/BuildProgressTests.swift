@testable import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// The progress a build reports (the `eocube build` progress bar draws it).
@Suite struct BuildProgressTests {
    /// Collects reports from the build's `@Sendable` callback.
    private final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [BuildProgress] = []
        func append(_ progress: BuildProgress) { lock.withLock { list.append(progress) } }
        var all: [BuildProgress] { lock.withLock { list } }
    }

    @Test(.enabled(if: CubeTestSupport.interopEnabled))
    func progressGrowsToTheWholeRunAndCountsTheBytesRead() async throws {
        let dir = try Interop.temporaryDirectory("cube-progress")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = Reports()
        let items = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
        let builder = CubeBuilder(definition: try CubeTestSupport.definition(), storePath: dir.appendingPathComponent("cube.zarr").path,
                                  options: BuildOptions(progress: { reports.append($0) }))
        let report = try await builder.build(items: items)
        let all = reports.all
        #expect(all.count > report.slots.count, "one report per merged block and per slot")
        for (before, after) in zip(all, all.dropFirst()) {
            #expect(after.fractionDone >= before.fractionDone && after.bytesRead >= before.bytesRead && after.itemsDone >= before.itemsDone)
        }
        let last = try #require(all.last)
        #expect(last.fractionDone == 1 && last.slotsDone == last.slotsTotal && last.itemsDone == last.itemsTotal)
        #expect(last.bytesRead == report.bytesRead && report.bytesRead > 0)
        #expect(last.estimatedRemaining == .zero)
    }

    @Test func summaryShowsItemsThroughputAndTimeLeft() throws {
        let slot = DaySlot(index: 3900)
        let halfway = BuildProgress(slotsDone: 1, slotsTotal: 4, slot: slot, itemsDone: 3, itemsTotal: 12,
                                    bytesRead: 300_000_000, elapsed: .seconds(2), fractionDone: 0.25)
        #expect(halfway.megabytesPerSecond == 150)
        #expect(halfway.estimatedRemaining == .seconds(6))
        #expect(halfway.summary == "day 1/4 (\(slot)), items 3/12, 150.0 MB/s, ETA 0:06")
        let starting = BuildProgress(slotsDone: 0, slotsTotal: 4, slot: slot, itemsDone: 0, itemsTotal: 12,
                                     bytesRead: 0, elapsed: .zero, fractionDone: 0)
        #expect(starting.estimatedRemaining == nil && starting.megabytesPerSecond == 0)
        #expect(starting.summary == "day 0/4 (\(slot)), items 0/12, 0.0 MB/s")
    }
}

/// Slots overlap, so they may finish out of order: the tally must hand each slot back exactly
/// when its last block is done (that is when its items enter the journal) and keep the
/// reported share of work growing.
@Suite struct SlotTallyTests {
    @Test func slotsFinishWithTheirLastBlockInAnyOrder() throws {
        var tally = SlotTally(slotsTotal: 3, itemsTotal: 6)
        let days = [DaySlot(index: 10), DaySlot(index: 11), DaySlot(index: 12)]
        tally.open(slot: days[0], number: 0, itemCount: 3, acquisitions: [], blockCount: 2)
        tally.open(slot: days[1], number: 1, itemCount: 2, acquisitions: [], blockCount: 1)
        var shares: [Double] = []
        func share() -> Double { tally.progress(slot: days[0], bytesRead: 0, elapsed: .zero).fractionDone }

        // The later slot's only block finishes first.
        let first = tally.blockDone(slotNumber: 1)
        #expect(first.slot == days[1] && first.finished?.number == 1)
        #expect(tally.slotsDone == 1 && tally.itemsDone == 2)
        shares.append(share())
        #expect(abs(shares.last! - 2.0 / 6) < 1e-12)

        let half = tally.blockDone(slotNumber: 0)
        #expect(half.slot == days[0] && half.finished == nil && tally.slotsDone == 1)
        shares.append(share())
        #expect(abs(shares.last! - 3.5 / 6) < 1e-12)

        #expect(tally.blockDone(slotNumber: 0).finished?.slot == days[0])
        // A slot without blocks (nothing valid in the cube) is closed at once.
        tally.open(slot: days[2], number: 2, itemCount: 1, acquisitions: [], blockCount: 0)
        #expect(tally.close(slotNumber: 2).slot == days[2])
        shares.append(share())
        #expect(shares == shares.sorted() && shares.last == 1)
        #expect(tally.slotsDone == 3 && tally.itemsDone == 6)
    }
}
