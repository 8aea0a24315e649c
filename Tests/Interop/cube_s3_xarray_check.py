"""xarray (through s3fs) reads a cube on S3 as it reads the same cube built locally.

    cube_s3_xarray_check.py LOCAL_STORE s3://bucket/prefix GROUP

Opens both with xarray.open_zarr (consolidated metadata, chunks=None), keeps the days that hold
data, and checks every data variable's dtype, values, fill decoding, the decoded time axis and
the CRS (rioxarray) are the same. Prints a JSON summary; exits 1 on a difference.
Endpoint and credentials come from EOCUBE_S3_ENDPOINT / EOCUBE_S3_ACCESS_KEY / EOCUBE_S3_SECRET_KEY.
"""
import json
import os
import sys

import numpy as np
import rioxarray  # noqa: F401  (the .rio accessor)
import s3fs
import xarray as xr
from zarr.storage import FsspecStore

local, url, group = sys.argv[1], sys.argv[2], sys.argv[3]
fs = s3fs.S3FileSystem(key=os.environ["EOCUBE_S3_ACCESS_KEY"], secret=os.environ["EOCUBE_S3_SECRET_KEY"],
                       client_kwargs={"endpoint_url": os.environ["EOCUBE_S3_ENDPOINT"], "region_name": "us-east-1"},
                       asynchronous=True)
remote_store = FsspecStore(fs, path=url.removeprefix("s3://"), read_only=True)
a = xr.open_zarr(local, group=group, chunks=None, zarr_format=3)
b = xr.open_zarr(remote_store, group=group, chunks=None, zarr_format=3)
problems = []
if a.sizes != b.sizes:
    problems.append(f"sizes {dict(a.sizes)} vs {dict(b.sizes)}")
# The days and the part of the 15 000² tile the sample fills (all of it would not fit in memory).
days = slice(3890, min(a.sizes["time"], 3910))
part = {"time": days, "y": slice(1792, 2560), "x": slice(768, 1536)}


def window(array):
    return array.isel({dim: part[dim] for dim in array.dims if dim in part})


for name in sorted(a.data_vars):
    x, y = window(a[name]), window(b[name])
    if x.dtype != y.dtype:
        problems.append(f"{name}: dtype {x.dtype} vs {y.dtype}")
    elif not np.array_equal(x.values, y.values, equal_nan=x.dtype.kind in "fcmM"):
        problems.append(f"{name}: values differ")
if not np.array_equal(a.time.values[days], b.time.values[days]):
    problems.append("decoded time differs")
if a.rio.crs != b.rio.crs or b.rio.crs is None:
    problems.append(f"CRS {a.rio.crs} vs {b.rio.crs}")
filled = int(np.count_nonzero(~np.isnan(window(b["VV"]).values.astype("float64"))))
summary = json.dumps({"variables": sorted(b.data_vars), "time": int(b.sizes["time"]), "crs": str(b.rio.crs), "filled_vv": filled,
                      "problems": problems})
print(summary)
if problems or filled == 0:
    sys.exit(summary)
