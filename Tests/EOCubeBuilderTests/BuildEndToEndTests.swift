import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// The sample scene built end to end and checked against the independent Python
/// implementation of CUBE_LAYOUT.md (rasterio + zarr-python), xarray and rioxarray.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct BuildEndToEndTests {
    @Test func sampleCubeMatchesThePythonReferenceArrayByArray() async throws {
        let dir = try Interop.temporaryDirectory("cube-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = dir.appendingPathComponent("reference.zarr")
        try CubeTestSupport.reference(store: reference)

        let unsharded = dir.appendingPathComponent("unsharded.zarr")
        let report = try await CubeTestSupport.build(store: unsharded, definition: try CubeTestSupport.definition())
        #expect(report.ingestedItems.count == 6 && report.slots.count == 4 && report.skippedItems.isEmpty)
        #expect(CubeTestSupport.compare(unsharded, reference) == "identical")

        // Default layout (sharded): same values, different files.
        let sharded = dir.appendingPathComponent("sharded.zarr")
        try await CubeTestSupport.build(store: sharded, definition: try CubeTestSupport.definition(chunk: CubeDefinition.defaultChunkShape.sizes, shard: CubeDefinition.defaultShardShape?.sizes))
        #expect(CubeTestSupport.compare(sharded, reference) == "identical")
    }

    @Test func storeOpensInXarrayWithTimeFillAndCRSDecoded() async throws {
        let dir = try Interop.temporaryDirectory("cube-xarray")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: try CubeTestSupport.definition(chunk: [1000, 1000], shard: [3000, 3000]))
        let output = try Interop.runPython(["-c", """
            import sys, numpy as np, xarray as xr, rioxarray, rasterio
            ds = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
            assert str(ds.rio.crs) == "EPSG:27704", ds.rio.crs
            assert ds.VV.rio.crs.to_epsg() == 27704
            assert np.issubdtype(ds.time.dtype, np.datetime64) and np.issubdtype(ds.sensing_date.dtype, np.datetime64)
            assert str(ds.time.values[0])[:10] == "2014-10-01" and str(ds.time.values[-1])[:10] == "2025-06-20"
            assert ds.x.values[0] == 5100010 and ds.x.values[-1] == 5399990 and ds.y.values[0] == 1799990 and ds.y.values[-1] == 1500010
            t = ds.sel(time="2025-06-03").isel(y=slice(2000, 2600), x=slice(1000, 1600)).load()
            later = ds.VV.sel(time="2025-06-11").isel(y=slice(2000, 2600), x=slice(1000, 1600)).load()
            assert np.issubdtype(later.dtype, np.floating) and bool(later.isnull().any()) and bool(later.notnull().any())  # fill masked
            # The store agrees with rasterio reading the earliest acquisition directly (its pixels are owned by it).
            with rasterio.open(sys.argv[2]) as src:
                raw = src.read(1)
            a1 = t.VV.isel(y=slice(0, 400)).values
            sd = t.sensing_date.isel(y=slice(0, 400)).values
            own = sd == np.datetime64("2025-06-03T05:20:00")
            assert own.sum() > 1000
            assert np.allclose(a1[own], raw[own] * 0.1)
            assert ds.rio.transform().c == 5100000 and ds.rio.transform().f == 1800000
            print("ok", int(own.sum()))
            """, store.path, Interop.packageRoot.appendingPathComponent(
                "Examples/sample-scene/SIG0_20250603T052000_A1__VV_D080_E051N015T3_EU020M_V1M1R1_S1AIWGRDH_TUWIEN.tif").path])
        #expect(output.hasPrefix("ok"))
    }

    @Test func parallelAndSerialRunsWriteIdenticalBytes() async throws {
        let dir = try Interop.temporaryDirectory("cube-parallel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let serial = dir.appendingPathComponent("serial.zarr"), parallel = dir.appendingPathComponent("parallel.zarr")
        try await CubeTestSupport.build(store: serial, definition: try CubeTestSupport.definition(), jobs: 1)
        try await CubeTestSupport.build(store: parallel, definition: try CubeTestSupport.definition(), jobs: 8)
        let differences = try CubeTestSupport.differences(serial, parallel)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(try CubeTestSupport.files(serial).count > 20)
    }

    @Test func reRunningIsIdempotentWithAndWithoutTheJournal() async throws {
        let dir = try Interop.temporaryDirectory("cube-rerun")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr"), once = dir.appendingPathComponent("once.zarr")
        let definition = try CubeTestSupport.definition()
        try await CubeTestSupport.build(store: once, definition: definition)
        try await CubeTestSupport.build(store: store, definition: definition)
        let again = try await CubeTestSupport.build(store: store, definition: definition)
        #expect(again.ingestedItems.isEmpty && again.alreadyIngested.count == 6 && again.blocksWritten == 0)
        #expect(try CubeTestSupport.differences(store, once).isEmpty)
        // Without the journal every item is merged again; fill-only leaves every byte as it was.
        let journal = store.appendingPathComponent("s1sig0/EU/eocube_journal.json")
        let saved = try Data(contentsOf: journal)
        try FileManager.default.removeItem(at: journal)
        let redo = try await CubeTestSupport.build(store: store, definition: definition)
        #expect(redo.ingestedItems.count == 6 && redo.blocksWritten == 0)
        #expect(try Data(contentsOf: journal) == saved)
        #expect(try CubeTestSupport.differences(store, once).isEmpty)
    }

    @Test func cubeOverTwoTilesPlacesTheSceneAtItsOffset() async throws {
        let dir = try Interop.temporaryDirectory("cube-tiles")
        defer { try? FileManager.default.removeItem(at: dir) }
        let single = dir.appendingPathComponent("single.zarr"), double = dir.appendingPathComponent("double.zarr")
        try await CubeTestSupport.build(store: single, definition: try CubeTestSupport.definition())
        let grid = try CubeGrid(tiles: [try Equi7Tile("EU020M_E048N015T3"), try Equi7Tile("EU020M_E051N015T3")])
        #expect(grid.width == 30_000 && grid.height == 15_000 && grid.minX == 4_800_000)
        let definition = try CubeDefinition(grid: grid, groupPath: CubeTestSupport.group, bands: ["VV", "VH"], chunkShape: try CubeChunkShape(height: 256, width: 256), shardShape: nil)
        _ = try await CubeBuilder(definition: definition, storePath: double.path).build(
            items: try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items())
        let output = try Interop.runPython(["-c", """
            import sys, numpy as np, xarray as xr, rioxarray
            a = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
            b = xr.open_zarr(sys.argv[2], group="s1sig0/EU", consolidated=True, chunks=None)
            assert b.sizes["x"] == 30000 and b.x.values[0] == 4800010 and str(b.rio.crs) == "EPSG:27704"
            for name in ["VV", "VH", "sensing_date", "relative_orbit_number"]:
                va = a[name].isel(time=slice(3898, None), y=slice(1900, 2700), x=slice(900, 1700)).values
                vb = b[name].isel(time=slice(3898, None), y=slice(1900, 2700), x=slice(15900, 16700)).values
                assert np.array_equal(va, vb, equal_nan=True), name
            print("ok")
            """, single.path, double.path])
        #expect(output.hasPrefix("ok"))
    }

    @Test func infoCountsFilledSlotsAndValidPixelsLikeZarrPython() async throws {
        let dir = try Interop.temporaryDirectory("cube-info")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: try CubeTestSupport.definition(chunk: [1000, 1000], shard: [2000, 2000]))
        let info = try await CubeInfo.inspect(store.path)
        #expect(info.groups == ["", "s1sig0", "s1sig0/EU"])
        let cube = try #require(info.cubes.first)
        #expect(cube.filledSlots.map(\.index) == [3898, 3905, 3906, 3915] && cube.journalItems == 6 && cube.timeLength == 3916)
        let expected = try Interop.runPython(["-c", """
            import sys, zarr, numpy as np
            g = zarr.open_group(sys.argv[1], mode="r")["s1sig0/EU"]
            for name in ("VH", "VV"):
                a = g[name]
                print(name, sum(int((a[t, 1500:3000, 0:2000] != -9999).sum()) for t in (3898, 3905, 3906, 3915)))
            """, store.path])
        for line in expected.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let count = Int(parts[1]) else { continue }
            let band = try #require(cube.bands.first { $0.name == String(parts[0]) })
            #expect(band.validPixels == count && count > 100_000, "\(band.name)")
            #expect(band.slotPixels == 4 * 15_000 * 15_000)
        }
        #expect(info.description.contains("fill fraction"))

        // `eocube info --json` says the same, read by Python's json module.
        let document = try CubeTestSupport.runEOCube(["info", "--json", store.path], separateErrors: true).output
        let file = dir.appendingPathComponent("info.json")
        try document.write(to: file)
        let summary = try Interop.runPython(["-c", """
            import json, sys
            info = json.load(open(sys.argv[1]))
            cube = info["cubes"][0]
            bands = {b["name"]: b["valid_pixels"] for b in cube["bands"]}
            print(info["groups"], cube["path"], cube["time_length"], cube["journal_items"], [s["index"] for s in cube["filled_slots"]],
                  cube["filled_slots"][0]["date"], bands["VV"], bands["VH"], len(info["arrays"]))
            """, file.path])
        let vv = try #require(cube.bands.first { $0.name == "VV" }), vh = try #require(cube.bands.first { $0.name == "VH" })
        #expect(summary.trimmingCharacters(in: .whitespacesAndNewlines)
                == "['', 's1sig0', 's1sig0/EU'] s1sig0/EU 3916 6 [3898, 3905, 3906, 3915] 2025-06-03 \(vv.validPixels) \(vh.validPixels) \(info.arrays.count)")
    }

    @Test func memoryBudgetTooSmallForABlockIsATypedError() async throws {
        let dir = try Interop.temporaryDirectory("cube-budget")
        defer { try? FileManager.default.removeItem(at: dir) }
        await #expect(throws: CubeBuilderError.self) {
            try await CubeTestSupport.build(store: dir.appendingPathComponent("c.zarr"),
                                            definition: try CubeTestSupport.definition(chunk: [1000, 1000], shard: [5000, 5000]),
                                            memoryBudget: 256 << 20)
        }
    }
}
