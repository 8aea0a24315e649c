"""Shared helpers for the Zarr interop scripts: deterministic data and raw dumps."""
import json
import os

import numpy as np

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]


def fill_for(dtype):
    """A non-trivial fill value per dtype (exercises every fill_value encoding)."""
    return {
        "bool": True, "int8": -7, "int16": -9999, "int32": -7, "int64": -(2**40), "uint8": 7, "uint16": 7,
        "uint32": 7, "uint64": 2**63 + 5, "float16": float("-inf"), "float32": float("nan"), "float64": 1.5,
        "complex64": complex(float("nan"), 1.0), "complex128": complex(2.0, float("inf")),
    }[dtype]


def random_values(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        return rng.integers(info.min, info.max, size=shape, dtype=dt, endpoint=True)
    if dt.kind == "f":
        values = (rng.standard_normal(size=shape) * 1000).astype(dt)
        values.flat[::11] = np.nan
        return values
    real = rng.standard_normal(size=shape) * 100
    imag = rng.standard_normal(size=shape) * 100
    return (real + 1j * imag).astype(dt)


def raw_bytes(values):
    """Little-endian C-order bytes, as ZarrStore's readBytes returns them."""
    values = np.ascontiguousarray(values)
    if values.dtype.kind == "b":
        return values.astype(np.uint8).tobytes()
    return values.astype(values.dtype.newbyteorder("<")).tobytes()


def write_manifest(directory, manifest):
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
