@testable import EOCubeBuilder
import Foundation
import InteropSupport
import STACClient
import Testing

/// Time chunks longer than one day slot (CUBE_LAYOUT.md, "Chunking"): a store holds the same
/// values whatever its layout, and the same bytes whatever order or split of runs brought its items.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct TimeBlockLayoutTests {
    /// The layouts compared with the one-day reference: the seed workflow's (scaled to the
    /// sample), time chunks shorter than the shard's, and time chunks without sharding.
    static let layouts: [(chunk: [Int], shard: [Int]?)] = [
        ([20, 256, 256], [20, 1024, 1024]),
        ([5, 256, 256], [20, 512, 512]),
        ([4, 512, 512], nil),
    ]

    @Test func everyLayoutHoldsTheSameValuesAsOneDayChunks() async throws {
        let dir = try Interop.temporaryDirectory("cube-time-layouts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = dir.appendingPathComponent("one-day.zarr")
        try await CubeTestSupport.build(store: reference, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
        for (number, layout) in Self.layouts.enumerated() {
            let store = dir.appendingPathComponent("layout-\(number).zarr")
            let report = try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: layout.chunk, shard: layout.shard))
            #expect(report.ownedPixels > 0)
            #expect(CubeTestSupport.compare(reference, store, valuesOnly: true) == "identical", "layout \(layout)")
            // xarray decodes both alike: time, scale and fill.
            let output = try Interop.runPython(["-c", """
                import sys, numpy as np, xarray as xr
                a = xr.open_zarr(sys.argv[1], group="s1sig0/EU", chunks=None).isel(time=slice(-20, None), y=slice(2000, 2600), x=slice(1000, 1600))
                b = xr.open_zarr(sys.argv[2], group="s1sig0/EU", chunks=None).isel(time=slice(-20, None), y=slice(2000, 2600), x=slice(1000, 1600))
                assert np.issubdtype(b.time.dtype, np.datetime64) and (a.time.values == b.time.values).all()
                for name in ["VV", "VH", "sensing_date", "absolute_orbit_number", "relative_orbit_number"]:
                    assert a[name].dtype == b[name].dtype, name
                    assert a[name].equals(b[name]), name
                print("equal", int(b.VV.notnull().sum()))
                """, reference.path, store.path])
            #expect(output.hasPrefix("equal") && !output.hasPrefix("equal 0"), "\(output)")
        }
    }

    /// The sample's items, one run each forward and backward, and random splits: every order
    /// ends in the store a single run of all of them writes, byte for byte.
    @Test(arguments: [[20, 256, 256], [6, 256, 256]])
    func runOrdersGiveByteIdenticalStores(chunk: [Int]) async throws {
        let dir = try Interop.temporaryDirectory("cube-time-orders")
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition(chunk: chunk, shard: [chunk[0], 1024, 1024])
        let items = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
            .sorted { ($0.string("datetime") ?? "", $0.id) < ($1.string("datetime") ?? "", $1.id) }
        let single = dir.appendingPathComponent("single.zarr")
        try await Self.build(items, into: single, definition: definition)
        var random = SeededGenerator(seed: UInt64(chunk[0]))
        var orders: [(String, [[STACItem]])] = [("forward", items.map { [$0] }), ("reverse", items.reversed().map { [$0] })]
        for trial in 0..<2 {
            var runs: [[STACItem]] = [[], [], []]
            for item in items { runs[Int(random.next() % 3)].append(item) }
            runs.shuffle(using: &random)
            orders.append(("random \(trial)", runs.filter { !$0.isEmpty }))
        }
        for (name, runs) in orders {
            let store = dir.appendingPathComponent("\(name).zarr")
            for run in runs { try await Self.build(run, into: store, definition: definition) }
            #expect(try CubeTestSupport.differences(single, store) == [], "\(name): \(runs.map { $0.map(\.id) })")
        }
    }

    static func build(_ items: [STACItem], into store: URL, definition: CubeDefinition) async throws {
        let builder = CubeBuilder(definition: definition, storePath: store.path)
        _ = try await builder.build(items: items)
    }

    /// A budget too small for a whole row of inner chunks narrows the strips (here 1024 → 512
    /// px): the shards hold the same values.
    @Test func aSmallBudgetNarrowsTheStripsNotTheValues() async throws {
        let dir = try Interop.temporaryDirectory("cube-time-narrow")
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition(chunk: [20, 256, 256], shard: [20, 1024, 1024])
        let budget = (192 + 120) << 20
        let builder = CubeBuilder(definition: definition, storePath: "", options: BuildOptions(memoryBudget: budget))
        let bands = [BandSpec(name: "VV", type: .int16, nodata: -9999, scale: 0.1, offset: nil), BandSpec(name: "VH", type: .int16, nodata: -9999, scale: 0.1, offset: nil)]
        #expect(builder.stripWidth(bands: bands) == 512)
        let wide = dir.appendingPathComponent("wide.zarr"), narrow = dir.appendingPathComponent("narrow.zarr")
        try await CubeTestSupport.build(store: wide, definition: definition)
        try await CubeTestSupport.build(store: narrow, definition: definition, memoryBudget: budget)
        #expect(CubeTestSupport.compare(wide, narrow) == "identical")
    }

    @Test func aLayoutTheMemoryBudgetCannotHoldIsRefusedBeforeAnythingIsWritten() async throws {
        let dir = try Interop.temporaryDirectory("cube-time-budget")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        let definition = try CubeTestSupport.definition(chunk: [20, 1000, 1000], shard: nil)
        await #expect {
            try await CubeTestSupport.build(store: store, definition: definition, memoryBudget: 512 << 20)
        } throws: { error in
            guard case CubeBuilderError.memoryBudgetTooSmall = error else { return false }
            return true
        }
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    @Test func extendingATwentyDayCubeWithOneDayChunksIsRefusedNamingBoth() async throws {
        let dir = try Interop.temporaryDirectory("cube-time-mixed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: [20, 256, 256], shard: [20, 512, 512]))
        let before = try CubeTestSupport.files(store)
        await #expect {
            try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
        } throws: { error in
            let text = "\(error)"
            return text.contains("chunks 20,256,256, shards 20,512,512") && text.contains("chunks 1,256,256, shards 1,512,512")
        }
        #expect(try CubeTestSupport.files(store) == before)
    }

    @Test func badTimeShapesAreRefused() throws {
        let grid = try Equi7Tile(CubeTestSupport.tile).grid
        // Each refusal names what is wrong: an extent out of range, a shard time extent that is no
        // multiple of the chunk's, a shape of the wrong rank, a shard that does not tile into chunks.
        let bad: [([Int], [Int]?, String)] = [
            ([0, 100, 100], nil, "time extent 0 of shape 0,100,100 must be between 1 and 65536 day slots"),
            ([-1, 100, 100], nil, "time extent -1"),
            ([20, 100, 100], [30, 3000, 3000], "the shard shape's time extent 30 must be a multiple of the chunk shape's (20)"),
            ([20, 100, 100], [10, 3000, 3000], "the shard shape's time extent 10 must be a multiple of the chunk shape's (20)"),
            ([1, 2, 3, 4], nil, "shape [1, 2, 3, 4] must be two sizes (y, x) or three (t, y, x)"),
            ([100, 100], [20, 3000, 3000, 1], "must be two sizes (y, x) or three (t, y, x)"),
            ([20, 100, 100], [20, 3000, 3050], "shard shape 20,3000,3050 must be a multiple of the chunk shape 20,100,100"),
            ([20, 100, 70_000], nil, "the y and x extents of shape 20,100,70000 must be between 1 and 65536 pixels"),
        ]
        for (chunk, shard, message) in bad {
            #expect("\(chunk) \(String(describing: shard))") {
                try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"], chunkShape: try CubeChunkShape(chunk),
                                   shardShape: try shard.map { try CubeChunkShape($0) })
            } throws: { error in
                guard case CubeBuilderError.invalidDefinition(let text) = error else { return false }
                return text.contains(message)
            }
        }
        let seed = try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"], chunkShape: try CubeChunkShape(time: 20, height: 100, width: 100),
                                      shardShape: try CubeChunkShape(time: 20, height: 3000, width: 3000))
        #expect(seed.chunkShape.sizes == [20, 100, 100] && seed.shardShape?.sizes == [20, 3000, 3000])
        #expect(seed.timeChunkLength == 20 && seed.timeBlockLength == 20 && seed.blockShape == seed.shardShape)
        let twoNumbers = try CubeDefinition(grid: grid, groupPath: "g", bands: ["VV"], chunkShape: try CubeChunkShape([100, 100]),
                                            shardShape: try CubeChunkShape([3000, 3000]))
        #expect(twoNumbers.chunkShape.sizes == [1, 100, 100] && twoNumbers.shardShape?.sizes == [1, 3000, 3000])
    }
}

