#!/usr/bin/env python3
"""Load a STAC collection and its items into the test pgSTAC database (upsert).

    stac_load.py COLLECTION.json ITEMS.json [--dsn DSN]

ITEMS.json may be an ItemCollection, a JSON list of items, or newline-delimited items.
The database comes from --dsn, else $EOCUBE_PGSTAC_DSN (exported by
Tests/Interop/services/pgstac.sh). Reusable by any test that needs its own collection.
"""
import argparse
import json
import os
import sys

from pypgstac.db import PgstacDB
from pypgstac.load import Loader, Methods


def read_items(path):
    with open(path) as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        return doc["features"]
    if isinstance(doc, list):
        return doc
    return [doc]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("collection")
    ap.add_argument("items")
    ap.add_argument("--dsn", default=os.environ.get("EOCUBE_PGSTAC_DSN"))
    a = ap.parse_args()
    if not a.dsn:
        sys.exit("stac_load.py: no database: pass --dsn or source Tests/Interop/services/pgstac.sh")
    with open(a.collection) as f:
        collection = json.load(f)
    items = read_items(a.items)
    for item in items:
        item.setdefault("collection", collection["id"])
    with PgstacDB(dsn=a.dsn) as db:
        loader = Loader(db=db)
        loader.load_collections(iter([collection]), Methods.upsert)
        loader.load_items(iter(items), Methods.upsert)
    print(f"loaded collection {collection['id']} with {len(items)} items")


if __name__ == "__main__":
    main()
