"""Zarr v3 re-encode peer benchmark: read a whole array and write it with other chunks/shards.

Usage: zarr_reencode.py IMPL SRC DST --chunks T,Y,X --shards T,Y,X --codec blosc|zstd|none [--clevel N]
IMPL is tensorstore (read all, write all), zarrs (zarr-python with the zarrs codec pipeline) or
zarr (zarr-python alone). Prints one JSON line {"impl", "wall_s", "cpu_s", "peak_rss_mb"} (CPU of
all threads; peak RSS from VmHWM). Also `compare A B`: exits 1 unless both arrays hold equal values.
"""
import argparse
import json
import shutil
import sys
import time
import warnings

import numpy as np

from zarr_bench import cpu_seconds, peak_rss_mb, shape  # the same measures as the write/read benchmark

warnings.filterwarnings("ignore")


def inner_codecs(codec, clevel):
    codecs = [{"name": "bytes", "configuration": {"endian": "little"}}]
    if codec == "blosc":
        codecs.append({"name": "blosc", "configuration": {"cname": "zstd", "clevel": clevel, "shuffle": "shuffle", "typesize": 2, "blocksize": 0}})
    elif codec == "zstd":
        codecs.append({"name": "zstd", "configuration": {"level": clevel, "checksum": False}})
    return codecs


def run_tensorstore(src, dst, args):
    import tensorstore as ts
    source = ts.open({"driver": "zarr3", "kvstore": {"driver": "file", "path": src}}, read=True).result()
    data = source.read().result()
    target = ts.open({
        "driver": "zarr3", "kvstore": {"driver": "file", "path": dst},
        "metadata": {
            "shape": list(source.shape), "data_type": "int16", "fill_value": int(source.fill_value),
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(args.shards)}},
            "codecs": [{"name": "sharding_indexed", "configuration": {
                "chunk_shape": list(args.chunks), "codecs": inner_codecs(args.codec, args.clevel),
                "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
                "index_location": "end"}}],
            "dimension_names": ["time", "y", "x"],
        },
        "create": True, "delete_existing": True}).result()
    target.write(data).result()


def run_zarr_python(src, dst, args, pipeline):
    import zarr
    from zarr.codecs import BloscCodec, ZstdCodec
    if pipeline == "zarrs":
        import zarrs  # noqa: F401
        zarr.config.set({"codec_pipeline.path": "zarrs.ZarrsCodecPipeline"})
    source = zarr.open_array(src, mode="r")
    data = source[...]
    compressors = {"blosc": BloscCodec(cname="zstd", clevel=args.clevel, shuffle="shuffle", typesize=2),
                   "zstd": ZstdCodec(level=args.clevel), "none": None}[args.codec]
    target = zarr.create_array(dst, shape=source.shape, dtype="int16", chunks=args.chunks, shards=args.shards,
                               compressors=compressors, fill_value=source.fill_value, overwrite=True,
                               dimension_names=["time", "y", "x"])
    target[...] = data


def main():
    if sys.argv[1] == "compare":
        import zarr
        a, b = zarr.open_array(sys.argv[2], mode="r"), zarr.open_array(sys.argv[3], mode="r")
        ok = a.shape == b.shape and bool(np.array_equal(a[...], b[...]))
        print(json.dumps({"equal": ok}))
        sys.exit(0 if ok else 1)
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["tensorstore", "zarrs", "zarr"])
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("--chunks", type=shape, required=True)
    parser.add_argument("--shards", type=shape, required=True)
    parser.add_argument("--codec", choices=["blosc", "zstd", "none"], required=True)
    parser.add_argument("--clevel", type=int, default=5)
    args = parser.parse_args()
    shutil.rmtree(args.dst, ignore_errors=True)
    # Imports (and the zarrs pipeline) before the clock starts: only the re-encode is timed.
    if args.impl == "tensorstore":
        import tensorstore  # noqa: F401
    else:
        import zarr  # noqa: F401
        if args.impl == "zarrs":
            import zarrs  # noqa: F401
    c0, t0 = cpu_seconds(), time.perf_counter()
    if args.impl == "tensorstore":
        run_tensorstore(args.src, args.dst, args)
    else:
        run_zarr_python(args.src, args.dst, args, args.impl)
    print(json.dumps({"impl": args.impl, "wall_s": time.perf_counter() - t0, "cpu_s": cpu_seconds() - c0, "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
