"""Writes a matrix of GeoTIFFs with GDAL (through rasterio) and the reference reads.

Usage: geotiff_make.py OUTDIR [--quick]
       geotiff_make.py OUTDIR --reference FILE NAME   (reference reads of an existing file)
       geotiff_make.py OUTDIR --noise-cog NAME SIZE     (an incompressible int16 COG, 256-pixel tiles)
       geotiff_make.py OUTDIR --reference-tree ROOT      (reference reads of every file under ROOT)

For every file NAME.tif it writes NAME.json describing what rasterio/GDAL reports (size, dtype,
nodata, scale/offset, transform, CRS, tags, blocks, overviews, valid-data box) and raw
little-endian reference reads: NAME.b<band>.bin (full band), NAME.win.bin (a window of band 1)
and NAME.ov<k>.bin (band 1 of overview k). The Swift tests compare GeoRaster's reads with them.
"""
import json
import os
import sys

import numpy as np
import rasterio
import rasterio.shutil
from rasterio.crs import CRS
from rasterio.transform import Affine
from rasterio.windows import Window

EQUI7_EU_WKT = (
    'PROJCS["Azimuthal_Equidistant",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Azimuthal_Equidistant"],'
    'PARAMETER["false_easting",5837287.81977],PARAMETER["false_northing",2121415.69617],'
    'PARAMETER["central_meridian",24.0],PARAMETER["latitude_of_origin",53.0],UNIT["Meter",1.0]]'
)

INTEGER = ["uint8", "int8", "uint16", "int16", "uint32", "int32"]
FLOAT = ["float32", "float64"]


