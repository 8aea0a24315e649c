"""Checks eocube's pictures against the cube as xarray reads it.

    cube_render_check.py quicklook STORE GROUP PNG DAY BAND ROW0 ROW1 COL0 COL1 FACTOR MIN MAX
        every picture pixel: transparent where the factor x factor box holds no value, else the
        grey round(255 * clip((mean - MIN) / (MAX - MIN), 0, 1)) of the box mean (within 1 level)
    cube_render_check.py series STORE GROUP PNG COLUMN ROW
        the series plot (800 x 400, margins left 56, right 16, top 24, bottom 40): each day's value
        of each band has a marker of the band's colour at the pixel the documented layout gives
Prints "ok" and a count, or fails with an AssertionError.
"""
import sys

import numpy as np
import xarray as xr
from PIL import Image

COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40)]


def quicklook(store, group, png, day, band, r0, r1, c0, c1, factor, low, high):
    ds = xr.open_zarr(store, group=group, consolidated=True, chunks=None)
    values = ds[band].isel(time=day, y=slice(r0, r1), x=slice(c0, c1)).values
    h, w = values.shape
    oh, ow = -(-h // factor), -(-w // factor)
    padded = np.full((oh * factor, ow * factor), np.nan)
    padded[:h, :w] = values
    boxes = padded.reshape(oh, factor, ow, factor)
    counts = np.isfinite(boxes).sum(axis=(1, 3))
    with np.errstate(invalid="ignore"):
        means = np.nansum(boxes, axis=(1, 3)) / counts
    image = np.asarray(Image.open(png).convert("RGBA")).astype(int)
    assert image.shape == (oh, ow, 4), (image.shape, oh, ow)
    alpha = image[:, :, 3]
    assert np.array_equal(alpha == 0, counts == 0), "transparency differs from the boxes without data"
    grey = np.rint(np.clip((means - low) / (high - low), 0, 1) * 255)
    opaque = counts > 0
    for channel in range(3):
        diff = np.abs(image[:, :, channel][opaque] - grey[opaque])
        assert diff.max() <= 1, (channel, diff.max())
    assert opaque.sum() > 0, "no pixel with data"
    print("ok", int(opaque.sum()))


def series(store, group, png, column, row):
    ds = xr.open_zarr(store, group=group, consolidated=True, chunks=None)
    raw = xr.open_zarr(store, group=group, consolidated=True, chunks=None, mask_and_scale=False, decode_times=False)
    sensing = raw.sensing_date.isel(x=column, y=row).values
    days = np.nonzero(sensing != -9999)[0]
    bands = [b for b in ("VV", "VH") if b in ds]
    values = {b: ds[b].isel(x=column, y=row).values[days] for b in bands}
    everything = np.concatenate([v[np.isfinite(v)] for v in values.values()])
    low, high = np.floor(everything.min()) - 1, np.ceil(everything.max()) + 1
    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    height, width = image.shape[:2]
    assert (width, height) == (800, 400)
    plot_w, plot_h = width - 56 - 16 - 1, height - 24 - 40 - 1
    markers = {}
    for i, b in enumerate(bands):
        for d, v in zip(days, values[b]):
            if not np.isfinite(v):
                continue
            share = 0.5 if days[-1] == days[0] else (d - days[0]) / (days[-1] - days[0])
            x = 56 + int(np.rint(share * plot_w))
            y = height - 40 - 1 - int(np.rint((v - low) / (high - low) * plot_h))
            markers[(x, y)] = i  # a later band's marker covers an earlier one's
    checked = 0
    for (x, y), i in markers.items():
        assert tuple(image[y, x]) == COLORS[i], ((x, y), tuple(image[y, x]), COLORS[i])
        checked += 1
    assert checked >= 2
    print("ok", checked)


if sys.argv[1] == "quicklook":
    a = sys.argv[2:]
    quicklook(a[0], a[1], a[2], int(a[3]), a[4], *map(int, a[5:10]), float(a[10]), float(a[11]))
else:
    a = sys.argv[2:]
    series(a[0], a[1], a[2], int(a[3]), int(a[4]))
