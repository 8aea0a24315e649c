"""Checks the output of `eocube zarr get` and `eocube zarr copy` with zarr-python.

Usage:
  zarr_cli_check.py npy STORE ARRAY REGION OUT.npy   (REGION like 1:3,2:9)
  zarr_cli_check.py copy SRC DST EXPECTED_CODEC       (every array equal; DST arrays use EXPECTED_CODEC)
"""
import sys
import warnings

import numpy as np
import zarr

warnings.filterwarnings("ignore")


def region(text):
    return tuple(slice(int(a), int(b)) for a, b in (part.split(":") for part in text.split(",")))


def main():
    if sys.argv[1] == "npy":
        store, path, text, out = sys.argv[2:6]
        expected = zarr.open_array(store, path=path, mode="r")[region(text)]
        got = np.load(out)
        assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
        assert np.array_equal(got, expected, equal_nan=got.dtype.kind == "f"), "values differ"
        print("npy ok", got.shape)
    else:
        src, dst, codec = sys.argv[2:5]
        source, target = zarr.open_group(src, mode="r"), zarr.open_consolidated(dst, mode="r")
        count = 0
        for path, node in source.members(max_depth=None):
            if isinstance(node, zarr.Array):
                copy = target[path]
                assert np.array_equal(node[...], copy[...], equal_nan=node.dtype.kind == "f"), path
                names = [c.__class__.__name__ for c in copy.metadata.codecs]
                inner = getattr(copy.metadata.codecs[0], "codecs", ())
                names += [c.__class__.__name__ for c in inner]
                assert any(codec.lower() in n.lower() for n in names), (path, names)
                assert dict(node.attrs) == dict(copy.attrs), path
                count += 1
        print("copy ok", count)


if __name__ == "__main__":
    main()
