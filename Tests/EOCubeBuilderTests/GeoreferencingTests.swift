import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// The grid of a cube, as the ecosystem's readers derive it: odc-geo's geobox and rioxarray from
/// the CF `spatial_ref` and coordinates, and pyproj from the GeoZarr `spatial:` / `proj:`
/// convention attributes, give the exact CRS, transform and shape, for one tile and for a cube
/// over two tiles; tensorstore reads the arrays with zarr-python's values.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct GeoreferencingTests {
    @Test(arguments: [[CubeTestSupport.tile], ["EU020M_E048N015T3", CubeTestSupport.tile]])
    func readersDeriveTheExactGrid(tiles: [String]) async throws {
        let dir = try Interop.temporaryDirectory("cube-georef")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        let grid = try CubeGrid(tiles: tiles.map { try Equi7Tile($0) })
        let definition = try CubeDefinition(grid: grid, groupPath: CubeTestSupport.group, bands: ["VV", "VH"], chunkShape: try CubeChunkShape(height: 256, width: 256), shardShape: nil)
        let found = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
        _ = try await CubeBuilder(definition: definition, storePath: store.path).build(items: found)
        let expected = "\(grid.crs.epsg) \(grid.pixelSize) \(grid.minX) \(grid.maxY) \(grid.height) \(grid.width)"
        let output = try Interop.runPython(["-c", """
            import sys, json, numpy as np, xarray as xr, rioxarray, odc.geo.xr, pyproj, zarr
            store, group = sys.argv[1], sys.argv[2]
            ds = xr.open_zarr(store, group=group, consolidated=True, chunks=None)
            def grid(crs, t, shape):
                assert t.b == 0 and t.d == 0 and t.e == -t.a, t
                return f"{crs.to_epsg()} {t.a} {t.c} {t.f} {shape[0]} {shape[1]}"
            box = ds.odc.geobox
            print("odc-geo", grid(pyproj.CRS(box.crs.wkt), box.transform, box.shape))
            print("rioxarray", grid(pyproj.CRS(ds.rio.crs.to_wkt()), ds.rio.transform(), ds.rio.shape))
            # GeoZarr: the group's and every [time, y, x] array's convention attributes.
            g = zarr.open_group(store, mode="r", path=group)
            for node in [g] + [a for _, a in g.arrays() if a.ndim == 3]:
                at = node.attrs
                names = [c["name"] for c in at["zarr_conventions"]]
                assert names == ["spatial", "proj:"], names
                if node is not g:
                    assert list(node.metadata.dimension_names[-2:]) == at["spatial:dimensions"] == ["y", "x"]
                    assert list(at["spatial:shape"]) == list(node.shape[-2:])
                a, b, c, d, e, f = at["spatial:transform"]
                h, w = at["spatial:shape"]
                assert at["spatial:bbox"] == [c, f + e * h, c + a * w, f], at["spatial:bbox"]
                # The pixel centres the transform gives are the x / y coordinates.
                assert np.array_equal(c + a * (np.arange(w) + 0.5), ds.x.values) and np.array_equal(f + e * (np.arange(h) + 0.5), ds.y.values)
                crs = pyproj.CRS.from_wkt(at["proj:wkt2"])
                assert crs == pyproj.CRS.from_user_input(at["proj:code"]), at["proj:code"]
            print("geozarr", f"{crs.to_epsg()} {a} {c} {f} {h} {w}")
            """, store.path, CubeTestSupport.group])
        // tensorstore reads every [time, y, x] array with zarr-python's values (a day with data).
        let tensorstore = try Interop.runPython(["-c", """
            import sys, numpy as np, zarr, tensorstore as ts
            store, group = sys.argv[1], sys.argv[2]
            g = zarr.open_group(store, mode="r", path=group)
            for name, a in g.arrays():
                if a.ndim != 3:
                    continue
                t = ts.open({"driver": "zarr3", "kvstore": {"driver": "file", "path": f"{store}/{group}/{name}"}}).result()
                window = (3898, slice(2000, 2600), slice(1000, 1600))
                assert np.array_equal(t[window].read().result(), a[window]), name
                assert t.fill_value == a.fill_value, name
            print("tensorstore ok")
            """, store.path, CubeTestSupport.group])
        #expect(tensorstore.contains("tensorstore ok"))
        let lines = output.split(separator: "\n").map(String.init)
        for reader in ["odc-geo", "rioxarray", "geozarr"] {
            let line = lines.first { $0.hasPrefix(reader + " ") }
            #expect(line == "\(reader) \(expected)", "\(reader): \(line ?? "missing") vs \(expected)")
        }
    }
}
