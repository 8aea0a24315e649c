"""Checks a store written by ZarrStore with zarr-python and xarray.

Usage: zarr_check.py STORE BINDIR [GROUP]
BINDIR holds manifest.json {array path: {dtype, shape}} and <path with / as __>.bin files
(raw little-endian C-order values the Swift side wrote). Every array must read back
identically through zarr-python (plain and consolidated) and through
xarray.open_zarr(consolidated=True). The consolidated metadata must equal what
zarr-python's own consolidate_metadata produces for the same store. Exits 1 on mismatch.
"""
import difflib
import json
import os
import shutil
import sys
import tempfile
import warnings

import numpy as np
import xarray as xr
import zarr

from zarr_common import raw_bytes

warnings.filterwarnings("ignore")


def same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


def consolidated_of(store, group):
    with open(os.path.join(store, group, "zarr.json")) as f:
        return json.load(f).get("consolidated_metadata")


def main(store, bindir, group=""):
    manifest = json.load(open(os.path.join(bindir, "manifest.json")))
    failures = []
    root = zarr.open_group(store, mode="r")
    consolidated_root = zarr.open_consolidated(store, mode="r")
    for path, info in sorted(manifest.items()):
        expected = open(os.path.join(bindir, path.replace("/", "__") + ".bin"), "rb").read()
        for label, source in (("zarr", root), ("zarr-consolidated", consolidated_root)):
            array = source[path]
            values = array[...]
            if list(array.shape) != info["shape"] or str(array.dtype) != info["dtype"]:
                failures.append(f"{label} {path}: shape/dtype {array.shape}/{array.dtype} != {info}")
            elif raw_bytes(np.asarray(values)) != expected:
                failures.append(f"{label} {path}: values differ")
    # xarray: every array of the group is a variable; compare raw (undecoded) values.
    ds = xr.open_zarr(store, group=group or None, consolidated=True, chunks=None, mask_and_scale=False,
                      decode_times=False, decode_timedelta=False)
    prefix = group + "/" if group else ""
    checked_xr = 0
    for path in manifest:
        if not path.startswith(prefix) or "/" in path[len(prefix):]:
            continue
        name = path[len(prefix):]
        if name not in ds.variables:
            failures.append(f"xarray: variable {name} missing")
            continue
        expected = open(os.path.join(bindir, path.replace("/", "__") + ".bin"), "rb").read()
        if raw_bytes(ds[name].values) != expected:
            failures.append(f"xarray {name}: values differ")
        checked_xr += 1
    # Default decoding (fill -> NaN, CF attributes) must work too.
    xr.open_zarr(store, group=group or None, consolidated=True, chunks=None).load()
    # Consolidated metadata equals zarr-python's own, for the root and the group.
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "copy.zarr")
        shutil.copytree(store, copy)
        for g in sorted({"", group}):
            ours = consolidated_of(store, g)
            zarr.consolidate_metadata(copy, path=g or None)
            theirs = consolidated_of(copy, g)
            if ours is None:
                failures.append(f"group '{g}' has no consolidated metadata")
            elif json.dumps(ours, sort_keys=True) != json.dumps(theirs, sort_keys=True):
                ok = set(ours["metadata"]) == set(theirs["metadata"])
                diff = [k for k in theirs["metadata"] if json.dumps(ours["metadata"].get(k), sort_keys=True) != json.dumps(theirs["metadata"][k], sort_keys=True)]
                first = diff[0] if diff else None
                detail = ""
                if first is not None:
                    detail = "\n".join(difflib.unified_diff(
                        json.dumps(ours["metadata"].get(first), sort_keys=True, indent=1).splitlines(),
                        json.dumps(theirs["metadata"][first], sort_keys=True, indent=1).splitlines(), "ours", "zarr-python", lineterm=""))
                failures.append(f"group '{g}': consolidated metadata differs from zarr-python's (same keys: {ok}; "
                                f"{len(diff)} differ, e.g. {diff[:5]})\n{detail}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"arrays": len(manifest), "xarray_variables": checked_xr}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
