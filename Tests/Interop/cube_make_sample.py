#!/usr/bin/env python3
"""Generate the sample Sentinel-1 SIG0 scene shipped in Examples/sample-scene.

Usage:
    cube_make_sample.py OUT_DIR                 # the good sample (items.json + COGs)
    cube_make_sample.py --bad OUT_DIR           # items that must be refused (tests)
    cube_make_sample.py --bench OUT_DIR [N] [SIZE] [--days D]
                                                # N big acquisitions for the benchmark, 3 a day,
                                                # spread over D days (default 6 days per 3)

The files look like the TU Wien / EODC SIG0 products: int16 (dB x 10, scale 0.1),
nodata -9999, DEFLATE, tiled COGs in EPSG:27704 on the Equi7 tile EU020M_E051N015T3
(20 m), with GDAL_METADATA items abs_orbit_number / rel_orbit_number / sensing_date.
Only a small area of the 300 km tile is covered so the repository stays small.

Tricky cases in the good sample:
  * A1 and A2 are consecutive slices of one orbit on 2025-06-03 that overlap
    (A1 owns the overlap, being earlier); A2b has the same datetime as A2 and an id
    sorting after it, so the tie is broken by id.
  * VH has a nodata hole where VV is valid (the owner keeps VH at fill there).
  * B1 at 2025-06-10T23:59:50Z and B2 at 2025-06-11T00:00:10Z fall on different days.
  * C on 2025-06-20 leaves a gap of days; it carries no sat:* properties, so its
    orbit numbers come from the GeoTIFF metadata tags.
  * items.json is not sorted by datetime.
"""
import json
import os
import sys

import numpy as np
import rasterio
from rasterio.transform import from_origin

TILE = "EU020M_E051N015T3"
EPSG = 27704
PIXEL = 20.0
TILE_X0 = 5_100_000.0
TILE_Y1 = 1_800_000.0  # top edge of the tile
NODATA = -9999
COLLECTION = "sentinel1-sig0-20m"


def write_cog(path, data, col0, row0, tags, pixel=PIXEL, x0=TILE_X0, y1=TILE_Y1, epsg=EPSG, blocksize=256):
    height, width = data.shape
    transform = from_origin(x0 + col0 * pixel, y1 - row0 * pixel, pixel, pixel)
    profile = dict(
        driver="COG", width=width, height=height, count=1, dtype="int16", nodata=NODATA,
        crs=f"EPSG:{epsg}", transform=transform, compress="DEFLATE", predictor=2,
        blocksize=blocksize, overviews="NONE",
    )
    # The COG driver cannot be opened in update mode, so write a GTiff in memory first.
    with rasterio.MemoryFile() as mem:
        gtiff = dict(profile, driver="GTiff", tiled=True, blockxsize=blocksize, blockysize=blocksize)
        del gtiff["blocksize"], gtiff["overviews"]
        with mem.open(**gtiff) as dst:
            dst.write(data, 1)
            dst.scales = (0.1,)
            dst.offsets = (0.0,)
            dst.update_tags(**tags)
        with mem.open() as src:
            rasterio.shutil.copy(src, path, driver="COG", compress="DEFLATE", predictor=2,
                                 blocksize=blocksize, overviews="NONE")


