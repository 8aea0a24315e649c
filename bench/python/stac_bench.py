#!/usr/bin/env python3
"""Peer side of `eocube-bench stac`: the same work done with pystac / pystac-client.

    stac_bench.py parse ITEMCOLLECTION.json [--repeat N]
    stac_bench.py search API_URL COLLECTION [--limit L] [--repeat N]

Prints one JSON object: seconds per run (best and median), CPU seconds of the best run, item
count, peak RSS in bytes.
"""
import argparse
import json
import resource
import statistics
import sys
import time


cpu = []  # CPU seconds of this process per run


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def parse(path, repeat):
    import pystac

    times, count, check = [], 0, 0
    for _ in range(repeat):
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        ic = pystac.ItemCollection.from_file(path)
        # Touch what a cube builder reads, like the Swift side does.
        check = 0
        for item in ic:
            check += item.properties["sat:absolute_orbit"] + len(item.assets["VV"].href)
            _ = item.datetime
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - cpu0)
        count = len(ic)
    return times, count, check


def search(url, collection, limit, repeat):
    from pystac_client import Client

    times, count = [], 0
    for _ in range(repeat):
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        client = Client.open(url)
        items = list(client.search(collections=[collection], limit=limit).items())
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - cpu0)
        count = len(items)
    return times, count, 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["parse", "search"])
    ap.add_argument("args", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=100)
    a = ap.parse_args()
    if a.mode == "parse":
        times, count, check = parse(a.args[0], a.repeat)
    else:
        times, count, check = search(a.args[0], a.args[1], a.limit, a.repeat)
    json.dump({"best": min(times), "median": statistics.median(times), "cpu": min(cpu), "count": count, "check": check,
               "peak_rss": peak_rss()}, sys.stdout)


if __name__ == "__main__":
    main()
