#!/usr/bin/env python3
"""The Python cube workflow EOCube's builder is benchmarked against.

What the analysis notebook does, with the usual tools: find items with pystac /
pystac-client, open each asset with rioxarray, clip to the valid-data box, put it in its
UTC day slot, merge fill-only (first acquisition by (datetime, id) with a valid value in any
band owns the pixel) into a Zarr v3 store written with zarr-python, and stamp
sensing_date / orbit numbers. Same layout as the Swift builder (CUBE_LAYOUT.md), same
chunking (--chunk-shape / --shard-shape as eocube build takes them: T,Y,X or Y,X for one day a
chunk; default 1 x 1000 x 1000 chunks in 1 x 2000 x 2000 shards; the notebook's own layout is
20,100,100 in 20,3000,3000) and the same compression (--compression, as eocube build takes it;
eocube-bench passes eocube's default).

Each item is read once, clipped to its valid box and written as one region write per array
into its day slot, as the notebook does; with time chunks longer than a day, zarr-python then
re-encodes the touched inner chunks (and rewrites the touched shards) once per item and array.
Regions nothing owns yet are not read back (their arrays hold only fill values there).

    cube_workflow.py ITEMS.json|STAC_API_URL STORE GROUP TILE [--bands VV,VH] [--collection C] [--compression C]
                     [--chunk-shape T,Y,X] [--shard-shape T,Y,X|none]
"""
import argparse
import math
import os
from datetime import datetime, timezone

import numpy as np
import pystac
import rioxarray  # noqa: F401  (registers .rio)
import xarray as xr
import zarr

EPOCH = datetime(2014, 10, 1, tzinfo=timezone.utc)
EQUI7 = {"AF": 27701, "AN": 27702, "AS": 27703, "EU": 27704, "NA": 27705, "OC": 27706, "SA": 27707}
FILL = -9999


def tile_grid(name):
    cont, rest = name.split("_")
    pixel = float(int(cont[2:5]))
    e, n, size = int(rest[1:4]) * 100_000, int(rest[5:8]) * 100_000, int(rest[9:]) * 100_000
    return EQUI7[cont[:2]], pixel, float(e), float(n + size), int(size / pixel)


def find_items(source, collection):
    if source.startswith("http") and not source.endswith(".json"):
        from pystac_client import Client
        search = Client.open(source).search(collections=[collection] if collection else None)
        return list(search.items())
    items = list(pystac.ItemCollection.from_file(source))
    base = os.path.dirname(os.path.abspath(source))
    for item in items:  # relative asset hrefs are relative to the ItemCollection file
        for asset in item.assets.values():
            if not asset.href.startswith(("/", "http")):
                asset.href = os.path.normpath(os.path.join(base, asset.href))
    return items


