#!/usr/bin/env python3
"""Write a self-contained static STAC catalog with pystac, and describe its items as pystac reads them.

    stac_make_static_catalog.py OUTDIR
    stac_make_static_catalog.py --describe CATALOG_URL

OUTDIR/catalog.json -> two collections (split by orbit state) -> item files, with relative
hrefs everywhere (assets relative to their item), plus OUTDIR/itemcollection.json, an
ItemCollection of the same items with relative asset hrefs (relative to that file).
Prints JSON: {"items": [...]} as pystac sees them after reading the catalog back, each with
id, collection, datetime, sat/sar/proj values and absolute asset hrefs.
"""
import json
import os
import sys

import pystac
from pystac.extensions.projection import ProjectionExtension
from pystac.extensions.sar import SarExtension
from pystac.extensions.sat import SatExtension

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stac"))
from make_sig0_items import make  # noqa: E402


def main():
    if sys.argv[1] == "--describe":
        # Read an existing catalog (e.g. over HTTP) and describe its items as pystac sees them.
        catalog = pystac.Catalog.from_file(sys.argv[2])
        json.dump({"items": [describe(i) for i in catalog.get_items(recursive=True)]}, sys.stdout)
        return
    out = os.path.abspath(sys.argv[1])
    _, items = make("SENTINEL1_SIG0_20M", 4, 48)
    catalog = pystac.Catalog(id="eocube-test-catalog", description="Static catalog for EOCube tests")
    for state in ("ascending", "descending"):
        chosen = [i for i in items if i["properties"]["sat:orbit_state"] == state]
        coll = pystac.Collection(
            id=f"SIG0_{state.upper()}", description=f"{state} passes",
            extent=pystac.Extent(pystac.SpatialExtent([[0, 0, 1, 1]]), pystac.TemporalExtent([[None, None]])),
        )
        for d in chosen:
            d = json.loads(json.dumps(d))
            d.pop("collection", None)
            for key, asset in d["assets"].items():
                asset["href"] = f"./{d['id']}_{key}.tif"
            coll.add_item(pystac.Item.from_dict(d))
        catalog.add_child(coll)
    catalog.normalize_hrefs(out)
    catalog.make_all_asset_hrefs_relative()
    catalog.save(catalog_type=pystac.CatalogType.SELF_CONTAINED)

    # An ItemCollection file beside, in a subfolder, with asset hrefs relative to it.
    os.makedirs(os.path.join(out, "ic"), exist_ok=True)
    feats = []
    for d in items[:10]:
        d = json.loads(json.dumps(d))
        for key, asset in d["assets"].items():
            asset["href"] = f"../data/{d['id']}_{key}.tif"
        feats.append(d)
    with open(os.path.join(out, "ic", "itemcollection.json"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)

    described = []
    read_back = pystac.Catalog.from_file(os.path.join(out, "catalog.json"))
    for item in read_back.get_items(recursive=True):
        described.append(describe(item))
    ic = pystac.ItemCollection.from_file(os.path.join(out, "ic", "itemcollection.json"))
    ic_described = []
    for item in ic:
        # pystac does not know where an ItemCollection's items came from; resolve like a STAC
        # client must: relative to the file that holds them.
        item.set_self_href(os.path.join(out, "ic", "itemcollection.json"))
        ic_described.append(describe(item))
    json.dump({"items": described, "itemcollection": ic_described}, sys.stdout)


def describe(item):
    sat = SatExtension.ext(item)
    sar = SarExtension.ext(item)
    proj = ProjectionExtension.ext(item)
    return {
        "id": item.id,
        "collection": item.collection_id,
        "datetime": item.datetime.timestamp() if item.datetime else None,
        "absolute_orbit": sat.absolute_orbit,
        "relative_orbit": sat.relative_orbit,
        "orbit_state": sat.orbit_state.value if sat.orbit_state else None,
        "polarizations": [p.value for p in sar.polarizations] if sar.polarizations else None,
        "proj_code": proj.code,
        "proj_shape": proj.shape,
        "proj_transform": proj.transform,
        "tile": item.properties.get("Equi7_TileID"),
        "assets": {k: a.get_absolute_href() for k, a in item.assets.items()},
    }


if __name__ == "__main__":
    main()
