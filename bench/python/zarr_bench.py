"""Zarr v3 peer benchmark: write then read a 3-D int16 array with one implementation.

Usage: zarr_bench.py IMPL DATA.bin OUTDIR --shape T,Y,X --chunks T,Y,X --shards T,Y,X [--clevel N]
IMPL is zarr (zarr-python), zarrs (zarr-python with the zarrs codec pipeline) or tensorstore.
DATA.bin holds the raw little-endian int16 values (written by `eocube-bench zarr`). Prints one
JSON line: {"impl", "write_s", "read_s", "peak_rss_mb", "ok"}. Also `verify STORE DATA.bin`:
checks with zarr-python that a store written by ZarrStore holds exactly DATA.bin.
"""
import argparse
import json
import resource
import shutil
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def shape(text):
    return tuple(int(v) for v in text.split(","))


def peak_rss_mb():
    # VmHWM: ru_maxrss would include the parent's peak (it survives exec on Linux).
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_zarr(data, out, args, pipeline):
    import zarr
    from zarr.codecs import BloscCodec
    if pipeline == "zarrs":
        import zarrs  # noqa: F401
        zarr.config.set({"codec_pipeline.path": "zarrs.ZarrsCodecPipeline"})
    compressor = BloscCodec(cname="zstd", clevel=args.clevel, shuffle="shuffle", typesize=2)
    t0 = time.perf_counter()
    array = zarr.create_array(out, shape=data.shape, dtype="int16", chunks=args.chunks, shards=args.shards,
                              compressors=compressor, fill_value=-9999, overwrite=True,
                              dimension_names=["time", "y", "x"])
    array[...] = data
    t1 = time.perf_counter()
    back = zarr.open_array(out, mode="r")[...]
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, bool(np.array_equal(back, data))


def bench_tensorstore(data, out, args):
    import tensorstore as ts
    spec = {
        "driver": "zarr3",
        "kvstore": {"driver": "file", "path": out},
        "metadata": {
            "shape": list(data.shape), "data_type": "int16", "fill_value": -9999,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(args.shards)}},
            "codecs": [{"name": "sharding_indexed", "configuration": {
                "chunk_shape": list(args.chunks),
                "codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
                           {"name": "blosc", "configuration": {"cname": "zstd", "clevel": args.clevel, "shuffle": "shuffle",
                                                               "typesize": 2, "blocksize": 0}}],
                "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
                "index_location": "end"}}],
            "dimension_names": ["time", "y", "x"],
        },
        "create": True, "delete_existing": True,
    }
    t0 = time.perf_counter()
    array = ts.open(spec).result()
    array.write(data).result()
    t1 = time.perf_counter()
    reader = ts.open({"driver": "zarr3", "kvstore": {"driver": "file", "path": out}}, read=True).result()
    back = reader.read().result()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, bool(np.array_equal(back, data))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "verify":
        import zarr
        store, data_path = sys.argv[2], sys.argv[3]
        array = zarr.open_array(store, mode="r")
        data = np.fromfile(data_path, dtype="<i2").reshape(array.shape)
        ok = bool(np.array_equal(array[...], data))
        print(json.dumps({"verified": ok}))
        sys.exit(0 if ok else 1)
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["zarr", "zarrs", "tensorstore"])
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--shape", type=shape, required=True)
    parser.add_argument("--chunks", type=shape, required=True)
    parser.add_argument("--shards", type=shape, required=True)
    parser.add_argument("--clevel", type=int, default=5)
    args = parser.parse_args()
    data = np.fromfile(args.data, dtype="<i2").reshape(args.shape)
    shutil.rmtree(args.out, ignore_errors=True)
    if args.impl == "tensorstore":
        write_s, read_s, ok = bench_tensorstore(data, args.out, args)
    else:
        write_s, read_s, ok = bench_zarr(data, args.out, args, args.impl)
    print(json.dumps({"impl": args.impl, "write_s": write_s, "read_s": read_s, "peak_rss_mb": peak_rss_mb(), "ok": ok}))


if __name__ == "__main__":
    main()
