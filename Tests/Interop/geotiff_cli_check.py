"""Checks `eocube raster info` JSON and `eocube raster read` .npy output against rasterio.

Usage: geotiff_cli_check.py FILE.tif INFO.json OUT.npy BAND x,y,w,h
Prints "ok" or the differences (one a line); exits 0 either way.
"""
import json
import sys

import numpy as np
import rasterio
from rasterio.windows import Window

path, info_path, npy_path, band, window = sys.argv[1:6]
x, y, w, h = map(int, window.split(","))
problems = []
info = json.load(open(info_path))
with rasterio.open(path) as src:
    expected = dict(width=src.width, height=src.height, band_count=src.count, dtype=src.dtypes[0],
                    compression=src.compression.name.upper() if src.compression else "NONE",
                    block=[src.block_shapes[0][1], src.block_shapes[0][0]])
    for key, value in expected.items():
        if info.get(key) != value:
            problems.append(f"info {key}: {info.get(key)!r} != rasterio {value!r}")
    if info["geotransform"] != list(src.transform.to_gdal()):
        problems.append(f"info geotransform {info['geotransform']} != {list(src.transform.to_gdal())}")
    if len(info["overviews"]) != len(src.overviews(1)):
        problems.append(f"info has {len(info['overviews'])} overviews, rasterio {len(src.overviews(1))}")
    if {k: v for k, v in src.tags().items() if k != "AREA_OR_POINT"} != info["metadata"]:
        problems.append(f"info metadata {info['metadata']} != {src.tags()}")
    if src.nodata is not None and info["nodata"] != src.nodata:
        problems.append(f"info nodata {info['nodata']} != {src.nodata}")
    ours = np.load(npy_path)
    theirs = src.read(int(band), window=Window(x, y, w, h))
    if ours.dtype != theirs.dtype or ours.shape != theirs.shape or not np.array_equal(ours, theirs):
        problems.append(f"npy {ours.dtype} {ours.shape} differs from rasterio {theirs.dtype} {theirs.shape}")
print("\n".join(problems) if problems else "ok")
