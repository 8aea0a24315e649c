#!/usr/bin/env bash
# Longer runs of the seeded fuzz tests the suite runs for 15 s each (mutated TIFFs, Zarr
# metadata and chunks, STAC JSON): ./scripts/fuzz.sh [SECONDS per module, default 120] [SEED].
# Each test prints "fuzz <module>: N inputs, 0 crashes, 0 hangs, peak RSS X MiB" and fails on a
# crash (the process dies), a hang (one input over 2 s) or memory over its limit, naming the seed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./scripts/bootstrap.sh
export EOCUBE_PYTHON="$root/.venv/bin/python" EOCUBE_REQUIRE_INTEROP=1
export EOCUBE_FUZZ_SECONDS="${1:-120}"
[ -n "${2:-}" ] && export EOCUBE_FUZZ_SEED="$2"
swift build --build-tests
swift test --skip-build --filter 'GeoRasterTests.FuzzTests|ZarrStoreTests.FuzzTests|STACClientTests.STACFuzzTests' 2>&1 | grep -E '^fuzz |✘|Test run'
