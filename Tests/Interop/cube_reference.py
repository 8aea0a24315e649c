#!/usr/bin/env python3
"""Independent reference implementation of Docs/CUBE_LAYOUT.md (rasterio + zarr-python).

Written from the contract only, to check the Swift builder array by array:

    cube_reference.py build ITEMS.json STORE GROUP TILE BANDS [CHUNK_Y CHUNK_X]
    cube_reference.py compare STORE_A STORE_B GROUP [--values-only]  # values, attributes, chunk keys

`build` makes a fresh store; `compare` prints "identical" or the differences and exits 1.
Slow and simple on purpose: it reads whole rasters with rasterio.
"""
import json
import math
import os
import sys
from datetime import datetime, timezone

import numpy as np
import rasterio
import zarr

EPOCH = datetime(2014, 10, 1, tzinfo=timezone.utc)
EQUI7_EPSG = {"AF": 27701, "AN": 27702, "AS": 27703, "EU": 27704, "NA": 27705, "OC": 27706, "SA": 27707}
META_FILL = -9999


def parse_tile(name):
    """EU020M_E051N015T3 -> (epsg, pixel, x0, y0, x1, y1)."""
    cont, rest = name.split("_")
    pixel = float(int(cont[2:5]))
    assert cont[5] == "M"
    e = int(rest[1:4]) * 100_000
    n = int(rest[5:8]) * 100_000
    size = int(rest[9:]) * 100_000
    return EQUI7_EPSG[cont[:2]], pixel, float(e), float(n), float(e + size), float(n + size)


