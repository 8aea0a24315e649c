@testable import EOCubeBuilder
import Foundation
import InteropSupport
import Testing
import ZarrStore

/// A plan's units keep journals of their own and read only theirs (and those of builds without
/// a plan): no two workers update one journal, and a worker does not read every other unit's.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct UnitJournalTests {
    @Test func unitJournalNamesCarryTheUnit() {
        let region = CubeWindow(row: 0, column: 512, height: 15000, width: 512)
        #expect(IngestJournal.fileName(for: region, unit: 7) == "eocube_journal_r0-15000_c512-1024_u7.json")
        #expect(IngestJournal.unit(ofFileName: IngestJournal.fileName(for: region, unit: 7)) == 7)
        #expect(IngestJournal.unit(ofFileName: IngestJournal.fileName(for: region)) == nil)
        #expect(IngestJournal.unit(ofFileName: "eocube_journal.json") == nil)
        #expect(IngestJournal.isJournalFileName(IngestJournal.fileName(for: nil, unit: 3)))
    }

    @Test func aUnitReadsItsOwnJournalAndThoseWithoutAPlan() async throws {
        let dir = try Interop.temporaryDirectory("cube-unit-journals")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cube.zarr")
        let definition = try CubeTestSupport.definition()
        try await CubeTestSupport.build(store: path, definition: definition)
        let storage = try FileSystemStorage(path: path.path)
        let store = try await CubeStore.open(storage, coordination: makeCoordination(for: storage, groupPath: definition.groupPath),
                                             definition: definition)
        let region = CubeWindow(row: 0, column: 0, height: 15000, width: 512)
        for (unit, item) in [(1, "from-unit-1"), (2, "from-unit-2")] {
            var journal = IngestJournal(region: region, unit: unit)
            journal.items[item] = .init(slot: 3900, datetime: "2025-06-05T00:00:00Z")
            try storage.set(definition.groupPath + "/" + IngestJournal.fileName(for: region, unit: unit), try journal.encoded())
        }
        let sample = try store.finishedItems(region: region)
        #expect(sample.count == 6 + 2, "a build without a plan sees every journal")
        let unitOne = try store.finishedItems(region: region, unit: 1)
        #expect(unitOne.contains("from-unit-1") && !unitOne.contains("from-unit-2") && unitOne.count == 6 + 1)
        #expect(try store.journaledItems(unit: 2)["from-unit-1"] == nil && store.journaledItems(unit: 2)["from-unit-2"] != nil)
    }
}
