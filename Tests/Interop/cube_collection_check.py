"""Checks a cube's STAC Collection the way its users meet it: pystac reads it (datacube,
projection and xarray-assets extensions), the footprint matches pyproj's, the Zarr asset opens
in xarray with its open kwargs and gives the cube, and (with --pgstac) it loads into the local
stac-fastapi-pgstac and a collection search by bbox and datetime finds it.

usage: cube_collection_check.py COLLECTION.json [--api URL --dsn DSN]
Prints one line "ok <id> <bands> <time steps> <dimensions>" or fails with an AssertionError.
"""
import argparse
import json
import urllib.request

import numpy as np
import pyproj
import pystac
import xarray as xr
from pystac.extensions.datacube import DatacubeExtension
from pystac.extensions.projection import ProjectionExtension


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("collection")
    ap.add_argument("--api")
    ap.add_argument("--dsn")
    a = ap.parse_args()
    c = pystac.Collection.from_file(a.collection)
    cube = DatacubeExtension.ext(c)
    dims, variables = cube.dimensions, cube.variables
    assert set(dims) == {"time", "y", "x"}, dims
    assert dims["time"].step == "P1D" and dims["x"].reference_system == dims["y"].reference_system
    asset = c.assets["zarr"]
    assert asset.media_type == "application/vnd+zarr"
    proj = ProjectionExtension.ext(asset)
    kwargs = asset.extra_fields["xarray:open_kwargs"]
    ds = xr.open_dataset(asset.get_absolute_href(), **kwargs)
    bands = [v for v, info in variables.items() if info.var_type == "data"]
    assert set(variables) == set(bands) | {"sensing_date", "absolute_orbit_number", "relative_orbit_number"}, list(variables)
    for name, info in variables.items():
        assert name in ds.data_vars and list(ds[name].dims) == info.dimensions, name
        assert info.to_dict()["nodata"] == ds[name].encoding["_FillValue"], (name, info.to_dict()["nodata"])
        assert info.unit == ds[name].attrs.get("units", "s" if name == "sensing_date" else None), (name, info.unit)
    # Spatial: the dimensions and the projection describe the arrays exactly.
    a_, b_, c_, d_, e_, f_ = proj.transform[:6]
    assert proj.shape == [ds.sizes["y"], ds.sizes["x"]], proj.shape
    assert np.array_equal(c_ + a_ * (np.arange(ds.sizes["x"]) + 0.5), ds.x.values)
    assert np.array_equal(f_ + e_ * (np.arange(ds.sizes["y"]) + 0.5), ds.y.values)
    assert dims["x"].extent == [c_, c_ + a_ * ds.sizes["x"]] and dims["y"].extent == [f_ + e_ * ds.sizes["y"], f_]
    crs = pyproj.CRS.from_wkt(proj.wkt2)
    assert crs == pyproj.CRS.from_user_input(proj.code) == pyproj.CRS.from_wkt(ds.spatial_ref.attrs["crs_wkt"])
    # The footprint in longitude/latitude, as pyproj projects the cube's edges.
    to_lonlat = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    t = np.linspace(0, 1, 65)
    x0, x1, y0, y1 = c_, c_ + a_ * ds.sizes["x"], f_ + e_ * ds.sizes["y"], f_
    xs = np.concatenate([x0 + t * (x1 - x0), x0 + t * (x1 - x0), np.full(65, x0), np.full(65, x1)])
    ys = np.concatenate([np.full(65, y0), np.full(65, y1), y0 + t * (y1 - y0), y0 + t * (y1 - y0)])
    lon, lat = to_lonlat.transform(xs, ys)
    want = [lon.min(), lat.min(), lon.max(), lat.max()]
    got = c.extent.spatial.bboxes[0]
    assert np.allclose(got, want, atol=1e-7), (got, want)
    # Temporal: the extent holds every day with data (sensing_date set somewhere).
    start, end = c.extent.temporal.intervals[0]
    times = ds.time.values
    assert np.datetime64(start.replace(tzinfo=None)) <= times[-1] and np.datetime64(end.replace(tzinfo=None)) >= times[-1]
    if a.api:
        from pypgstac.db import PgstacDB
        from pypgstac.load import Loader, Methods
        doc = c.to_dict(include_self_link=False, transform_hrefs=False)
        doc["links"] = [link for link in doc["links"] if link["rel"] not in ("root", "parent", "self")]
        Loader(PgstacDB(dsn=a.dsn)).load_collections([doc], insert_mode=Methods.upsert)
        bbox = ",".join(str(v) for v in got)
        interval = f"{start.isoformat().replace('+00:00', 'Z')}/{end.isoformat().replace('+00:00', 'Z')}"
        found = json.load(urllib.request.urlopen(f"{a.api}/collections?bbox={bbox}&datetime={interval}&limit=100"))
        ids = [x["id"] for x in found["collections"]]
        assert c.id in ids, ids
        # A search far away does not find it.
        away = json.load(urllib.request.urlopen(f"{a.api}/collections?bbox=-120,-50,-119,-49&limit=100"))
        assert c.id not in [x["id"] for x in away["collections"]]
        fetched = json.load(urllib.request.urlopen(f"{a.api}/collections/{c.id}"))
        assert fetched["cube:dimensions"]["x"]["extent"] == dims["x"].extent
    print("ok", c.id, ",".join(bands), ds.sizes["time"], f"{ds.sizes['y']}x{ds.sizes['x']}")


main()