def parse_dt(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def load_items(path):
    with open(path) as f:
        doc = json.load(f)
    items = doc["features"] if doc.get("type") == "FeatureCollection" else doc
    base = os.path.dirname(os.path.abspath(path))
    for item in items:
        for asset in item["assets"].values():
            if not asset["href"].startswith(("/", "http")):
                asset["href"] = os.path.normpath(os.path.join(base, asset["href"]))
    return items


def build(items_path, store, group, tile, bands, chunk=(1000, 1000)):
    epsg, pixel, gx0, gy0, gx1, gy1 = parse_tile(tile)
    nx = int(round((gx1 - gx0) / pixel))
    ny = int(round((gy1 - gy0) / pixel))
    items = sorted(load_items(items_path), key=lambda it: (parse_dt(it["properties"]["datetime"]), it["id"]))

    # Read every item: per band data placed at its cube offsets, plus metadata.
    slots = {}
    dtype, nodata, scale, offset = None, None, None, None
    units = {}  # per band, the catalog's raster:bands[0].unit of the first item that has the band
    for item in items:
        dt = parse_dt(item["properties"]["datetime"])
        slot = math.floor((dt - EPOCH).total_seconds() / 86400)
        seconds = math.floor((dt - EPOCH).total_seconds())
        data = {}
        tags = {}
        for band in bands:
            units.setdefault(band, (item["assets"][band].get("raster:bands") or [{}])[0].get("unit"))
            with rasterio.open(item["assets"][band]["href"]) as src:
                assert src.crs.to_epsg() == epsg, item["id"]
                t = src.transform
                assert t.a == pixel and t.e == -pixel, item["id"]
                col0 = (t.c - gx0) / pixel
                row0 = (gy1 - t.f) / pixel
                assert col0 == int(col0) and row0 == int(row0), item["id"]
                col0, row0 = int(col0), int(row0)
                data[band] = src.read(1)
                nodata = src.nodata
                dtype = src.dtypes[0]
                scale, offset = src.scales[0], src.offsets[0]
                tags = tags or src.tags()
        props = item["properties"]
        abs_o = props.get("sat:absolute_orbit", tags.get("abs_orbit_number"))
        rel_o = props.get("sat:relative_orbit", tags.get("rel_orbit_number"))
        slots.setdefault(slot, []).append(dict(
            id=item["id"], seconds=seconds, data=data, col0=col0, row0=row0,
            abs=int(abs_o) if abs_o is not None else META_FILL,
            rel=int(rel_o) if rel_o is not None else META_FILL))

    root = zarr.open_group(store, mode="w")
    g = root.create_group(group)
    nt = max(slots) + 1
    compressors = [zarr.codecs.BloscCodec(cname="zstd", clevel=3, shuffle="shuffle")]

    def arr(name, dt, shape, chunks, fill, attrs, dims):
        a = g.create_array(name, shape=shape, chunks=chunks, dtype=dt, fill_value=fill,
                           compressors=compressors, dimension_names=dims, attributes=attrs)
        return a

    x = arr("x", "float64", (nx,), (nx,), float("nan"),
            {"units": "m", "standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection"}, ["x"])
    x[:] = gx0 + pixel / 2 + pixel * np.arange(nx)
    y = arr("y", "float64", (ny,), (ny,), float("nan"),
            {"units": "m", "standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection"}, ["y"])
    y[:] = gy1 - pixel / 2 - pixel * np.arange(ny)
    tm = arr("time", "int64", (nt,), (1024,), -1,
             {"units": "days since 2014-10-01", "calendar": "proleptic_gregorian", "standard_name": "time"}, ["time"])
    tm[:] = np.arange(nt)
    from pyproj import CRS
    wkt = CRS.from_epsg(epsg).to_wkt("WKT2_2019")
    sr = arr("spatial_ref", "int64", (), (), 0, {
        "crs_wkt": wkt, "spatial_ref": wkt,
        "GeoTransform": f"{gx0!r} {pixel!r} 0.0 {gy1!r} 0.0 {-pixel!r}"}, None)
    sr[...] = 0
    # GeoZarr conventions (zarr-conventions spatial v1 and geo-proj v1) beside CF's grid_mapping.
    geozarr = {
        "zarr_conventions": [
            {"schema_url": "https://raw.githubusercontent.com/zarr-conventions/spatial/refs/tags/v1/schema.json",
             "spec_url": "https://github.com/zarr-conventions/spatial/blob/v1/README.md",
             "uuid": "689b58e2-cf7b-45e0-9fff-9cfc0883d6b4", "name": "spatial", "description": "Spatial coordinate information"},
            {"schema_url": "https://raw.githubusercontent.com/zarr-conventions/geo-proj/refs/tags/v1/schema.json",
             "spec_url": "https://github.com/zarr-conventions/geo-proj/blob/v1/README.md",
             "uuid": "f17cb550-5864-4468-aeb7-f3180cfb622f", "name": "proj:",
             "description": "Coordinate reference system information for geospatial data"}],
        "spatial:dimensions": ["y", "x"], "spatial:transform_type": "affine",
        "spatial:transform": [pixel, 0.0, gx0, 0.0, -pixel, gy1],
        "spatial:bbox": [gx0, gy1 - pixel * ny, gx0 + pixel * nx, gy1], "spatial:shape": [ny, nx],
        "spatial:registration": "pixel", "proj:code": f"EPSG:{epsg}", "proj:wkt2": wkt,
    }
    # xarray takes the mask value of Zarr v3 arrays from the _FillValue attribute.
    band_attrs = dict(geozarr, grid_mapping="spatial_ref", coordinates="spatial_ref", _FillValue=int(nodata))
    if scale is not None and scale != 1.0:
        band_attrs["scale_factor"] = scale
    if offset is not None and offset != 0.0:
        band_attrs["add_offset"] = offset
    cube = (nt, ny, nx)
    chunks = (1,) + tuple(chunk)
    out = {b: arr(b, dtype, cube, chunks, int(nodata), dict(band_attrs, **({"units": units[b]} if units.get(b) else {})), ["time", "y", "x"])
           for b in bands}
    meta_attrs = dict(geozarr, grid_mapping="spatial_ref", coordinates="spatial_ref", _FillValue=META_FILL)
    out["sensing_date"] = arr("sensing_date", "int64", cube, chunks, META_FILL,
                              dict(meta_attrs, units="seconds since 2014-10-01 00:00:00", calendar="proleptic_gregorian"),
                              ["time", "y", "x"])
    out["absolute_orbit_number"] = arr("absolute_orbit_number", "int32", cube, chunks, META_FILL, dict(meta_attrs), ["time", "y", "x"])
    out["relative_orbit_number"] = arr("relative_orbit_number", "int16", cube, chunks, META_FILL, dict(meta_attrs), ["time", "y", "x"])

    for slot, acqs in sorted(slots.items()):
        # Union extent of the slot's rasters, clipped to the cube.
        r0 = max(0, min(a["row0"] for a in acqs))
        c0 = max(0, min(a["col0"] for a in acqs))
        r1 = min(ny, max(a["row0"] + next(iter(a["data"].values())).shape[0] for a in acqs))
        c1 = min(nx, max(a["col0"] + next(iter(a["data"].values())).shape[1] for a in acqs))
        h, w = r1 - r0, c1 - c0
        owned = np.zeros((h, w), bool)
        planes = {b: np.full((h, w), nodata, dtype=dtype) for b in bands}
        sd = np.full((h, w), META_FILL, np.int64)
        ab = np.full((h, w), META_FILL, np.int32)
        rl = np.full((h, w), META_FILL, np.int16)
        for a in acqs:  # already in (datetime, id) order
            for b in bands:
                d = a["data"][b]
                # Place the raster in the slot window (clip to the window).
                rr0, cc0 = a["row0"] - r0, a["col0"] - c0
                sr0, sc0 = max(0, -rr0), max(0, -cc0)
                dr0, dc0 = max(0, rr0), max(0, cc0)
                hh = min(d.shape[0] - sr0, h - dr0)
                ww = min(d.shape[1] - sc0, w - dc0)
                a.setdefault("placed", {})[b] = np.full((h, w), nodata, dtype=dtype)
                if hh > 0 and ww > 0:
                    a["placed"][b][dr0:dr0 + hh, dc0:dc0 + ww] = d[sr0:sr0 + hh, sc0:sc0 + ww]
            valid = np.zeros((h, w), bool)
            for b in bands:
                valid |= a["placed"][b] != nodata
            take = valid & ~owned
            for b in bands:
                planes[b][take] = a["placed"][b][take]
            sd[take] = a["seconds"]
            ab[take] = a["abs"]
            rl[take] = a["rel"]
            owned |= take
        for b in bands:
            out[b][slot, r0:r1, c0:c1] = planes[b]
        out["sensing_date"][slot, r0:r1, c0:c1] = sd
        out["absolute_orbit_number"][slot, r0:r1, c0:c1] = ab
        out["relative_orbit_number"][slot, r0:r1, c0:c1] = rl
    zarr.consolidate_metadata(store, path=group)
    zarr.consolidate_metadata(store)


def chunk_keys(store, group, name):
    base = os.path.join(store, group, name)
    keys = set()
    for dirpath, _, files in os.walk(base):
        for f in files:
            if f != "zarr.json":
                keys.add(os.path.relpath(os.path.join(dirpath, f), base))
    return keys


def chunk_regions(store, group, name, array):
    """(t0, t1, r0, r1, c0, c1) of every chunk (or shard) file of a [time, y, x] array."""
    shape = array.shards or array.chunks
    out = set()
    for key in chunk_keys(store, group, name):
        parts = key.split("/")
        if parts[0] != "c" or len(parts) != 4:
            continue
        t, r, c = (int(p) for p in parts[1:])
        t0, r0, c0 = t * shape[0], r * shape[1], c * shape[2]
        out.add((t0, min(t0 + shape[0], array.shape[0]), r0, min(r0 + shape[1], array.shape[1]),
                 c0, min(c0 + shape[2], array.shape[2])))
    return out


def compare(a_path, b_path, group, check_chunks=True, values_only=False):
    """Prints "identical" or the differences; values_only compares the arrays both stores have,
    by value, dtype, fill value and shape, ignoring attributes and arrays only one store has."""
    a = zarr.open_group(a_path, mode="r")[group]
    b = zarr.open_group(b_path, mode="r")[group]
    problems = []
    names_a = sorted(k for k, _ in a.arrays())
    names_b = sorted(k for k, _ in b.arrays())
    if names_a != names_b and not values_only:
        problems.append(f"arrays differ: {names_a} vs {names_b}")
    for name in sorted(set(names_a) & set(names_b)):
        xa, xb = a[name], b[name]
        if xa.shape != xb.shape:
            problems.append(f"{name}: shape {xa.shape} vs {xb.shape}")
            continue
        if xa.dtype != xb.dtype:
            problems.append(f"{name}: dtype {xa.dtype} vs {xb.dtype}")
        fa, fb = xa.metadata.fill_value, xb.metadata.fill_value
        if not (fa == fb or (isinstance(fa, float) and math.isnan(fa) and math.isnan(fb))):
            problems.append(f"{name}: fill {fa} vs {fb}")
        if list(xa.metadata.dimension_names or []) != list(xb.metadata.dimension_names or []):
            problems.append(f"{name}: dimension_names {xa.metadata.dimension_names} vs {xb.metadata.dimension_names}")
        for key in [] if values_only else sorted(set(xa.attrs) | set(xb.attrs)):
            if xa.attrs.get(key) != xb.attrs.get(key):
                problems.append(f"{name}: attribute {key}: {str(xa.attrs.get(key))[:80]} vs {str(xb.attrs.get(key))[:80]}")
        if xa.ndim == 3:
            # Only regions with a chunk file in either store can differ from fill.
            regions = chunk_regions(a_path, group, name, xa) | chunk_regions(b_path, group, name, xb)
            # Time-block chunks of one store cover slots the other stores in one-day chunks:
            # compare, per spatial box, the span of slots either store has files for.
            spans = {}
            for t0, t1, r0, r1, c0, c1 in regions:
                low, high = spans.get((r0, r1, c0, c1), (t0, t1))
                spans[(r0, r1, c0, c1)] = (min(low, t0), max(high, t1))
            for (r0, r1, c0, c1), (t0, t1) in sorted(spans.items()):
                # Slot by slot: a span of 20 slots over a 3000-px shard is 1.4 GB of int64.
                for t in range(t0, t1):
                    va, vb = xa[t, r0:r1, c0:c1], xb[t, r0:r1, c0:c1]
                    if not np.array_equal(va, vb):
                        diff = np.argwhere(va != vb)
                        r, c = diff[0]
                        problems.append(f"{name}[{t}, {r0}:{r1}, {c0}:{c1}]: {len(diff)} pixels differ, first at y={r0 + r} x={c0 + c}: {va[r, c]} vs {vb[r, c]}")
        if check_chunks and xa.ndim == 3 and xa.chunks == xb.chunks and xa.metadata.codecs == xb.metadata.codecs:
            ka, kb = chunk_keys(a_path, group, name), chunk_keys(b_path, group, name)
            if ka != kb:
                problems.append(f"{name}: chunk files differ: only A {sorted(ka - kb)[:5]}, only B {sorted(kb - ka)[:5]}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("identical")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "build":
        items, store, group, tile, bands, *chunk = args
        build(items, store, group, tile, bands.split(","), tuple(int(c) for c in chunk) if chunk else (1000, 1000))
    elif cmd == "compare":
        values_only = "--values-only" in args
        compare(*(a for a in args if a != "--values-only"), values_only=values_only)
    else:
        sys.exit(__doc__)
