#!/usr/bin/env bash
# Builds one cube into a local directory and into S3 on loopback (SeaweedFS, started here and
# stopped after, as the tests start it) and prints what S3 costs: eocube-bench cube-s3.
#   bench/cube-s3.sh --items /tmp/cube-bench/data/items.json [--chunk-shape … --shard-shape …]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product eocube >/dev/null
swift build -c release --product eocube-bench >/dev/null
export EOCUBE_SERVICES_DIR
EOCUBE_SERVICES_DIR=$(mktemp -d)
cleanups=()
trap 'for c in "${cleanups[@]}"; do eval "$c" || true; done; rm -rf "$EOCUBE_SERVICES_DIR"' EXIT
# shellcheck source=../Tests/Interop/services/seaweedfs.sh
source Tests/Interop/services/seaweedfs.sh
export AWS_ACCESS_KEY_ID="$EOCUBE_S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$EOCUBE_S3_SECRET_KEY"
export AWS_ENDPOINT_URL="$EOCUBE_S3_ENDPOINT" AWS_REGION=us-east-1
.build/release/eocube-bench cube-s3 "$@"
