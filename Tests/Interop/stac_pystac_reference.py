#!/usr/bin/env python3
"""What pystac sees in each STAC document of a folder: the reference for RecordedResponseTests.

    stac_pystac_reference.py DIR

Prints one JSON object: {relative path: summary}. A summary is
{"type": "Catalog"|"Collection"|"Feature"|"FeatureCollection", "id": ..., "links": [[rel, href], ...],
 "assets": [[key, href], ...]} for a document pystac reads (`pystac.read_file`, or
`pystac.ItemCollection.from_file` for FeatureCollections), or {"error": "<exception class>: <message>"}.
Links and assets are taken from the dict pystac would write back (`to_dict(transform_hrefs=False)`),
in pystac's order; ItemCollections list their features' ids under "features". Links pystac makes
up are left out: `self` (pystac sets it to the file's absolute path, whatever the document says) and
a `root` link pystac adds when the document has none.
"""
import json
import os
import sys
import warnings

import pystac


def summary(obj, source):
    d = obj.to_dict(transform_hrefs=False) if not isinstance(obj, pystac.ItemCollection) else obj.to_dict()
    had_root = any(isinstance(link, dict) and link.get("rel") == "root" for link in source.get("links") or [])
    if isinstance(obj, pystac.ItemCollection):
        return {"type": "FeatureCollection", "features": [f.get("id") for f in d.get("features", [])]}
    kind = {pystac.Catalog: "Catalog", pystac.Collection: "Collection", pystac.Item: "Feature"}[type(obj)]
    return {
        "type": kind,
        "id": d.get("id"),
        "links": [[link.get("rel"), link.get("href")] for link in d.get("links", [])
                  if link.get("rel") != "self" and (had_root or link.get("rel") != "root")],
        "assets": [[key, asset.get("href")] for key, asset in (d.get("assets") or {}).items()],
    }


def read(path):
    with open(path, "rb") as f:
        d = json.loads(f.read())
    if isinstance(d, dict) and d.get("type") == "FeatureCollection":
        return pystac.ItemCollection.from_file(path), d
    return pystac.read_file(path), d


def main():
    root = sys.argv[1]
    out = {}
    warnings.simplefilter("ignore")
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith((".json", ".geojson")):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            try:
                out[rel] = summary(*read(path))
            except Exception as e:  # noqa: BLE001 - every failure is reported, by class
                out[rel] = {"error": f"{type(e).__name__}: {e}"[:300]}
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
