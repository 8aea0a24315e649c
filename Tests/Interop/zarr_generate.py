"""Writes a Zarr v3 store with zarr-python covering every data type x codec chain.

Usage: zarr_generate.py STORE OUTDIR
For each array it writes OUTDIR/<name>.bin (raw little-endian C-order values) and a
manifest.json {name: {dtype, shape}} so the Swift side can compare what it reads.
"""
import os
import sys
import warnings

import numpy as np
import zarr
from zarr.codecs import (BloscCodec, BytesCodec, Crc32cCodec, GzipCodec, ShardingCodec,
                         TransposeCodec, ZstdCodec)

from zarr_common import DTYPES, fill_for, random_values, raw_bytes, write_manifest

warnings.filterwarnings("ignore")
SHAPE, CHUNKS, SHARD = (7, 13), (3, 5), (6, 10)


def chains(dtype):
    one_byte = np.dtype(dtype).itemsize == 1
    le = BytesCodec() if one_byte else BytesCodec(endian="little")
    be = BytesCodec() if one_byte else BytesCodec(endian="big")
    return {
        "raw": dict(chunks=CHUNKS, serializer=le, compressors=None),
        "big_gzip": dict(chunks=CHUNKS, serializer=be, compressors=GzipCodec(level=6)),
        "zstd_checksum": dict(chunks=CHUNKS, compressors=ZstdCodec(level=3, checksum=True)),
        "blosc_lz4_shuffle": dict(chunks=CHUNKS, compressors=BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")),
        "blosc_zstd_bitshuffle": dict(chunks=CHUNKS, compressors=BloscCodec(cname="zstd", clevel=3, shuffle="bitshuffle")),
        "blosc_blosclz_noshuffle": dict(chunks=CHUNKS, compressors=BloscCodec(cname="blosclz", clevel=9, shuffle="noshuffle")),
        "blosc_zlib_shuffle": dict(chunks=CHUNKS, compressors=BloscCodec(cname="zlib", clevel=1, shuffle="shuffle")),
        "blosc_lz4hc_bitshuffle": dict(chunks=CHUNKS, compressors=BloscCodec(cname="lz4hc", clevel=4, shuffle="bitshuffle")),
        "transpose_crc32c": dict(chunks=CHUNKS, filters=TransposeCodec(order=(1, 0)), compressors=Crc32cCodec()),
        "shard_end": dict(chunks=CHUNKS, shards=SHARD, compressors=BloscCodec(cname="zstd", clevel=5, shuffle="shuffle")),
        "shard_start": dict(chunks=SHARD, compressors=None, serializer=ShardingCodec(
            chunk_shape=CHUNKS, codecs=[le, ZstdCodec(level=1), Crc32cCodec()], index_location="start")),
        "shard_wrapped_gzip": dict(chunks=SHARD, compressors=GzipCodec(level=1), serializer=ShardingCodec(
            chunk_shape=CHUNKS, codecs=[be], index_location="end")),
        "v2_dot_keys": dict(chunks=CHUNKS, chunk_key_encoding={"name": "v2", "separator": "."}),
        "default_dot_keys": dict(chunks=CHUNKS, chunk_key_encoding={"name": "default", "separator": "."}),
    }


def main(store, outdir):
    os.makedirs(outdir, exist_ok=True)
    root = zarr.open_group(store, mode="w", attributes={"title": "zarr-python generated"})
    manifest = {}
    seed = 0
    for dtype in DTYPES:
        for chain, kwargs in chains(dtype).items():
            seed += 1
            name = f"{dtype}__{chain}"
            values = random_values(dtype, SHAPE, seed)
            fill = fill_for(dtype)
            # A fully-fill chunk and shard corner, so missing chunks are exercised.
            values[0:3, 0:5] = fill
            array = root.create_array(name, shape=SHAPE, dtype=dtype, fill_value=fill,
                                      dimension_names=[f"{name}_y", f"{name}_x"],
                                      attributes={"chain": chain}, **kwargs)
            array[:] = values
            with open(os.path.join(outdir, name + ".bin"), "wb") as f:
                f.write(raw_bytes(values))
            manifest[name] = {"dtype": dtype, "shape": list(SHAPE)}
    # A 0-d array, a 3-D sharded int16 cube in a subgroup, and a partially written array (fill elsewhere).
    scalar = root.create_array("scalar", shape=(), dtype="float64", fill_value=float("nan"))
    scalar[()] = 42.25
    open(os.path.join(outdir, "scalar.bin"), "wb").write(raw_bytes(np.array(42.25)))
    manifest["scalar"] = {"dtype": "float64", "shape": []}
    sub = root.create_group("sub/deeper", attributes={"level": 2})
    cube = sub.create_array("cube", shape=(5, 33, 47), dtype="int16", chunks=(2, 8, 8), shards=(4, 16, 24),
                            fill_value=-9999, compressors=BloscCodec(cname="zstd", clevel=5, shuffle="shuffle"),
                            dimension_names=["t", "y", "x"])
    values = random_values("int16", (5, 33, 47), 999)
    cube[:] = values
    open(os.path.join(outdir, "sub__deeper__cube.bin"), "wb").write(raw_bytes(values))
    manifest["sub/deeper/cube"] = {"dtype": "int16", "shape": [5, 33, 47]}
    partial = root.create_array("partial", shape=(20, 20), dtype="int32", chunks=(4, 4), fill_value=-1)
    partial[5:9, 3:17] = 3
    expected = np.full((20, 20), -1, dtype="int32")
    expected[5:9, 3:17] = 3
    open(os.path.join(outdir, "partial.bin"), "wb").write(raw_bytes(expected))
    manifest["partial"] = {"dtype": "int32", "shape": [20, 20]}
    zarr.consolidate_metadata(store)
    write_manifest(outdir, manifest)
    print(f"wrote {len(manifest)} arrays")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
