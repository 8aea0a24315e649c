"""Reads arrays whose chunks are all missing, so every value is the fill value.

Usage: zarr_fill_values.py STORE OUTDIR
For each array in STORE (written by the Swift test with hand-made zarr.json documents
covering every fill_value encoding) writes OUTDIR/<name>.bin with zarr-python's values.
"""
import os
import sys
import warnings

import numpy as np
import zarr

from zarr_common import raw_bytes

warnings.filterwarnings("ignore")

root = zarr.open_group(sys.argv[1], mode="r")
for name, array in root.arrays():
    with open(os.path.join(sys.argv[2], name + ".bin"), "wb") as f:
        f.write(raw_bytes(np.asarray(array[...])))
print("ok")
