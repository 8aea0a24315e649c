#!/usr/bin/env python3
"""Run a search with pystac-client and print the matching item ids, in order, as JSON.

    stac_pystac_search.py API_URL 'SEARCH_JSON'

SEARCH_JSON holds pystac-client `search()` keyword arguments (method, collections, ids,
bbox, intersects, datetime, limit, query, filter, filter_lang, sortby, fields, max_items).
With "pages": true the output is a list of pages (lists of ids) instead.
"""
import json
import sys

from pystac_client import Client


def main():
    url, spec = sys.argv[1], json.loads(sys.argv[2])
    pages = spec.pop("pages", False)
    client = Client.open(url)
    search = client.search(**spec)
    if pages:
        out = [[item["id"] for item in page["features"]] for page in search.pages_as_dicts()]
    else:
        out = [item["id"] for item in search.items_as_dicts()]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
