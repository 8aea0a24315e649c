"""rasterio/GDAL side of the GeoRaster benchmark; prints one JSON object.

Usage: geotiff_bench.py PATH_OR_URL MODE [--window x,y,w,h] [--repeat N] [--threads N]
MODE: full (decode band 1 entirely), window (decode the window of band 1) or validbox (read band 1
and find the bounding box of its non-nodata pixels with NumPy).
Each mode runs in its own process so GDAL's /vsicurl/ cache starts empty, like GeoRaster's.
"""
import json
import resource
import sys
import time

import numpy as np
import rasterio
from rasterio.windows import Window

location, mode = sys.argv[1], sys.argv[2]
args = dict(zip(sys.argv[3::2], sys.argv[4::2]))
repeat = int(args.get("--repeat", "1"))
threads = args.get("--threads")
window = None
if "--window" in args:
    x, y, w, h = map(int, args["--window"].split(","))
    window = Window(x, y, w, h)
env = {"GDAL_NUM_THREADS": threads} if threads else {}
times = []
box = None
with rasterio.Env(**env):
    for _ in range(repeat):
        start = time.perf_counter()
        with rasterio.open(location) as src:
            data = src.read(1, window=window if mode == "window" else None)
            if mode == "validbox":
                valid = data != src.nodata
                rows, cols = np.nonzero(valid.any(axis=1))[0], np.nonzero(valid.any(axis=0))[0]
                box = None if len(rows) == 0 else f"{cols[0]},{rows[0]},{cols[-1] - cols[0] + 1},{rows[-1] - rows[0] + 1}"
        times.append(time.perf_counter() - start)
print(json.dumps(dict(seconds=min(times), all_seconds=times, bytes=int(data.nbytes), box=box,
                      checksum=int(data.astype("int64").sum()),
                      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
