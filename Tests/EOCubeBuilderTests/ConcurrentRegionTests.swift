@testable import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Builders restricted to disjoint, block-aligned regions may share one store at the same time:
/// the result equals one build of the whole grid, chunk file for chunk file.
@Suite(.serialized)
struct ConcurrentRegionTests {
    private func launch(_ binary: URL, store: URL, layout: [String], region: String?, datetime: String? = nil) throws -> Process {
        try CubeTestSupport.launchBuild(binary, store: store, arguments: layout + (region.map { ["--region", $0] } ?? [])
                                                                         + (datetime.map { ["--datetime", $0] } ?? []))
    }

    private func expectSuccess(_ processes: [Process], _ label: String) { CubeTestSupport.expectSuccess(processes, label) }

    /// Every file of a store except the ingest journals (one per region, so they differ by design).
    private func differencesIgnoringJournals(_ a: URL, _ b: URL) throws -> [String] {
        try CubeTestSupport.differences(a, b).filter { !$0.contains("eocube_journal") }
    }

    @Test(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil),
          arguments: [(["--chunk-shape", "256,256", "--shard-shape", "none"], 1280),
                      (["--chunk-shape", "256,256", "--shard-shape", "512,512"], 1536)])
    func twoProcessesBuildingDisjointRegionsEqualOneWholeBuild(layout: [String], splitColumn: Int) throws {
        let binary = try #require(CubeTestSupport.eocubeBinary)
        let dir = try Interop.temporaryDirectory("cube-regions")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The sample's scenes cover columns 1000..<1600, so both regions get data in every slot.
        let left = "0:15000,0:\(splitColumn)", right = "0:15000,\(splitColumn):15000"
        let whole = dir.appendingPathComponent("whole.zarr")
        expectSuccess([try launch(binary, store: whole, layout: layout, region: nil)], "whole grid")

        // Both start at once on a store that does not exist yet: they race to create it.
        let racing = dir.appendingPathComponent("racing.zarr")
        expectSuccess([try launch(binary, store: racing, layout: layout, region: left),
                       try launch(binary, store: racing, layout: layout, region: right)], "racing")
        var differences = try differencesIgnoringJournals(racing, whole)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        let journals = try FileManager.default.contentsOfDirectory(atPath: racing.appendingPathComponent(CubeTestSupport.group).path)
            .filter { $0.hasPrefix("eocube_journal") }
        #expect(Set(journals) == ["eocube_journal_r0-15000_c0-\(splitColumn).json", "eocube_journal_r0-15000_c\(splitColumn)-15000.json"])

        // The right-hand builder stops at 2025-06-11 while the left one goes on to 2025-06-20: when
        // it grows the time axis after the other did, it must not shrink it back to its own needs.
        let early = "2025-06-01/2025-06-15"
        let sequential = dir.appendingPathComponent("sequential.zarr")
        expectSuccess([try launch(binary, store: sequential, layout: layout, region: left)], "sequential left")
        expectSuccess([try launch(binary, store: sequential, layout: layout, region: right, datetime: early)], "sequential right")
        for (round, delay) in [0.05, 0.1, 0.15, 0.2].enumerated() {
            let store = dir.appendingPathComponent("staggered-\(round).zarr")
            let first = try launch(binary, store: store, layout: layout, region: left)
            Thread.sleep(forTimeInterval: delay)
            let second = try launch(binary, store: store, layout: layout, region: right, datetime: early)
            expectSuccess([first, second], "round \(round)")
            differences = try differencesIgnoringJournals(store, sequential)
            #expect(differences.isEmpty, "round \(round), second builder \(delay) s later: \(differences.prefix(5))")
        }

        // The store reads in xarray through its consolidated metadata, with both halves present.
        let output = try Interop.runPython(["-c", """
            import sys, numpy as np, xarray as xr
            ds = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
            vv = ds.VV.isel(time=slice(-20, None), y=slice(2000, 2600), x=slice(1000, 1600)).load()
            split = int(sys.argv[2]) - 1000
            print(int(vv.isel(x=slice(None, split)).notnull().sum()) > 0, int(vv.isel(x=slice(split, None)).notnull().sum()) > 0)
            """, racing.path, String(splitColumn)])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "True True")
    }

    @Test func regionsOffTheBlockGridOrOutsideItAreRefused() throws {
        let definition = try CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512])
        for region in [CubeWindow(row: 0, column: 256, height: 512, width: 512),     // starts between shards
                       CubeWindow(row: 0, column: 0, height: 512, width: 700),       // ends between shards
                       CubeWindow(row: 14848, column: 0, height: 512, width: 512),   // leaves the grid
                       CubeWindow(row: 0, column: 0, height: 0, width: 512)] {       // empty
            #expect(throws: CubeBuilderError.self, "\(region)") { try definition.checkRegion(region) }
        }
        // The grid's own edge ends a region even off the block grid (15000 = 29 * 512 + 152).
        try definition.checkRegion(CubeWindow(row: 14848, column: 0, height: 152, width: 1024))
        try definition.checkRegion(definition.grid.bounds)
    }

    @Test func journalsCoverTheirRegionAndTheRegionsInsideIt() {
        let whole = IngestJournal()
        let left = IngestJournal(region: CubeWindow(row: 0, column: 0, height: 15000, width: 1280))
        #expect(whole.covers(nil) && whole.covers(CubeWindow(row: 0, column: 0, height: 256, width: 256)))
        #expect(left.covers(CubeWindow(row: 256, column: 256, height: 256, width: 1024)))
        #expect(!left.covers(CubeWindow(row: 0, column: 1024, height: 256, width: 512)))
        #expect(!left.covers(nil))
        #expect(IngestJournal.fileName(for: nil) == "eocube_journal.json")
        #expect(IngestJournal.fileName(for: left.region) == "eocube_journal_r0-15000_c0-1280.json")
    }

    @Test(.enabled(if: CubeTestSupport.interopEnabled))
    func aRegionBuildSkipsItemsTheWholeGridBuildFinished() async throws {
        let dir = try Interop.temporaryDirectory("cube-region-skip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        let definition = try CubeTestSupport.definition()
        let first = try await CubeTestSupport.build(store: store, definition: definition)
        #expect(first.ingestedItems.count == 6)
        let found = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
        let region = CubeWindow(row: 0, column: 0, height: 15000, width: 1280)
        let again = try await CubeBuilder(definition: definition, storePath: store.path,
                                          options: BuildOptions(region: region)).build(items: found)
        #expect(again.alreadyIngested.count == 6 && again.ingestedItems.isEmpty)
    }

    /// A resume removes temporary files of writers that died, not those of a builder still
    /// writing into the same store.
    @Test(.enabled(if: CubeTestSupport.interopEnabled))
    func resumeKeepsTheTemporaryFilesOfLiveWriters() async throws {
        let dir = try Interop.temporaryDirectory("cube-live-tmp")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition())
        let live = "s1sig0/EU/VV/.zarr.json.\(getpid())-42.tmp", dead = "s1sig0/EU/VV/.zarr.json.\(try CubeTestSupport.deadProcessID())-42.tmp"
        for path in [live, dead] {
            #expect(FileManager.default.createFile(atPath: store.appendingPathComponent(path).path, contents: Data()))
        }
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition())
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(live).path))
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent(dead).path))
    }
}