def pixels(dtype, count, height, width, nodata, seed):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    base = np.sin(xx / 17.0) * np.cos(yy / 11.0)
    bands = []
    for b in range(count):
        noise = rng.normal(0, 0.2, size=(height, width))
        v = base * (b + 1) + noise
        if dtype in INTEGER:
            info = np.iinfo(dtype)
            lo, hi = max(info.min, -20000), min(info.max, 20000)
            arr = ((v + 3) / 6 * (hi - lo) + lo).clip(lo, hi).astype(dtype)
        else:
            arr = (v * 1000).astype(dtype)
        if nodata is not None:
            # A ragged nodata border so the valid-data box is not the whole image.
            arr[: height // 5, :] = nodata
            arr[:, : width // 7] = nodata
            arr[-3:, :] = nodata
        bands.append(arr)
    return np.stack(bands)


def write(path, *, dtype="int16", count=1, width=300, height=200, compress=None, predictor=None, tiled=True,
          block=64, bigtiff=False, interleave="pixel", nodata=-9999, overviews=(), crs="EPSG:32633",
          transform=None, tags=None, band_tags=None, scales=None, offsets=None, photometric=None,
          extra=None, sparse=False, seed=1, driver="GTiff", cog_options=None, descriptions=None, mask=False,
          nan_in_one_band=False):
    if nodata is not None and dtype in INTEGER:
        info = np.iinfo(dtype)
        if not (info.min <= nodata <= info.max):
            nodata = 0
    data = pixels(dtype, count, height, width, nodata, seed)
    if sparse:
        data[:, : height // 2, :] = nodata if nodata is not None else 0
    if nan_in_one_band:
        # NaN in the last band only: LERC then needs a mask per band (or a noData value per band).
        data[-1, ::7, ::5] = np.nan
    profile = dict(driver="GTiff", dtype=dtype, count=count, width=width, height=height,
                   crs=CRS.from_user_input(crs) if crs else None,
                   transform=transform or Affine(20.0, 0, 4800000.0, 0, -20.0, 1500000.0), nodata=nodata,
                   tiled=tiled, interleave=interleave)
    if tiled:
        profile.update(blockxsize=block, blockysize=block)
    else:
        profile.update(blockysize=block)
    if compress:
        profile["compress"] = compress
    if predictor:
        profile["predictor"] = predictor
    if bigtiff:
        profile["BIGTIFF"] = "YES"
    if photometric:
        profile["photometric"] = photometric
    if sparse:
        profile["SPARSE_OK"] = "TRUE"
    if extra:
        profile.update(extra)
    target = path if driver == "GTiff" else path + ".tmp.tif"
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(target, "w", **profile) as dst:
        dst.write(data)
        if mask:
            # An internal mask IFD (SubfileType 4), which readers must not take for an overview.
            m = np.full((height, width), 255, np.uint8)
            m[: height // 3, : width // 3] = 0
            dst.write_mask(m)
        if tags:
            dst.update_tags(**tags)
        for b, t in (band_tags or {}).items():
            dst.update_tags(b, **t)
        if descriptions:
            dst.descriptions = descriptions
        if scales:
            dst.scales = scales
        if offsets:
            dst.offsets = offsets
        if overviews:
            dst.build_overviews(list(overviews), rasterio.enums.Resampling.average)
    if driver == "COG":
        rasterio.shutil.copy(target, path, driver="COG", **(cog_options or {}))
        os.remove(target)


def reference(path, name, outdir):
    with rasterio.open(path) as src:
        info = dict(
            width=src.width, height=src.height, count=src.count, dtype=src.dtypes[0],
            nodata=None if src.nodata is None else (str(src.nodata) if np.isnan(src.nodata) else src.nodata),
            scales=list(src.scales), offsets=list(src.offsets),
            transform=list(src.transform.to_gdal()) if not src.transform.is_identity else None,
            epsg=src.crs.to_epsg(confidence_threshold=100) if src.crs else None,
            has_crs=src.crs is not None,
            epsg_identified=src.crs.to_epsg() if src.crs else None,
            tags={k: v for k, v in src.tags().items() if k != "AREA_OR_POINT"},
            area_or_point=src.tags().get("AREA_OR_POINT"),
            band_tags=[src.tags(b) for b in range(1, src.count + 1)],
            descriptions=list(src.descriptions),
            block=list(src.block_shapes[0]),
            # rasterio gives a plain string for schemes its enum lacks (OJPEG, SGILOG24, THUNDERSCAN).
            compression=(getattr(src.compression, "name", str(src.compression)).upper() if src.compression else "NONE"),
            # GDAL's own names (LERC_DEFLATE, SGILOG24, "YCbCr JPEG") and the predictor it reports (absent: 1).
            gdal_compression=src.tags(ns="IMAGE_STRUCTURE").get("COMPRESSION", "NONE"),
            predictor=int(src.tags(ns="IMAGE_STRUCTURE").get("PREDICTOR", "1")),
            overviews=src.overviews(1),
            interleave=getattr(src.interleaving, "name", str(src.interleaving)) if src.interleaving else None,
        )
        for b in range(1, src.count + 1):
            with open(os.path.join(outdir, f"{name}.b{b}.bin"), "wb") as f:
                f.write(src.read(b).astype(np.dtype(src.dtypes[0]).newbyteorder("<")).tobytes())
        w = Window(src.width // 3, src.height // 4, max(1, src.width // 2), max(1, src.height // 2))
        info["window"] = [int(w.col_off), int(w.row_off), int(w.width), int(w.height)]
        with open(os.path.join(outdir, f"{name}.win.bin"), "wb") as f:
            f.write(src.read(1, window=w).astype(np.dtype(src.dtypes[0]).newbyteorder("<")).tobytes())
        # Valid-data box of band 1 (pixels != nodata), as the builder defines it.
        arr = src.read(1)
        if src.nodata is None:
            valid = np.ones(arr.shape, bool)
        elif np.isnan(src.nodata):
            valid = ~np.isnan(arr)
        else:
            valid = arr != src.nodata
        rows, cols = np.nonzero(valid.any(axis=1))[0], np.nonzero(valid.any(axis=0))[0]
        info["valid_box"] = None if len(rows) == 0 else [int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)]
    for k in range(len(info["overviews"])):
        with rasterio.open(path, overview_level=k) as ov:
            with open(os.path.join(outdir, f"{name}.ov{k}.bin"), "wb") as f:
                f.write(ov.read(1).astype(np.dtype(ov.dtypes[0]).newbyteorder("<")).tobytes())
            info.setdefault("overview_sizes", []).append([ov.width, ov.height])
    with open(os.path.join(outdir, f"{name}.json"), "w") as f:
        json.dump(info, f, indent=1)


def reference_tree(root, outdir):
    """Reference reads of every file under ROOT (recursively, SOURCES.md and other .md skipped).

    A file's NAME is its path under ROOT with "/" as "__" and the extension dropped. A file GDAL
    cannot open or read gets NAME.json = {"gdal_error": "..."} instead, so the tests can require a
    clean typed error from GeoRaster for it. Prints [[relative path, NAME], ...].
    """
    import warnings
    warnings.filterwarnings("ignore")
    entries = []
    for directory, _, files in sorted(os.walk(root)):
        for file in sorted(files):
            if file.endswith(".md"):
                continue
            path = os.path.join(directory, file)
            relative = os.path.relpath(path, root)
            name = os.path.splitext(relative)[0].replace(os.sep, "__")
            try:
                reference(path, name, outdir)
            except Exception as error:  # GDAL's refusal is the reference for this file
                with open(os.path.join(outdir, f"{name}.json"), "w") as f:
                    json.dump(dict(gdal_error=str(error) or type(error).__name__), f)
            entries.append([relative, name])
    return entries


def matrix(quick):
    """(name, keyword arguments of write) for every case."""
    cases = []
    lossless = ["NONE", "DEFLATE", "LZW", "PACKBITS", "ZSTD", "LERC"]
    for i, dtype in enumerate(INTEGER + FLOAT):
        for j, compress in enumerate(lossless):
            if quick and j % 2 == 1:
                continue
            k = i + j
            predictor = None
            if compress in ("DEFLATE", "LZW", "ZSTD"):
                predictor = 3 if dtype in FLOAT and k % 2 == 0 else (2 if k % 3 != 2 else None)
            cases.append((f"m_{dtype}_{compress.lower()}_p{predictor or 1}", dict(
                dtype=dtype, compress=compress if compress != "NONE" else None, predictor=predictor,
                tiled=k % 3 != 0, block=64 if k % 3 != 0 else 16, bigtiff=k % 4 == 1,
                count=1 + (k % 3 == 1), interleave="band" if k % 5 == 2 else "pixel",
                nodata=(float("nan") if dtype in FLOAT and k % 2 else -9999), seed=k)))
    cases += [
        ("jpeg_rgb", dict(dtype="uint8", count=3, compress="JPEG", nodata=None, block=64)),
        ("jpeg_ycbcr", dict(dtype="uint8", count=3, compress="JPEG", photometric="YCBCR", nodata=None, block=64)),
        ("webp_rgb", dict(dtype="uint8", count=3, compress="WEBP", nodata=None, block=64, extra={"WEBP_LOSSLESS": "TRUE"})),
        ("lerc_deflate_f32", dict(dtype="float32", compress="LERC_DEFLATE", nodata=-9999)),
        ("lerc_zstd_i16", dict(dtype="int16", compress="LERC_ZSTD", nodata=-9999)),
        # LERC blocks that Debian 12's libtiff 4.5 rejects (GeoRaster decodes LERC with liblerc):
        # pixel-interleaved, several bands, NaN; tiles and strips; every second stage; lossy.
        ("lerc_f32_pixel_3bands_nan", dict(dtype="float32", count=3, compress="LERC", nodata=float("nan"))),
        ("lerc_deflate_f64_pixel_2bands_nan_strips", dict(dtype="float64", count=2, compress="LERC_DEFLATE", tiled=False, block=13,
                                                          nodata=float("nan"))),
        ("lerc_zstd_f32_pixel_2bands_nan_one_band", dict(dtype="float32", count=2, compress="LERC_ZSTD", nodata=None, nan_in_one_band=True)),
        ("lerc_f32_band_2bands_nan_one_band", dict(dtype="float32", count=2, compress="LERC", interleave="band", nodata=None,
                                                   nan_in_one_band=True)),
        ("lerc_zstd_u16_pixel_3bands", dict(dtype="uint16", count=3, compress="LERC_ZSTD", nodata=None)),
        ("lerc_lossy_f32_pixel_2bands_nan", dict(dtype="float32", count=2, compress="LERC", nodata=float("nan"), extra={"MAX_Z_ERROR": 0.5})),
        # Odd bit depths (GDAL's NBITS), which readers widen: 1-7 → Byte, 9-15 → UInt16, 17-31 → UInt32, 16 → Float32.
        ("nbits1_uint8_deflate", dict(dtype="uint8", nodata=None, compress="DEFLATE", extra={"NBITS": 1})),
        ("nbits4_uint8_pixel_3bands_lzw", dict(dtype="uint8", count=3, nodata=None, compress="LZW", extra={"NBITS": 4})),
        ("nbits7_uint8_strips_odd_width", dict(dtype="uint8", width=301, tiled=False, block=13, nodata=None, extra={"NBITS": 7})),
        ("nbits12_uint16_band_2bands", dict(dtype="uint16", count=2, interleave="band", nodata=0, compress="ZSTD", extra={"NBITS": 12})),
        ("nbits24_uint32_strips", dict(dtype="uint32", tiled=False, block=9, nodata=None, extra={"NBITS": 24})),
        ("nbits20_uint32_pixel_2bands", dict(dtype="uint32", count=2, nodata=None, compress="DEFLATE", extra={"NBITS": 20})),
        ("float16_deflate_2bands", dict(dtype="float32", count=2, compress="DEFLATE", nodata=float("nan"), extra={"NBITS": 16})),
        ("strips_multi_band_sep", dict(dtype="int16", count=3, tiled=False, block=7, interleave="band", compress="DEFLATE", predictor=2)),
        ("overviews_internal", dict(dtype="int16", compress="DEFLATE", overviews=(2, 4, 8), width=513, height=397, block=128)),
        ("overviews_bigtiff_lzw", dict(dtype="float32", compress="LZW", overviews=(2, 4), bigtiff=True, nodata=float("nan"))),
        ("cog_sig0", dict(driver="COG", dtype="int16", width=700, height=600, crs=EQUI7_EU_WKT,
                          cog_options=dict(COMPRESS="DEFLATE", PREDICTOR="2", BLOCKSIZE="256", OVERVIEWS="AUTO"),
                          tags=dict(abs_orbit_number="48552", rel_orbit_number="146", sensing_date="2023-06-01T05:12:33"),
                          scales=[0.01], offsets=[0.0], band_tags={1: dict(polarisation="VV")})),
        ("sparse_tiles", dict(dtype="int16", compress="DEFLATE", sparse=True, block=32)),
        ("pixel_is_point", dict(dtype="uint16", extra={"GTIFF_POINT_GEO_IGNORE": "NO"}, tags={"AREA_OR_POINT": "Point"})),
        ("rotated_transform", dict(dtype="float32", transform=Affine(10.0, 2.0, 500000.0, 1.5, -10.0, 5200000.0), nodata=None)),
        ("geographic_wgs84", dict(dtype="float64", crs="EPSG:4326", transform=Affine(0.01, 0, 10.0, 0, -0.01, 50.0))),
        ("scale_offset_two_bands", dict(dtype="uint16", count=2, scales=[0.5, 2.0], offsets=[-10.0, 3.0], nodata=0,
                                        descriptions=["VV backscatter", "VH <cross> & co"],
                                        tags={"note": 'a&b <c> "d" \'e\'', "sensing_date": "2021-01-02T03:04:05Z"},
                                        band_tags={2: {"polarisation": "VH", "unit": "dB&"}})),
        ("userdefined_laea_grs80", dict(dtype="int16", crs="+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs")),
        ("userdefined_tm", dict(dtype="int16", crs="+proj=tmerc +lat_0=0 +lon_0=15.5 +k=0.9999 +x_0=400000 +y_0=0 +datum=WGS84 +units=m +no_defs")),
        ("userdefined_lcc", dict(dtype="int16", crs="+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs")),
        ("internal_mask_overviews", dict(dtype="uint8", count=3, nodata=None, mask=True, overviews=(2, 4), compress="DEFLATE")),
        ("lzma_int32", dict(dtype="int32", compress="LZMA", predictor=2)),
        # Big-endian files with Predictor 2: libtiff swaps, GeoRaster undoes the differencing.
        ("bigendian_int16_deflate_p2", dict(dtype="int16", compress="DEFLATE", predictor=2, extra={"ENDIANNESS": "BIG"})),
        ("bigendian_uint32_lzw_p2_two_bands", dict(dtype="uint32", count=2, compress="LZW", predictor=2, tiled=False, block=9,
                                                   extra={"ENDIANNESS": "BIG"})),
        ("zstd_uint8_p2_three_bands", dict(dtype="uint8", count=3, compress="ZSTD", predictor=2, nodata=None)),
        ("equi7_af_userdefined", dict(dtype="int16", crs="+proj=aeqd +lat_0=8.5 +lon_0=21.5 +x_0=5621452.02 +y_0=5990638.423 +datum=WGS84 +units=m +no_defs")),
        ("no_georef", dict(dtype="uint8", crs=None, transform=None, nodata=None)),
    ]
    return cases


def main():
    outdir = sys.argv[1]
    if len(sys.argv) >= 5 and sys.argv[2] == "--noise-cog":
        name, size = sys.argv[3], int(sys.argv[4])
        path = os.path.join(outdir, name + ".tif")
        os.makedirs(outdir, exist_ok=True)
        rng = np.random.default_rng(7)
        tmp = path + ".tmp.tif"
        with rasterio.open(tmp, "w", driver="GTiff", dtype="int16", count=1, width=size, height=size, nodata=-9999,
                           crs="EPSG:3035", transform=Affine(20, 0, 4000000, 0, -20, 3000000)) as dst:
            dst.write(rng.integers(-3000, 3000, size=(1, size, size), dtype=np.int16))
        rasterio.shutil.copy(tmp, path, driver="COG", COMPRESS="DEFLATE", BLOCKSIZE="256", OVERVIEWS="NONE")
        os.remove(tmp)
        reference(path, name, outdir)
        print(json.dumps([name]))
        return
    if len(sys.argv) >= 4 and sys.argv[2] == "--reference-tree":
        os.makedirs(outdir, exist_ok=True)
        print(json.dumps(reference_tree(sys.argv[3], outdir)))
        return
    if len(sys.argv) >= 5 and sys.argv[2] == "--reference":
        os.makedirs(outdir, exist_ok=True)
        reference(sys.argv[3], sys.argv[4], outdir)
        print(json.dumps([sys.argv[4]]))
        return
    quick = "--quick" in sys.argv
    os.makedirs(outdir, exist_ok=True)
    names = []
    for name, kwargs in matrix(quick):
        path = os.path.join(outdir, name + ".tif")
        if name == "no_georef":
            kwargs = dict(kwargs)
            with rasterio.Env():
                write(path, **{**kwargs, "crs": None, "transform": Affine.identity()})
        else:
            write(path, **kwargs)
        reference(path, name, outdir)
        names.append(name)
    json.dump(names, open(os.path.join(outdir, "index.json"), "w"))
    print(json.dumps(names))


if __name__ == "__main__":
    main()
