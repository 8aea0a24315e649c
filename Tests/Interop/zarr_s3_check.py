"""zarr-python on S3 (through s3fs) for S3StorageTests: reads a store we wrote, or writes one for us.

    zarr_s3_check.py read  s3://bucket/prefix ARRAY     -> prints {"shape", "dtype", "sum", "values"(first 16), "attrs"} as JSON
    zarr_s3_check.py write s3://bucket/prefix           -> writes group attrs {"writer": "zarr-python"} and array
                                                            "data" int32 (3, 40, 50) = arange, chunks (1, 16, 16) in shards (1, 32, 32), zstd
Endpoint and credentials come from EOCUBE_S3_ENDPOINT / EOCUBE_S3_ACCESS_KEY / EOCUBE_S3_SECRET_KEY.
"""
import json
import os
import sys

import numpy as np
import s3fs
import zarr
from zarr.storage import FsspecStore

mode, url = sys.argv[1], sys.argv[2]
fs = s3fs.S3FileSystem(key=os.environ["EOCUBE_S3_ACCESS_KEY"], secret=os.environ["EOCUBE_S3_SECRET_KEY"],
                       client_kwargs={"endpoint_url": os.environ["EOCUBE_S3_ENDPOINT"], "region_name": "us-east-1"},
                       asynchronous=True)
store = FsspecStore(fs, path=url.removeprefix("s3://"), read_only=(mode == "read"))

if mode == "read":
    array = zarr.open_array(store, path=sys.argv[3], mode="r")
    data = array[...]
    print(json.dumps({"shape": list(data.shape), "dtype": str(data.dtype), "sum": float(np.asarray(data, dtype=np.float64).sum()),
                      "values": np.asarray(data).ravel()[:16].tolist(), "attrs": dict(array.attrs)}))
elif mode == "write":
    root = zarr.open_group(store, mode="w", attributes={"writer": "zarr-python"})
    data = root.create_array("data", shape=(3, 40, 50), chunks=(1, 16, 16), shards=(1, 32, 32), dtype="int32",
                             fill_value=-1, compressors=[zarr.codecs.ZstdCodec(level=3)])
    data[...] = np.arange(3 * 40 * 50, dtype=np.int32).reshape(3, 40, 50)
    zarr.consolidate_metadata(store)
    print("ok")
