"""What xarray reads from a cube, as JSON, for comparison with CubeReader.

usage: cube_series_reference.py STORE GROUP REQUEST.json
REQUEST: {"first_day": slot (only days from here on), "points": [[column, row], ...],
          "window": [row, column, height, width], "day": slot,
          "rechunk": "OUT.zarr" (optional: also write the cube's rows/columns of "window", from
          "first_day" on, into a copy with 20-day chunks [20, 256, 256], written by zarr-python)}
Floats are printed as repr() strings, exact in any JSON reader. Prints {"points": [{"days": [...], "VV": [...|null], ..., "sensing_date": [...s], "absolute_orbit_number": [...],
        "relative_orbit_number": [...]}], "window_days": [...], "window_mean": {band: [...]},
        "slice": {band: [... row-major, null for NaN]}, "projected": [[x, y], ...] for "lonlat"}.
"""
import json
import sys

import numpy as np
import xarray as xr


def clean(values):
    # repr: the shortest text that reads back as the same float64 (JSON readers may round).
    return [None if (v is None or np.isnan(v)) else repr(float(v)) for v in values]


def main():
    store, group, request_path = sys.argv[1:4]
    request = json.load(open(request_path))
    first = request.get("first_day", 0)
    ds = xr.open_zarr(store, group=group, consolidated=True, chunks=None).isel(time=slice(first, None))
    bands = [name for name in ds.data_vars if name not in ("sensing_date", "absolute_orbit_number", "relative_orbit_number", "spatial_ref")
             and ds[name].dims == ("time", "y", "x")]
    raw = xr.open_zarr(store, group=group, consolidated=True, chunks=None, decode_times=False, mask_and_scale=False).isel(time=slice(first, None))
    out = {"points": []}
    for column, row in request.get("points", []):
        sensing = raw.sensing_date.isel(x=column, y=row).values
        days = np.nonzero(sensing != -9999)[0]
        point = {"days": [first + int(d) for d in days], "sensing_date": [int(sensing[d]) for d in days]}
        for name in ("absolute_orbit_number", "relative_orbit_number"):
            values = raw[name].isel(x=column, y=row).values
            point[name] = [None if values[d] == -9999 else int(values[d]) for d in days]
        for band in bands:
            values = ds[band].isel(x=column, y=row).values
            point[band] = clean([float(values[d]) for d in days])
        out["points"].append(point)
    if "window" in request:
        r, c, h, w = request["window"]
        sensing = raw.sensing_date.isel(y=slice(r, r + h), x=slice(c, c + w)).values
        days = [int(d) for d in np.nonzero((sensing != -9999).any(axis=(1, 2)))[0]]
        out["window_days"] = [first + d for d in days]
        out["window_mean"] = {}
        for band in bands:
            patch = ds[band].isel(y=slice(r, r + h), x=slice(c, c + w)).values[days]
            means = [float(np.nanmean(day)) if np.isfinite(day).any() else None for day in patch]
            out["window_mean"][band] = clean(means)
        if "day" in request:
            out["slice"] = {band: clean([float(v) for v in ds[band].isel(time=request["day"] - first, y=slice(r, r + h), x=slice(c, c + w)).values.ravel()])
                            for band in bands}
    if "lonlat" in request:
        from pyproj import Transformer
        out["projected"] = []
        for epsg, lon, lat in request["lonlat"]:
            x, y = Transformer.from_crs(4326, epsg, always_xy=True).transform(lon, lat)
            out["projected"].append([x, y])
    if "rechunk" in request:
        import zarr
        source = zarr.open_group(store, mode="r", path=group)
        root = zarr.open_group(request["rechunk"], mode="w", zarr_format=3)
        target = root.create_group(group, attributes=dict(source.attrs))
        r, c, h, w = request["window"]
        for name, array in source.arrays():
            if array.ndim == 3:
                copy = target.create_array(name, shape=array.shape, dtype=array.dtype, chunks=(20, 256, 256),
                                           fill_value=array.fill_value, attributes=dict(array.attrs),
                                           dimension_names=array.metadata.dimension_names)
                copy[first:, r:r + h, c:c + w] = array[first:, r:r + h, c:c + w]
            else:
                copy = target.create_array(name, shape=array.shape, dtype=array.dtype, chunks=array.shape if array.ndim else (),
                                           fill_value=array.fill_value, attributes=dict(array.attrs),
                                           dimension_names=array.metadata.dimension_names)
                copy[...] = array[...]
        zarr.consolidate_metadata(request["rechunk"])
        zarr.consolidate_metadata(request["rechunk"], path=group)
    print(json.dumps(out))


main()
