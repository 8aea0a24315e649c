"""Same bytes, same Blosc(zstd) settings, two builds of the codec library: Debian's libblosc +
libzstd (what eocube links) against the c-blosc + zstd bundled in numcodecs (the kind of
bundled build tensorstore and zarrs ship). Prints CPU seconds to compress and decompress.

usage: blosc_library_ab.py [MB] [LEVEL]
"""
import ctypes
import ctypes.util
import sys
import time

import numpy as np
import numcodecs

mb = int(sys.argv[1]) if len(sys.argv) > 1 else 256
level = int(sys.argv[2]) if len(sys.argv) > 2 else 5
chunk = 256 * 256 * 4  # int16 elements of one [4, 256, 256] chunk
rng = np.random.default_rng(1)
count = mb * 1_000_000 // 2 // chunk * chunk
y, x = np.meshgrid(np.arange(256), np.arange(256), indexing="ij")
field = (-1200 + ((x // 64 + y // 64) % 8) * 60 + (x + y) % 50).astype(np.int16)
data = (np.tile(field.ravel(), count // field.size) + rng.integers(-128, 128, count)).astype(np.int16)
chunks = [data[i:i + chunk].tobytes() for i in range(0, count, chunk)]

debian = ctypes.CDLL(ctypes.util.find_library("blosc"))
debian.blosc_compress_ctx.restype = ctypes.c_int
debian.blosc_compress_ctx.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p,
                                      ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
debian.blosc_decompress_ctx.restype = ctypes.c_int
debian.blosc_decompress_ctx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


def cpu():
    return time.process_time()


def run_debian():
    out = ctypes.create_string_buffer(chunk * 2 + 64)
    back = ctypes.create_string_buffer(chunk * 2)
    c0 = cpu()
    sizes = []
    encoded = []
    for c in chunks:
        n = debian.blosc_compress_ctx(level, 1, 2, len(c), c, out, len(out), b"zstd", 0, 1)
        assert n > 0
        sizes.append(n)
        encoded.append(out.raw[:n])
    c1 = cpu()
    for e in encoded:
        assert debian.blosc_decompress_ctx(e, back, len(back), 1) == chunk * 2
    c2 = cpu()
    return c1 - c0, c2 - c1, sum(sizes)


def run_bundled():
    codec = numcodecs.Blosc(cname="zstd", clevel=level, shuffle=numcodecs.Blosc.SHUFFLE, blocksize=0)
    numcodecs.blosc.use_threads = False
    c0 = cpu()
    encoded = [codec.encode(np.frombuffer(c, dtype=np.int16)) for c in chunks]  # typesize 2, as eocube
    c1 = cpu()
    for e in encoded:
        codec.decode(e)
    c2 = cpu()
    return c1 - c0, c2 - c1, sum(len(e) for e in encoded)


best = {}
for _ in range(3):
    for name, fn in (("debian", run_debian), ("bundled", run_bundled)):
        r = fn()
        b = best.get(name)
        best[name] = r if b is None else (min(b[0], r[0]), min(b[1], r[1]), r[2])
print(f"{count * 2 / 1e6:.0f} MB in {len(chunks)} chunks of 512 KiB, Blosc zstd level {level} + shuffle, one thread")
print(f"numcodecs {numcodecs.__version__}, blosc bundled {numcodecs.blosc.__version__ if hasattr(numcodecs.blosc, '__version__') else '?'}")
for name, (comp, dec, size) in best.items():
    print(f"{name:8s} compress {comp:.3f} s CPU, decompress {dec:.3f} s CPU, {size / 1e6:.1f} MB out")
d, b = best["debian"], best["bundled"]
print(f"debian/bundled: compress {d[0] / b[0]:.2f}x, decompress {d[1] / b[1]:.2f}x CPU")
