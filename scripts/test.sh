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

swift build --build-tests
# Swift Testing already runs tests concurrently in one process. The time limit keeps a
# hung test from eating CI's whole budget: it fails the run instead.
timeout --kill-after=30 "${EOCUBE_TEST_TIMEOUT:-3600}" swift test --skip-build "$@"
