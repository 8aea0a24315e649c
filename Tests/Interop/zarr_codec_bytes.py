"""Checks the bytes of every stored chunk of a Zarr v3 store against what its zarr.json configures,
with numcodecs as the reference encoder: codec parameters must reach the bytes, not only the metadata.

Usage: zarr_codec_bytes.py STORE
  blosc   the header's shuffle flags (0x01 byte shuffle, 0x04 bitshuffle), compressor code (bits 5-7)
          and typesize byte equal numcodecs.Blosc's for the same decoded chunk and configuration,
          and the shuffle flags are the configured ones
  zstd    the frame header's Content_Checksum_flag (0x04 of the descriptor byte) equals
          numcodecs.Zstd's for the configured checksum, and equals the configuration
  crc32c  a shard index ends with the CRC-32C of the index (numcodecs.CRC32C), and the index codecs
          are zarr-python's default sharding index codecs; a crc32c chunk codec's last 4 bytes too
Prints a JSON count of checked chunks per kind; any mismatch is an AssertionError naming the chunk.
"""
import json
import os
import sys

import numpy as np
import zarr
from numcodecs import Blosc, Zstd
from numcodecs.checksum32 import CRC32C

SHUFFLE = {"noshuffle": 0, "shuffle": 1, "bitshuffle": 2}
SHUFFLE_FLAGS = {0: 0x00, 1: 0x01, 2: 0x04}
counts = {"blosc": 0, "zstd": 0, "shard_index_crc32c": 0, "crc32c": 0}


def crc_ok(data, where):
    body = bytes(data[:-4])
    expected = bytes(CRC32C().encode(body))
    assert bytes(data) == expected, f"{where}: the last 4 bytes are not the CRC-32C of the rest"


def check_bytes_codec(codec, stored, decoded, dtype, where):
    """Checks one bytes->bytes codec's output `stored` (whose input was `decoded`)."""
    name, config = codec["name"], codec.get("configuration", {})
    if name == "blosc":
        shuffle = SHUFFLE[config["shuffle"]] if isinstance(config["shuffle"], str) else int(config["shuffle"])
        typesize = config.get("typesize") or dtype.itemsize
        # numcodecs takes the typesize from the array's item size.
        item = dtype.newbyteorder("<") if dtype.itemsize == typesize else np.dtype(f"u{typesize}")
        array = np.frombuffer(decoded, dtype=item)
        reference = bytes(Blosc(config["cname"], config["clevel"], shuffle, config.get("blocksize", 0)).encode(array))
        mask = 0x01 | 0x04 | 0xE0
        assert stored[2] & mask == reference[2] & mask, f"{where}: blosc flags {stored[2]:#04x}, numcodecs {reference[2]:#04x}"
        assert stored[2] & 0x05 == SHUFFLE_FLAGS[shuffle], f"{where}: blosc flags {stored[2]:#04x} do not say {config['shuffle']}"
        assert stored[3] == reference[3] == typesize, f"{where}: blosc typesize byte {stored[3]}, numcodecs {reference[3]}, configured {typesize}"
        counts["blosc"] += 1
    elif name == "zstd":
        checksum = bool(config.get("checksum", False))
        reference = bytes(Zstd(level=config.get("level", 0), checksum=checksum).encode(np.frombuffer(decoded, dtype=np.uint8)))
        assert stored[:4] == b"\x28\xb5\x2f\xfd", f"{where}: not a zstd frame"
        assert stored[4] & 0x04 == reference[4] & 0x04, f"{where}: zstd descriptor {stored[4]:#04x}, numcodecs {reference[4]:#04x}"
        assert bool(stored[4] & 0x04) == checksum, f"{where}: zstd checksum flag is not {checksum}"
        counts["zstd"] += 1
    elif name == "crc32c":
        crc_ok(stored, where)
        counts["crc32c"] += 1


def decode_bytes_chain(codecs, stored):
    """The input of each bytes->bytes codec, outermost last: [(codec, its output, its input)]."""
    from numcodecs import GZip
    steps = []
    data = stored
    for codec in reversed(codecs):
        name = codec["name"]
        if name == "blosc":
            decoded = bytes(Blosc().decode(data))
        elif name == "zstd":
            decoded = bytes(Zstd().decode(data))
        elif name == "gzip":
            decoded = bytes(GZip().decode(data))
        elif name == "crc32c":
            decoded = bytes(data[:-4])
        else:
            raise AssertionError(f"codec {name} not covered")
        steps.append((codec, data, decoded))
        data = decoded
    return steps


def check_chain(codecs, stored, dtype, where):
    bytes_codecs = codecs[[c["name"] for c in codecs].index("bytes") + 1:] if any(c["name"] == "bytes" for c in codecs) else []
    for codec, output, decoded in decode_bytes_chain(bytes_codecs, stored):
        check_bytes_codec(codec, output, decoded, dtype, where)


def main(store):
    default_index = [c.to_dict() for c in zarr.codecs.ShardingCodec(chunk_shape=(1,)).index_codecs]
    for directory, _, files in os.walk(store):
        if "zarr.json" not in files:
            continue
        with open(os.path.join(directory, "zarr.json")) as f:
            meta = json.load(f)
        if meta.get("node_type") != "array":
            continue
        dtype = np.dtype(meta["data_type"])
        codecs = meta["codecs"]
        chunk_root = os.path.join(directory, "c")
        for chunk_dir, _, chunk_files in os.walk(chunk_root):
            for name in chunk_files:
                path = os.path.join(chunk_dir, name)
                where = os.path.relpath(path, store)
                with open(path, "rb") as f:
                    stored = f.read()
                sharding = next((c for c in codecs if c["name"] == "sharding_indexed"), None)
                if sharding is None:
                    check_chain(codecs, stored, dtype, where)
                    continue
                config = sharding["configuration"]
                assert config["index_codecs"] == default_index, f"{where}: index codecs {config['index_codecs']}, zarr-python's {default_index}"
                n = int(np.prod([s // c for s, c in zip(meta["chunk_grid"]["configuration"]["chunk_shape"], config["chunk_shape"])]))
                size = 16 * n + 4
                start = config.get("index_location", "end") == "start"
                index = stored[:size] if start else stored[-size:]
                crc_ok(index, where + " (shard index)")
                counts["shard_index_crc32c"] += 1
                entries = np.frombuffer(index[:-4], dtype="<u8").reshape(-1, 2)
                for i, (offset, length) in enumerate(entries):
                    if offset == 2**64 - 1:
                        continue
                    check_chain(config["codecs"], stored[offset:offset + length], dtype, f"{where} inner {i}")
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
