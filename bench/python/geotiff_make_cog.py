"""Writes the benchmark COG: SIZE x SIZE int16, DEFLATE + predictor 2, 512-pixel tiles, overviews,
nodata -9999 with a ragged nodata margin — shaped like a Sentinel-1 SIG0 Equi7 tile (15000 x 15000).

Usage: geotiff_make_cog.py OUT.tif [SIZE]
"""
import os
import sys

import numpy as np
import rasterio
import rasterio.shutil
from rasterio.transform import Affine

out = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 15000
tmp = out + ".tmp.tif"
profile = dict(driver="GTiff", dtype="int16", count=1, width=size, height=size, nodata=-9999,
               crs="EPSG:3035", transform=Affine(20, 0, 5100000, 0, -20, 1800000),
               tiled=True, blockxsize=512, blockysize=512, compress="DEFLATE", predictor=2, BIGTIFF="IF_SAFER")
rng = np.random.default_rng(0)
with rasterio.open(tmp, "w", **profile) as dst:
    step = 1024
    for y0 in range(0, size, step):
        h = min(step, size - y0)
        yy, xx = np.mgrid[y0:y0 + h, 0:size]
        # Backscatter-like: smooth field in dB*100 plus speckle noise, nodata outside the swath.
        v = (-1200 + 400 * np.sin(xx / 300.0) * np.cos(yy / 200.0) + rng.normal(0, 150, (h, size))).astype(np.int16)
        v[xx < (size // 5 + (yy // 7) % 50)] = -9999
        dst.write(v, 1, window=rasterio.windows.Window(0, y0, size, h))
rasterio.shutil.copy(tmp, out, driver="COG", COMPRESS="DEFLATE", PREDICTOR="2", BLOCKSIZE="512",
                     OVERVIEWS="AUTO", BIGTIFF="IF_SAFER")
os.remove(tmp)
print(out)
