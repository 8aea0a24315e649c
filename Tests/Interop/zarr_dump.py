"""Dumps every array of a Zarr store, or of every store below a directory, read with zarr-python,
for comparison with ZarrStore.

Usage: zarr_dump.py STORE OUTDIR          (the arrays of one store, keyed by node path)
       zarr_dump.py --tree ROOT OUTDIR    (every array node below ROOT, v2 or v3, keyed by its
                                           directory relative to ROOT)
Writes OUTDIR/<key with / as __>.bin (raw little-endian C-order values) and manifest.json
({key: {dtype, shape}}); arrays zarr-python itself cannot read go to unreadable.json
({key: "ErrorType: message"}), as do arrays whose dtype has no fixed-size raw form (strings).
"""
import json
import os
import sys
import warnings

import numpy as np
import zarr

from zarr_common import raw_bytes, write_manifest

warnings.filterwarnings("ignore")


def dump_array(array, key, outdir, manifest, unreadable):
    try:
        values = np.asarray(array[...])
    except Exception as error:  # noqa: BLE001 - the reason is the point
        unreadable[key] = f"{type(error).__name__}: {error}"
        return
    if values.dtype.kind not in "biufc":
        unreadable[key] = f"dtype {array.dtype} has no fixed-size raw form"
        return
    with open(os.path.join(outdir, (key or "_root").replace("/", "__") + ".bin"), "wb") as f:
        f.write(raw_bytes(values))
    manifest[key] = {"dtype": str(values.dtype), "shape": list(values.shape)}


def dump_store(store, outdir):
    root = zarr.open(store, mode="r")
    manifest, unreadable = {}, {}
    nodes = [("", root)] if isinstance(root, zarr.Array) else list(root.members(max_depth=None))
    for path, node in nodes:
        if isinstance(node, zarr.Array) and node.metadata.zarr_format == 3 and node.nbytes <= 512 * 1024 * 1024:
            dump_array(node, path, outdir, manifest, unreadable)
    return manifest, unreadable


def dump_tree(root, outdir):
    """Every directory holding an array document, opened on its own so one bad node hides nothing."""
    manifest, unreadable = {}, {}
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        if "zarr.json" in files:
            with open(os.path.join(directory, "zarr.json")) as f:
                try:
                    is_array = json.load(f).get("node_type") == "array"
                except ValueError:
                    is_array = False
        else:
            is_array = ".zarray" in files
        if not is_array:
            continue
        key = os.path.relpath(directory, root)
        try:
            array = zarr.open_array(directory, mode="r")
        except Exception as error:  # noqa: BLE001
            unreadable[key] = f"{type(error).__name__}: {error}"
            continue
        dump_array(array, key, outdir, manifest, unreadable)
    return manifest, unreadable


def main(arguments):
    tree = arguments[0] == "--tree"
    source, outdir = arguments[1:3] if tree else arguments[0:2]
    os.makedirs(outdir, exist_ok=True)
    manifest, unreadable = dump_tree(source, outdir) if tree else dump_store(source, outdir)
    write_manifest(outdir, manifest)
    with open(os.path.join(outdir, "unreadable.json"), "w") as f:
        json.dump(unreadable, f, indent=1, sort_keys=True)
    print(f"dumped {len(manifest)} arrays, {len(unreadable)} unreadable")


if __name__ == "__main__":
    main(sys.argv[1:])
