#!/usr/bin/env python3
"""Generate a Sentinel-1 SIG0-like STAC collection and its items (deterministic).

Items look like TU Wien's Sentinel-1 sigma0 20 m Equi7Grid product: one item per
(Equi7 T3 tile, acquisition), properties Equi7_TileID, sat:absolute_orbit,
sat:relative_orbit, sat:orbit_state, sar:polarizations, proj:code EPSG:27704, and VV/VH
GeoTIFF assets.

    make_sig0_items.py OUTDIR [--collection ID] [--tiles N] [--items N]

writes OUTDIR/<ID>.collection.json and OUTDIR/<ID>.items.json (an ItemCollection).
"""
import argparse
import datetime as dt
import json
import os

EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)


def tiles(count):
    """Equi7 EU020M T3 tiles (300 km), a square-ish block of `count` of them."""
    side = 1
    while side * side < count:
        side += 1
    out = []
    for j in range(side):
        for i in range(side):
            if len(out) == count:
                return out
            e, n = 48 + 3 * i, 12 + 3 * j
            out.append((f"E{e:03d}N{n:03d}T3", e, n))
    return out


def absolute_orbit(relative, when):
    """An S1A absolute orbit with the given relative orbit near `when` (175 orbits per 12 days)."""
    days = (when - EPOCH).total_seconds() / 86400.0
    approx = 35790 + int(days * 175 / 12)
    # S1A: relative = (absolute - 73) % 175 + 1
    for delta in range(0, 175):
        for candidate in (approx + delta, approx - delta):
            if (candidate - 73) % 175 + 1 == relative:
                return candidate
    raise AssertionError("unreachable")


def make(collection_id, tile_count, item_count):
    tile_list = tiles(tile_count)
    orbits = [(22, "descending", dt.timedelta(hours=5, minutes=12)), (95, "ascending", dt.timedelta(hours=17, minutes=3)),
              (117, "descending", dt.timedelta(hours=5, minutes=28)), (146, "ascending", dt.timedelta(hours=16, minutes=47))]
    items = []
    k = 0
    day = 0
    while len(items) < item_count:
        for t, (tile, e, n) in enumerate(tile_list):
            if len(items) == item_count:
                break
            rel, state, tod = orbits[(t + day) % len(orbits)]
            when = EPOCH + dt.timedelta(days=day * 3 + (t % 3)) + tod + dt.timedelta(seconds=(7 * t) % 60)
            k += 1
            pols = ["VV", "VH"] if k % 7 else ["VV"]
            lon_w, lat_s = 10.0 + (e - 48) * 1.2, 44.0 + (n - 12) * 0.9
            bbox = [round(lon_w, 4), round(lat_s, 4), round(lon_w + 3.2, 4), round(lat_s + 2.7, 4)]
            stamp = when.strftime("%Y%m%dT%H%M%S")
            item_id = f"SIG0_{stamp}__{'_'.join(pols)}_{state[0].upper()}{rel:03d}_{tile}_EU020M_V1M1R1_S1AIWGRDH_TUWIEN"
            x0, y0 = e * 100000, n * 100000
            assets = {
                p: {
                    "href": f"https://data.eocube.test/{collection_id}/EU020M/{tile}/{item_id}_{p}.tif",
                    "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                    "roles": ["data"],
                    "title": f"Sigma0 {p}",
                    "raster:bands": [{"nodata": -9999, "data_type": "int16", "scale": 0.1}],
                }
                for p in pols
            }
            items.append({
                "type": "Feature",
                "stac_version": "1.0.0",
                "stac_extensions": [
                    "https://stac-extensions.github.io/projection/v2.0.0/schema.json",
                    "https://stac-extensions.github.io/sat/v1.0.0/schema.json",
                    "https://stac-extensions.github.io/sar/v1.0.0/schema.json",
                ],
                "id": item_id,
                "collection": collection_id,
                "geometry": {"type": "Polygon", "coordinates": [[[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[2], bbox[3]],
                                                                 [bbox[0], bbox[3]], [bbox[0], bbox[1]]]]},
                "bbox": bbox,
                "properties": {
                    "datetime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "start_datetime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "end_datetime": (when + dt.timedelta(seconds=25)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "Equi7_TileID": f"EU020M_{tile}",
                    "platform": "sentinel-1a",
                    "constellation": "sentinel-1",
                    "instruments": ["c-sar"],
                    "gsd": 20,
                    "sat:absolute_orbit": absolute_orbit(rel, when),
                    "sat:relative_orbit": rel,
                    "sat:orbit_state": state,
                    "sar:polarizations": pols,
                    "sar:instrument_mode": "IW",
                    "sar:frequency_band": "C",
                    "proj:code": "EPSG:27704",
                    "proj:bbox": [x0, y0, x0 + 300000, y0 + 300000],
                    "proj:shape": [15000, 15000],
                    "proj:transform": [20, 0, x0, 0, -20, y0 + 300000],
                    "tuw:processing": {"version": "V1M1R1", "software": "sig0gen 2.3"},
                },
                "links": [],
                "assets": assets,
            })
        day += 1
    collection = {
        "type": "Collection",
        "stac_version": "1.0.0",
        "id": collection_id,
        "title": "Sentinel-1 sigma0 20 m (test data)",
        "description": "Generated Sentinel-1 SIG0-like items on the Equi7Grid EU 20 m T3 tiling, for EOCube tests.",
        "license": "CC-BY-4.0",
        "extent": {
            "spatial": {"bbox": [[min(i["bbox"][0] for i in items), min(i["bbox"][1] for i in items),
                                  max(i["bbox"][2] for i in items), max(i["bbox"][3] for i in items)]]},
            "temporal": {"interval": [[min(i["properties"]["datetime"] for i in items),
                                       max(i["properties"]["datetime"] for i in items)]]},
        },
        "summaries": {"sar:polarizations": ["VV", "VH"], "proj:code": ["EPSG:27704"]},
        "links": [],
    }
    return collection, items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--collection", default="SENTINEL1_SIG0_20M")
    ap.add_argument("--tiles", type=int, default=9)
    ap.add_argument("--items", type=int, default=540)
    a = ap.parse_args()
    collection, items = make(a.collection, a.tiles, a.items)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, f"{a.collection}.collection.json"), "w") as f:
        json.dump(collection, f)
    with open(os.path.join(a.outdir, f"{a.collection}.items.json"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": items}, f)


if __name__ == "__main__":
    main()
