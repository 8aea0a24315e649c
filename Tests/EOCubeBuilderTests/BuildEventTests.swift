import EOCubeBuilder
import Foundation
import InteropSupport
import STACClient
import Testing
import ZarrStore

/// The library's build API: a schedule before any pixel is read, a build started in its own task
/// with its events as an AsyncStream, skipped items among them, and cancellation through the handle.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct BuildEventTests {
    @Test func aScheduleListsTheSlotsAndAfterTheBuildEverythingIsAlreadyIngested() async throws {
        let dir = try Interop.temporaryDirectory("cube-schedule")
        defer { try? FileManager.default.removeItem(at: dir) }
        let storage = try FileSystemStorage(path: dir.appendingPathComponent("cube.zarr").path, create: true)
        let builder = CubeBuilder(definition: try CubeTestSupport.definition(), storage: storage)
        let items = STACClient().items(at: CubeTestSupport.sampleItems)
        let schedule = try await builder.schedule(items: items)
        let all = try await items.collect()
        #expect(schedule.itemCount == all.count && schedule.alreadyIngested.isEmpty && schedule.slots.count > 1)
        #expect(schedule.slots.map(\.slot) == schedule.slots.map(\.slot).sorted())
        #expect(try storage.listDirectory("").keys.isEmpty, "a schedule writes nothing")

        let report = try await builder.build(schedule)
        #expect(Set(report.ingestedItems) == Set(all.map(\.id)))
        let again = try await builder.schedule(items: items)
        #expect(again.slots.isEmpty && Set(again.alreadyIngested) == Set(all.map(\.id)))
    }

    @Test func eventsArriveInOrderEndWithTheBuildAndNameSkippedItems() async throws {
        let dir = try Interop.temporaryDirectory("cube-events")
        defer { try? FileManager.default.removeItem(at: dir) }
        var items = try await STACClient().items(at: CubeTestSupport.sampleItems).collect()
        var undated = items[0]
        undated.id = "no-datetime"
        undated.properties["datetime"] = .null
        items.append(undated)
        let builder = CubeBuilder(definition: try CubeTestSupport.definition(), storePath: dir.appendingPathComponent("cube.zarr").path,
                                  options: BuildOptions(skipBadItems: true))
        let build = builder.start(items: AsyncItems(items: items))
        var events: [BuildEvent] = []
        for await event in build.events { events.append(event) }
        let report = try await build.report

        let skipped = events.compactMap { if case .itemSkipped(let id, _) = $0 { id } else { nil } }
        #expect(skipped == ["no-datetime"] && report.skippedItems.map(\.id) == ["no-datetime"])
        let finished = events.compactMap { if case .slotFinished(let progress) = $0 { progress } else { nil } }
        let merged = events.compactMap { if case .unitMerged(let progress) = $0 { progress } else { nil } }
        #expect(finished.count == Set(report.slots).count && !merged.isEmpty)
        #expect(finished.map(\.slotsDone) == Array(1...finished.count))
        let progress = events.compactMap(\.progress)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.fractionDone <= $1.fractionDone })
        #expect(progress.last?.fractionDone == 1)
    }

    @Test func cancellingTheHandleStopsTheBuildWithATypedError() async throws {
        let dir = try Interop.temporaryDirectory("cube-cancel-handle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let builder = CubeBuilder(definition: try CubeTestSupport.definition(), storePath: dir.appendingPathComponent("cube.zarr").path,
                                  options: BuildOptions(concurrency: 1))
        let build = builder.start(items: STACClient().items(at: CubeTestSupport.sampleItems))
        var slotsSeen = 0
        for await event in build.events {
            if case .slotFinished = event {
                slotsSeen += 1
                build.cancel()
            }
        }
        do {
            let report = try await build.report
            Issue.record("the cancelled build finished: \(report.slots.count) slots")
        } catch {
            guard case .cancelled = error else { Issue.record("expected .cancelled, got \(error)"); return }
        }
        #expect(slotsSeen >= 1)
    }
}

/// Items as an AsyncSequence of our own (any AsyncSequence of STACItem builds).
private struct AsyncItems: AsyncSequence, Sendable {
    typealias Element = STACItem
    var items: [STACItem]

    struct Iterator: AsyncIteratorProtocol {
        var rest: IndexingIterator<[STACItem]>
        mutating func next() async -> STACItem? { rest.next() }
    }

    func makeAsyncIterator() -> Iterator { Iterator(rest: items.makeIterator()) }
}