/// `eocube zarr copy --chunks --shards` re-chunks a cube between one-day and 20-day layouts,
/// streaming shard by shard: the round trip keeps every value, attribute and chunk file.
@Suite(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil))
struct CubeRechunkTests {
    @Test(arguments: ["128MiB", "300KiB"])
    func oneDayToTwentyDaysAndBackKeepsTheCube(budget: String) async throws {
        let dir = try Interop.temporaryDirectory("cube-rechunk")
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("one-day.zarr")
        try await CubeTestSupport.build(store: original, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
        let twenty = dir.appendingPathComponent("twenty.zarr"), back = dir.appendingPathComponent("back.zarr")
        for (source, target, chunks, shards) in [(original, twenty, "20,128,128", "20,1024,1024"), (twenty, back, "1,256,256", "1,512,512")] {
            let run = try CubeTestSupport.runEOCube(["zarr", "copy", source.path, target.path, "--chunks", chunks, "--shards", shards,
                                                     "--memory-budget", budget])
            #expect(run.status == 0, "\(run.text)")
        }
        #expect(CubeTestSupport.compare(original, twenty, valuesOnly: true) == "identical")
        #expect(CubeTestSupport.compare(original, back) == "identical")
        let output = try Interop.runPython(["-c", """
            import sys, zarr
            a = zarr.open_array(sys.argv[1], path="s1sig0/EU/VV", mode="r")
            print(a.chunks, a.shards)
            """, twenty.path])
        #expect(output.contains("(20, 128, 128) (20, 1024, 1024)"), "\(output)")
    }
}
