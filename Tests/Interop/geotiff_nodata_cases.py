"""Writes small TIFFs whose GDAL_NODATA text is chosen freely and reports what GDAL makes of it.

Usage: geotiff_nodata_cases.py OUTDIR

GDAL reports a band's nodata as the band's type holds it: float32 rounds (0.1 → 0.100000001…,
beyond Float32's range → inf), integer types drop values outside their range (uint8 with -10000:
no nodata). Each file is 4 × 2 pixels; the first pixel holds the nodata value as the type stores
it (when it fits), so readers can check that pixel == nodata. Prints a JSON list of
{name, dtype, text, nodata (null, a number or "nan"/"inf"/"-inf"), nodata_pixels (pixels equal
to nodata as rasterio counts them)}.
"""
import json
import math
import os
import struct
import sys
import warnings

import numpy as np
import rasterio

warnings.filterwarnings("ignore")

FORMATS = {"uint8": (1, 8), "int8": (2, 8), "uint16": (1, 16), "int16": (2, 16), "uint32": (1, 32),
           "int32": (2, 32), "float32": (3, 32), "float64": (3, 64)}

CASES = [
    ("float32", "0.1"), ("float32", "-3.4e38"), ("float32", "3.4e+38"), ("float32", "1e39"), ("float32", "-9999"),
    ("float32", "nan"), ("float32", "1e-46"), ("float64", "0.1"), ("float64", "-3.4e38"),
    ("uint8", "-10000"), ("uint8", "256"), ("uint8", "255"), ("uint8", "1.5"), ("uint8", "nan"), ("uint8", " 7 "),
    ("int8", "-129"), ("int8", "-128"), ("uint16", "65536"), ("uint16", "-1"), ("int16", "-40000"), ("int16", "-32768"),
    ("uint32", "4294967295"), ("uint32", "4294967296"), ("int32", "-2147483649"), ("int32", "2147483647"), ("int16", "1e10"),
]


def tiff(dtype, text, pixels):
    fmt, bits = FORMATS[dtype]
    data = pixels.astype(np.dtype(dtype).newbyteorder("<")).tobytes()
    ascii_value = text.encode() + b"\0"
    entries = [(256, 3, 1, 4), (257, 3, 1, 2), (258, 3, 1, bits), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, None), (277, 3, 1, 1), (278, 3, 1, 2), (279, 4, 1, len(data)), (339, 3, 1, fmt),
               (42113, 2, len(ascii_value), None)]
    ifd_size = 2 + 12 * len(entries) + 4
    text_offset = 8 + ifd_size
    data_offset = text_offset + len(ascii_value) + (len(ascii_value) % 2)
    out = bytearray(b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = data_offset
        if tag == 42113:
            field = ascii_value.ljust(4, b"\0") if len(ascii_value) <= 4 else struct.pack("<I", text_offset)
        elif kind == 3:
            field = struct.pack("<HH", value, 0)
        else:
            field = struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + field
    out += struct.pack("<I", 0)
    out += ascii_value.ljust(data_offset - text_offset, b"\0") if len(ascii_value) > 4 else b"\0" * (data_offset - text_offset)
    out += data
    return bytes(out)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    results = []
    for i, (dtype, text) in enumerate(CASES):
        value = float(text)
        pixels = np.array([[0, 1, 2, 3], [4, 5, 6, 7]], dtype=np.float64)
        info = np.finfo(dtype) if dtype.startswith("float") else np.iinfo(dtype)
        if math.isnan(value) or (info.min <= value <= info.max):
            pixels[0, 0] = value  # the type's own rounding of the value
        name = f"nodata_{i:02d}_{dtype}"
        path = os.path.join(outdir, name + ".tif")
        with open(path, "wb") as f:
            f.write(tiff(dtype, text, pixels.astype(dtype)))
        with rasterio.open(path) as src:
            nodata = src.nodata
            band = src.read(1)
            count = int(np.isnan(band).sum()) if nodata is not None and math.isnan(nodata) else (
                int((band == nodata).sum()) if nodata is not None else 0)
        if nodata is not None and (math.isnan(nodata) or math.isinf(nodata)):
            nodata = "nan" if math.isnan(nodata) else ("inf" if nodata > 0 else "-inf")
        results.append(dict(name=name, dtype=dtype, text=text, nodata=nodata, nodata_pixels=count))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
