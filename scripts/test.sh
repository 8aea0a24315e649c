#!/usr/bin/env bash
# The whole test suite: installs what is missing (scripts/bootstrap.sh), starts the
# loopback test services (Tests/Interop/services/*.sh: STAC API, HTTP range server),
# runs `swift test`, and stops the services again. Extra arguments go to `swift test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./scripts/bootstrap.sh

export EOCUBE_PYTHON="$root/.venv/bin/python"
export EOCUBE_REQUIRE_INTEROP=1
export EOCUBE_SERVICES_DIR="${EOCUBE_SERVICES_DIR:-$(mktemp -d /tmp/eocube-services.XXXXXX)}"
cleanups=()
stop_services() { for ((i=${#cleanups[@]}-1; i>=0; i--)); do eval "${cleanups[i]}" || true; done; }
trap stop_services EXIT
# Each service script starts one server on 127.0.0.1, exports its URL and pushes its
# stop command onto `cleanups`.
for service in Tests/Interop/services/*.sh; do
  [ -e "$service" ] || continue
  # shellcheck source=/dev/null
  source "$service"
done

# The README's first command, with the release build the tests do not exercise: a release-only
# fault (optimiser, exclusivity) fails the run here. The result must open in xarray with data.
./scripts/demo.sh "$EOCUBE_SERVICES_DIR/sample-cube.zarr" > "$EOCUBE_SERVICES_DIR/demo.log" 2>&1 \
  || { cat "$EOCUBE_SERVICES_DIR/demo.log"; echo "test.sh: scripts/demo.sh failed"; exit 1; }
"$EOCUBE_PYTHON" - "$EOCUBE_SERVICES_DIR/sample-cube.zarr" <<'PY'
import sys, numpy as np, xarray as xr
ds = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
assert np.issubdtype(ds.time.dtype, np.datetime64), ds.time.dtype
# The sample covers a small area of the 15000 x 15000 tile in the last few day slots.
vv = ds.VV.isel(time=slice(-8, None), y=slice(2000, 2600), x=slice(1000, 1600))
assert np.issubdtype(vv.dtype, np.floating), vv.dtype  # scale_factor decoded
valid = int(vv.notnull().sum())
assert valid > 0, "demo cube holds no valid VV pixel"
print(f"test.sh: demo cube OK ({ds.sizes['time']} day slots, {valid} valid VV pixels in the sample area)")
PY

swift build --build-tests
# Swift Testing runs the tests concurrently in one process (about a minute here). The time
# limit keeps a hung test from eating CI's whole budget: past it, scripts/test-watchdog.sh
# names the tests still running, prints every thread's stack and fails the run.
./scripts/test-watchdog.sh "${EOCUBE_TEST_TIMEOUT:-900}" "$EOCUBE_SERVICES_DIR/swift-test.log" \
  swift test --skip-build "$@"