def compressors(text):
    """zarr-python codecs for eocube's --compression text (blosc-zstd:L[:SHUFFLE[:BLOCKSIZE]],
    blosc-lz4:..., zstd:L, none)."""
    name, level, shuffle, blocksize = (text.split(":") + [""] * 4)[:4]
    if name in ("blosc-zstd", "blosc-lz4"):
        units = {"kib": 1 << 10, "mib": 1 << 20}
        size = blocksize.lower()
        size = int(size[:-3]) * units[size[-3:]] if size[-3:] in units else int(size or 0)
        return [zarr.codecs.BloscCodec(cname=name[6:], clevel=int(level or 5), shuffle=shuffle or "shuffle", blocksize=size)]
    if name == "zstd":
        return [zarr.codecs.ZstdCodec(level=int(level or 3))]
    if name == "none":
        return []
    raise SystemExit(f"unknown compression {text!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("store")
    ap.add_argument("group")
    ap.add_argument("tile")
    ap.add_argument("--bands", default="VV,VH")
    ap.add_argument("--collection")
    ap.add_argument("--compression", default="blosc-zstd:1:bitshuffle:1MiB")
    ap.add_argument("--chunk-shape", default="1,1000,1000")
    ap.add_argument("--shard-shape", default="1,2000,2000")
    args = ap.parse_args()

    def shape(text, time=1):
        numbers = [int(v) for v in text.split(",")]
        return tuple(numbers) if len(numbers) == 3 else (time, *numbers)

    chunks = shape(args.chunk_shape)
    shards = None if args.shard_shape.lower() == "none" else shape(args.shard_shape, chunks[0])
    bands = args.bands.split(",")
    epsg, pixel, x0, y1, n = tile_grid(args.tile)

    items = sorted(find_items(args.source, args.collection), key=lambda i: (i.datetime, i.id))
    slots = {}
    for item in items:
        slots.setdefault(math.floor((item.datetime - EPOCH).total_seconds() / 86400), []).append(item)

    root = zarr.open_group(args.store, mode="a")
    group = root.require_group(args.group)
    nt = max(slots) + 1
    comp = compressors(args.compression)
    dims = ["time", "y", "x"]

    # Like eocube: the piecewise-constant metadata arrays without Blosc's shuffle.
    metadata_comp = [zarr.codecs.BloscCodec(cname=c.cname, clevel=c.clevel, shuffle="noshuffle", blocksize=c.blocksize)
                     if isinstance(c, zarr.codecs.BloscCodec) else c for c in comp]

    def cube_array(name, dtype, attrs, codecs=comp):
        if name in group:
            a = group[name]
            if a.shape[0] < nt:
                a.resize((nt, n, n))
            return a
        return group.create_array(name, shape=(nt, n, n), chunks=chunks, shards=shards, dtype=dtype,
                                  fill_value=FILL, compressors=codecs, dimension_names=dims, attributes=attrs)

    first = items[0]
    with rioxarray.open_rasterio(first.assets[bands[0]].get_absolute_href()) as da:
        dtype, nodata = da.dtype, da.rio.nodata
    mapping = {"grid_mapping": "spatial_ref", "coordinates": "spatial_ref"}
    out = {b: cube_array(b, dtype, dict(mapping, _FillValue=int(nodata), scale_factor=0.1)) for b in bands}
    out["sensing_date"] = cube_array("sensing_date", "int64", dict(mapping, _FillValue=FILL, units="seconds since 2014-10-01 00:00:00",
                                                                   calendar="proleptic_gregorian"), metadata_comp)
    out["absolute_orbit_number"] = cube_array("absolute_orbit_number", "int32", dict(mapping, _FillValue=FILL), metadata_comp)
    out["relative_orbit_number"] = cube_array("relative_orbit_number", "int16", dict(mapping, _FillValue=FILL), metadata_comp)
    if "time" not in group:
        t = group.create_array("time", shape=(nt,), chunks=(1024,), dtype="int64", fill_value=-1, dimension_names=["time"],
                               attributes={"units": "days since 2014-10-01", "calendar": "proleptic_gregorian"})
        t[:] = np.arange(nt)
        x = group.create_array("x", shape=(n,), chunks=(n,), dtype="float64", fill_value=float("nan"), dimension_names=["x"])
        x[:] = x0 + pixel / 2 + pixel * np.arange(n)
        y = group.create_array("y", shape=(n,), chunks=(n,), dtype="float64", fill_value=float("nan"), dimension_names=["y"])
        y[:] = y1 - pixel / 2 - pixel * np.arange(n)

    for slot, acqs in sorted(slots.items()):
        for item in acqs:
            # Read the scene, clip to the box of valid pixels (any band).
            data = {b: rioxarray.open_rasterio(item.assets[b].get_absolute_href()).squeeze("band", drop=True) for b in bands}
            valid = np.zeros(data[bands[0]].shape, bool)
            for b in bands:
                valid |= (data[b] != data[b].rio.nodata).values
            rows, cols = np.nonzero(valid.any(axis=1))[0], np.nonzero(valid.any(axis=0))[0]
            if len(rows) == 0:
                continue
            transform = data[bands[0]].rio.transform()
            # The valid box in cube pixels, clipped to the tile (scenes may reach past its edge).
            sr, sc = int(round((y1 - transform.f) / pixel)), int(round((transform.c - x0) / pixel))
            vr0, vr1 = max(sr + rows[0], 0), min(sr + rows[-1] + 1, n)
            vc0, vc1 = max(sc + cols[0], 0), min(sc + cols[-1] + 1, n)
            if vr0 >= vr1 or vc0 >= vc1:
                continue
            r0, r1, c0, c1 = vr0 - sr, vr1 - sr, vc0 - sc, vc1 - sc
            region = (slot, slice(vr0, vr1), slice(vc0, vc1))
            # Fill-only merge with what the slot already holds.
            sd = out["sensing_date"][region]
            unowned = sd == FILL
            take = valid[r0:r1, c0:c1] & unowned
            if not take.any():
                continue
            # Where nothing owns a pixel yet every array holds its fill value, so a region the
            # slot has no data in yet (the day's first item) needs no read-back.
            fresh = unowned.all()
            seconds = int(math.floor((item.datetime - EPOCH).total_seconds()))
            props = item.properties
            tags = data[bands[0]].attrs
            absolute = props.get("sat:absolute_orbit", tags.get("abs_orbit_number", FILL))
            relative = props.get("sat:relative_orbit", tags.get("rel_orbit_number", FILL))
            for b in bands:
                cur = np.full(sd.shape, out[b].fill_value, out[b].dtype) if fresh else out[b][region]
                cur[take] = data[b].values[r0:r1, c0:c1][take]
                out[b][region] = cur
            for name, value in (("absolute_orbit_number", absolute), ("relative_orbit_number", relative)):
                cur = np.full(sd.shape, out[name].fill_value, out[name].dtype) if fresh else out[name][region]
                cur[take] = int(value)
                out[name][region] = cur
            sd[take] = seconds
            out["sensing_date"][region] = sd
            del data
    zarr.consolidate_metadata(args.store, path=args.group)
    zarr.consolidate_metadata(args.store)
    ds = xr.open_zarr(args.store, group=args.group, consolidated=True, chunks=None)
    print(f"python workflow: {len(items)} items, {len(slots)} slots, time length {ds.sizes['time']}")


if __name__ == "__main__":
    main()
