"""Writes files in each colour model and says whether GDAL returns the stored samples.

Usage: geotiff_colour_cases.py OUTDIR

GDAL converts some colour models (8-bit CMYK, CIELab → RGBA; raw YCbCr → RGB) and returns others
as stored (MinIsWhite, ICCLab, ITULab, 16-bit CMYK and CIELab). For each file NAME.tif it writes the reference reads of
geotiff_make.py (NAME.json, NAME.b1.bin, …) and prints a JSON list of {name, photometric,
gdal_returns_stored}: a reader must match GDAL's pixels either way (never the raw samples where
GDAL converts).
"""
import json
import os
import struct
import sys
import warnings

import numpy as np
import rasterio

from geotiff_make import reference

warnings.filterwarnings("ignore")


def set_photometric(path, value):
    """Rewrites the Photometric entry (262) of the first IFD of a little-endian classic TIFF."""
    data = bytearray(open(path, "rb").read())
    offset = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[offset:offset + 2])[0]
    for i in range(count):
        entry = offset + 2 + 12 * i
        if struct.unpack("<H", data[entry:entry + 2])[0] == 262:
            data[entry + 8:entry + 10] = struct.pack("<H", value)
    open(path, "wb").write(bytes(data))


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    cases = [("cmyk", "CMYK", 4, None), ("cielab", "CIELAB", 3, None), ("icclab", "ICCLAB", 3, None),
             # 16-bit CMYK and CIELab GDAL returns as stored.
             ("cmyk16", "CMYK", 4, None, "uint16"), ("cielab16", "CIELAB", 3, None, "uint16"),
             ("itulab", "ITULAB", 3, None), ("miniswhite", "MINISWHITE", 1, None), ("rgb", "RGB", 3, None),
             # GDAL refuses to write raw YCbCr; an RGB file relabelled as YCbCr (Photometric 6) stands in.
             ("ycbcr_lzw", "RGB", 3, 6)]
    results = []
    for name, photometric, count, patch, *dtype in cases:
        dtype = dtype[0] if dtype else "uint8"
        path = os.path.join(outdir, name + ".tif")
        stored = (np.arange(count * 40 * 30).reshape(count, 40, 30) * 7 % 251).astype(dtype)
        with rasterio.open(path, "w", driver="GTiff", dtype=dtype, count=count, width=30, height=40,
                           photometric=photometric, compress="LZW", tiled=True, blockxsize=16, blockysize=16) as dst:
            dst.write(stored)
        if patch is not None:
            set_photometric(path, patch)
        with rasterio.open(path) as src:
            read = src.read()
        same = read.shape == stored.shape and bool((read == stored).all())
        reference(path, name, outdir)
        results.append(dict(name=name, photometric=photometric if patch is None else f"patched {patch}", gdal_returns_stored=same))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
