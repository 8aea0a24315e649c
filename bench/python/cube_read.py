#!/usr/bin/env python3
"""The xarray side of `eocube-bench cube-read`: the reads time-series analysis makes on a cube,
timed with xarray.open_zarr, to compare with EOCube's CubeReader on the same store and pixels.

Patterns (the same pixels and the same arrays as CubeReader returns):
  pixel   one pixel's full series: the bands, sensing_date and both orbit numbers, kept on the
          days its sensing_date is set (what `eocube series` prints)
  patch   a window's series reduced to each band's mean per day (days with any value)
  window  one day's window: the bands and sensing_date
  day     one day's full extent (--extent ROW,COL,H,W, or 'grid' for the whole grid): the bands
          and sensing_date

The store is opened once (consolidated metadata; `chunks=None`, i.e. no dask, or with --dask
xarray's default dask chunks from the store), then each pattern runs once as a warm-up and
--repeat times timed; the median is printed, in ms, as one JSON object with a checksum per
pattern so the caller can see both sides computed the same thing.

    cube_read.py STORE GROUP --pixel ROW,COL --window ROW,COL,H,W --day SLOT [--repeat N] [--dask]
                 [--patterns pixel,patch,window,day] [--extent ROW,COL,H,W|grid] [--output FILE.json]
"""
import argparse
import json
import statistics
import time

import numpy as np
import xarray as xr

METADATA = ("sensing_date", "absolute_orbit_number", "relative_orbit_number")


def timed(function, repeat):
    function()  # warm-up: page cache, imports, first decode paths
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("group")
    ap.add_argument("--pixel", required=True)
    ap.add_argument("--window", required=True)
    ap.add_argument("--day", type=int, required=True)
    ap.add_argument("--extent", default="grid")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--dask", action="store_true", help="xarray's default dask chunks instead of chunks=None")
    ap.add_argument("--patterns", default="pixel,patch,window,day")
    ap.add_argument("--output", help="write the JSON here instead of standard output")
    args = ap.parse_args()
    row, col = (int(v) for v in args.pixel.split(","))
    wr, wc, wh, ww = (int(v) for v in args.window.split(","))
    chunks = {} if args.dask else None

    results = {}
    start = time.perf_counter()
    ds = xr.open_zarr(args.store, group=args.group, consolidated=True, chunks=chunks)
    results["open"] = {"ms": (time.perf_counter() - start) * 1000}
    bands = [name for name in ds.data_vars if ds[name].dims == ("time", "y", "x") and name not in METADATA]
    check = "VV" if "VV" in bands else bands[0]

    def pixel():
        series = ds[bands + list(METADATA)].isel(y=row, x=col).compute()
        filled = series.sensing_date.notnull().values
        return series.isel(time=filled)

    def patch():
        means = ds[bands].isel(y=slice(wr, wr + wh), x=slice(wc, wc + ww)).mean(("y", "x")).compute()
        return means.dropna("time", how="all")

    def window():
        return ds[bands + ["sensing_date"]].isel(time=args.day, y=slice(wr, wr + wh), x=slice(wc, wc + ww)).compute()

    def day():
        if args.extent == "grid":
            return ds[bands + ["sensing_date"]].isel(time=args.day).compute()
        er, ec, eh, ew = (int(v) for v in args.extent.split(","))
        return ds[bands + ["sensing_date"]].isel(time=args.day, y=slice(er, er + eh), x=slice(ec, ec + ew)).compute()

    checks = {
        "pixel": lambda s: {"days": int(s.sizes["time"]), "sum": float(np.nansum(s[check].values))},
        "patch": lambda s: {"days": int(s.sizes["time"]), "sum": float(np.nansum(s[check].values))},
        "window": lambda s: {"valid": int(np.count_nonzero(~np.isnan(s[check].values)))},
        "day": lambda s: {"valid": int(np.count_nonzero(~np.isnan(s[check].values)))},
    }
    for name in args.patterns.split(","):
        function = {"pixel": pixel, "patch": patch, "window": window, "day": day}[name]
        median, best, result = timed(function, args.repeat)
        results[name] = {"ms": median, "best_ms": best, **checks[name](result)}
    if args.output:
        with open(args.output, "w") as f:
            json.dump(results, f)
    else:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
