"""Checks a WKT2 string against the CRS GDAL reads from a GeoTIFF.

Usage: geotiff_crs_check.py FILE.tif WKT
Prints "same" when GDAL considers both the same CRS, else both WKTs; exits 0 either way.
"""
import sys

import rasterio
from rasterio.crs import CRS

with rasterio.open(sys.argv[1]) as src:
    theirs = src.crs
ours = CRS.from_wkt(sys.argv[2])
print("same" if ours == theirs else f"different\nours:   {ours.to_wkt()}\ntheirs: {theirs.to_wkt()}")