def sig0_field(rng, shape, base):
    """A smooth backscatter field (dB x 10) with mild speckle: compresses well, looks real."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    smooth = base + 30 * np.sin(xx / 47.0) * np.cos(yy / 61.0) + 15 * np.sin((xx + yy) / 23.0)
    speckle = rng.integers(-3, 4, size=shape)
    return (smooth + speckle).astype(np.int16)


def make_item(item_id, dt, assets, col0, row0, shape, abs_orbit, rel_orbit, with_sat=True, epsg=EPSG, pixel=PIXEL):
    h, w = shape
    x0 = TILE_X0 + col0 * pixel
    y1 = TILE_Y1 - row0 * pixel
    props = {
        "datetime": dt,
        "platform": "sentinel-1a",
        "constellation": "sentinel-1",
        "instruments": ["c-sar"],
        "sar:instrument_mode": "IW",
        "sar:polarizations": sorted(assets.keys()),
        "proj:code": f"EPSG:{epsg}",
        "proj:shape": [h, w],
        "proj:transform": [pixel, 0.0, x0, 0.0, -pixel, y1],
        "Equi7_TileID": TILE,
    }
    if with_sat:
        props["sat:absolute_orbit"] = abs_orbit
        props["sat:relative_orbit"] = rel_orbit
        props["sat:orbit_state"] = "descending"
    return {
        "type": "Feature",
        "stac_version": "1.1.0",
        "stac_extensions": [
            "https://stac-extensions.github.io/projection/v2.0.0/schema.json",
            "https://stac-extensions.github.io/sat/v1.0.0/schema.json",
            "https://stac-extensions.github.io/sar/v1.1.0/schema.json",
            "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
        ],
        "id": item_id,
        "collection": COLLECTION,
        "geometry": None,
        "bbox": None,
        "properties": props,
        "links": [],
        "assets": {
            band: {
                "href": f"./{name}",
                "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                "roles": ["data"],
                "title": f"{band} backscatter (sigma0, dB x 10)",
                "raster:bands": [{"data_type": "int16", "nodata": -9999, "scale": 0.1, "unit": "dB"}],
            }
            for band, name in assets.items()
        },
    }


def footprint(item):
    """WGS84 geometry/bbox of an item from its projection properties (pyproj is in the venv)."""
    from pyproj import Transformer
    p = item["properties"]
    h, w = p["proj:shape"]
    a, _, x0, _, e, y1 = p["proj:transform"]
    xs = [x0, x0 + w * a, x0 + w * a, x0]
    ys = [y1, y1, y1 + h * e, y1 + h * e]
    t = Transformer.from_crs(p["proj:code"], "EPSG:4326", always_xy=True)
    lon, lat = t.transform(xs, ys)
    ring = [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lon, lat)] + [[round(float(lon[0]), 6), round(float(lat[0]), 6)]]
    item["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    item["bbox"] = [round(min(lon), 6), round(min(lat), 6), round(max(lon), 6), round(max(lat), 6)]


def tags_for(dt, abs_orbit, rel_orbit):
    return {
        "abs_orbit_number": str(abs_orbit),
        "rel_orbit_number": str(rel_orbit),
        "sensing_date": dt.replace("T", " ").rstrip("Z"),
        "Equi7_TileID": TILE,
        "polarisation_units": "dB",
    }


def file_name(dt, band, rel_orbit, suffix=""):
    stamp = dt.replace("-", "").replace(":", "").rstrip("Z")
    return f"SIG0_{stamp}{suffix}__{band}_D{rel_orbit:03d}_E051N015T3_EU020M_V1M1R1_S1AIWGRDH_TUWIEN.tif"


def scene(out, spec, rng):
    """Write one acquisition: spec = (id, datetime, col0, row0, (h, w), abs, rel, with_sat, valid(yy, xx) -> (vv_mask, vh_mask), bands)."""
    item_id, dt, col0, row0, shape, abs_o, rel_o, with_sat, masks, bands = spec
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    vv_mask, vh_mask = masks(yy, xx)
    assets = {}
    for band, mask, base in (("VV", vv_mask, -120), ("VH", vh_mask, -190)):
        if band not in bands:
            continue
        data = sig0_field(rng, shape, base + rng.integers(-20, 20))
        data[~mask] = NODATA
        name = file_name(dt, band, rel_o, suffix="_" + item_id.split("_")[-1])
        write_cog(os.path.join(out, name), data, col0, row0, tags_for(dt, abs_o, rel_o))
        assets[band] = name
    item = make_item(item_id, dt, assets, col0, row0, shape, abs_o, rel_o, with_sat)
    footprint(item)
    return item


def good_sample(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20250603)
    full = lambda yy, xx: (np.ones(yy.shape, bool),) * 2

    def swath_a1(yy, xx):
        # A swath edge running diagonally (like a Sentinel-1 slice border), plus a VH hole.
        vv = xx + 0.4 * yy > 80
        vh = vv & ~((yy - 150) ** 2 + (xx - 300) ** 2 < 60 ** 2)
        return vv, vh

    def swath_a2(yy, xx):
        vv = xx + 0.4 * yy > 40
        vv &= yy < 380
        return vv, vv.copy()

    def swath_a2b(yy, xx):
        vv = (xx > 100) & (xx < 260)
        return vv, vv.copy()

    def swath_b(yy, xx):
        vv = (xx - 0.5 * yy) < 300
        return vv, vv & (yy > 20)

    specs = [
        # id, datetime, col0, row0, (h, w), abs, rel, with_sat, masks, bands
        ("S1A_20250620T052000_C", "2025-06-20T05:20:00Z", 1000, 2000, (600, 600), 59595, 80, False, swath_b, ("VV", "VH")),
        ("S1A_20250603T052025_A2", "2025-06-03T05:20:25Z", 1000, 2200, (400, 600), 59347, 80, True, swath_a2, ("VV", "VH")),
        ("S1A_20250603T052000_A1", "2025-06-03T05:20:00Z", 1000, 2000, (400, 600), 59347, 80, True, swath_a1, ("VV", "VH")),
        ("S1A_20250611T000010_B2", "2025-06-11T00:00:10Z", 1150, 2100, (380, 420), 59464, 22, True, full, ("VV", "VH")),
        ("S1A_20250603T052025_A2b", "2025-06-03T05:20:25Z", 1200, 2150, (300, 300), 59347, 80, True, swath_a2b, ("VV", "VH")),
        ("S1A_20250610T235950_B1", "2025-06-10T23:59:50Z", 1100, 2050, (450, 400), 59463, 22, True, swath_b, ("VV", "VH")),
    ]
    items = [scene(out, s, rng) for s in specs]
    collection = {"type": "FeatureCollection", "features": items}
    with open(os.path.join(out, "items.json"), "w") as f:
        json.dump(collection, f, indent=1)
        f.write("\n")


def bad_sample(out):
    """One good item plus one item per refusal reason; ids name the reason."""
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    full = lambda yy, xx: (np.ones(yy.shape, bool),) * 2
    items = []
    good = ("S1A_20250603T052000_good", "2025-06-03T05:20:00Z", 1000, 2000, (200, 200), 59347, 80, True, full, ("VV", "VH"))
    items.append(scene(out, good, rng))
    # Missing band: only VV.
    items.append(scene(out, ("S1A_20250604T052000_missingband", "2025-06-04T05:20:00Z", 1000, 2000, (200, 200), 59348, 81, True, full, ("VV",)), rng))
    # Off-grid items: write by hand with another CRS / pixel size / alignment.
    for item_id, dt, kwargs in (
        ("S1A_20250605T052000_othercrs", "2025-06-05T05:20:00Z", dict(epsg=27703)),
        ("S1A_20250606T052000_pixelsize", "2025-06-06T05:20:00Z", dict(pixel=10.0)),
        ("S1A_20250607T052000_misaligned", "2025-06-07T05:20:00Z", dict(x0=TILE_X0 + 7.0)),
    ):
        assets = {}
        for band in ("VV", "VH"):
            data = sig0_field(rng, (200, 200), -120)
            name = f"{item_id}_{band}.tif"
            write_cog(os.path.join(out, name), data, 1000, 2000, tags_for(dt, 1, 2), **kwargs)
            assets[band] = name
        pixel = kwargs.get("pixel", PIXEL)
        x0 = kwargs.get("x0", TILE_X0) + 1000 * pixel
        item = make_item(item_id, dt, assets, 0, 0, (200, 200), 1, 2, epsg=kwargs.get("epsg", EPSG), pixel=pixel)
        item["properties"]["proj:transform"] = [pixel, 0.0, x0, 0.0, -pixel, TILE_Y1 - 2000 * pixel]
        items.append(item)
    # Unreadable asset: not a TIFF at all.
    with open(os.path.join(out, "broken_VV.tif"), "wb") as f:
        f.write(b"this is not a tiff\n")
    item = make_item("S1A_20250608T052000_unreadable", "2025-06-08T05:20:00Z", {"VV": "broken_VV.tif", "VH": "missing_VH.tif"}, 1000, 2000, (200, 200), 1, 2)
    items.append(item)
    with open(os.path.join(out, "items.json"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": items}, f, indent=1)


def bench_sample(out, count=12, size=6000, days=None):
    """`count` acquisitions of size x size px over one tile, 3 per day, overlapping, with nodata borders.

    The acquisition days start on 2025-06-01 and are spread evenly over `days` days (default
    6 days between acquisition days, as the 12-item build benchmark has always used); e.g.
    120 items over 240 days give 40 acquisition days, the time-series benchmark of issue 10."""
    import datetime as _dt
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(12)
    acquisition_days = (count + 2) // 3
    step = 6 if days is None else max(1, days // acquisition_days)
    start = _dt.date(2025, 6, 1)
    items = []
    for i in range(count):
        day = start + _dt.timedelta(days=(i // 3) * step)
        dt = f"{day.isoformat()}T05:{20 + (i % 3):02d}:{(i * 7) % 60:02d}Z"
        shift = (i % 3) * (size // 4)

        def masks(yy, xx, i=i % 12):  # i % 12: the swath edge moves within the scene, never off it
            vv = (xx + 0.3 * yy > 400 + 50 * i) & (xx - 0.2 * yy < size - 300)
            return vv, vv & ~((yy % 1500) < 40)

        spec = (f"S1A_bench_{i:02d}", dt, 0, shift, (size, size), 59000 + i, 80 + i % 3, True, masks, ("VV", "VH"))
        items.append(scene(out, spec, rng))
        print(f"wrote item {i + 1}/{count}", file=sys.stderr)
    with open(os.path.join(out, "items.json"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": items}, f, indent=1)


if __name__ == "__main__":
    import rasterio.shutil  # noqa: F401  (registers rasterio.shutil)
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    if args[0] == "--bad":
        bad_sample(args[1])
    elif args[0] == "--bench":
        days = None
        if "--days" in args:
            at = args.index("--days")
            days = int(args[at + 1])
            del args[at:at + 2]
        bench_sample(args[1], *(int(a) for a in args[2:4]), days=days)
    else:
        good_sample(args[0])
