#!/usr/bin/env bash
# The README's first command: builds a Zarr v3 data cube offline from the small Sentinel-1
# sample scene shipped in Examples/sample-scene (6 acquisitions on the Equi7 tile
# EU020M_E051N015T3), shows what the store holds and how to open it with xarray.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./scripts/bootstrap.sh
swift build -c release --product eocube

store="${1:-sample-cube.zarr}"
rm -rf "$store"
.build/release/eocube build \
  --stac Examples/sample-scene/items.json \
  --tile EU020M_E051N015T3 \
  --datetime 2025-06-01/2025-07-30 \
  --store "$store" --group s1sig0/EU --bands VV,VH
echo
.build/release/eocube info "$store"
echo
echo "Time series of one pixel (easting 5124010, northing 1755010; VV/VH in dB):"
.build/release/eocube series "$store" --group s1sig0/EU --x 5124010 --y 1755010 --png "$store.series.png"
echo
.build/release/eocube quicklook "$store" --group s1sig0/EU --date 2025-06-03 --band VV \
  --window 1900:2700,900:1700 --size 400 --png "$store.quicklook.png"
echo "Pictures: $store.quicklook.png (VV on 2025-06-03, grey -25 to 0 dB) and $store.series.png (the series above)."
echo "The cube's STAC Collection: $store/s1sig0/EU/collection.json"
cat <<PY

Open it with xarray (the venv made by scripts/bootstrap.sh has xarray, zarr and rioxarray):

  .venv/bin/python -c '
import xarray as xr, rioxarray
ds = xr.open_zarr("$store", group="s1sig0/EU", consolidated=True, chunks=None)
print(ds)
print(ds.rio.crs)
print(ds.VV.sel(time="2025-06-03").isel(y=slice(2000, 2600), x=slice(1000, 1600)).mean().values)'
PY
