# shellcheck shell=bash
# Starts a STAC API for the interop tests: PostgreSQL 15 + PostGIS with pgSTAC, served by
# stac-fastapi-pgstac (uvicorn) on 127.0.0.1, loaded with generated Sentinel-1 SIG0-like
# items (collection SENTINEL1_SIG0_20M, plus SENTINEL1_SIG0_20M_BENCH for benchmarks).
#
# Sourced by scripts/test.sh. Exports EOCUBE_STAC_API_URL (the API root) and
# EOCUBE_PGSTAC_DSN (for Tests/Interop/stac_load.py COLLECTION.json ITEMS.json) and pushes
# its stop commands onto `cleanups`. State lives in $EOCUBE_SERVICES_DIR/pgstac.
# Can also be sourced by hand:  cleanups=(); source Tests/Interop/services/pgstac.sh

pgstac_start() {
  local root pg_bin py dir data log port api_port pg_user run i
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
  pg_bin="${EOCUBE_PG_BIN:-/usr/lib/postgresql/15/bin}"
  py="${EOCUBE_PYTHON:-$root/.venv/bin/python}"
  : "${EOCUBE_SERVICES_DIR:=$(mktemp -d /tmp/eocube-services.XXXXXX)}"
  export EOCUBE_SERVICES_DIR
  dir="$EOCUBE_SERVICES_DIR/pgstac"
  data="$dir/data"
  log="$dir/postgres.log"

  if [ ! -x "$pg_bin/initdb" ]; then
    echo "pgstac.sh: $pg_bin/initdb not found; install postgresql-15-postgis-3 (scripts/bootstrap.sh)" >&2
    return 1
  fi
  if [ ! -x "$py" ]; then
    echo "pgstac.sh: Python venv $py not found; run scripts/bootstrap.sh or set EOCUBE_PYTHON" >&2
    return 1
  fi

  # PostgreSQL refuses to run as root: run it as the unprivileged `postgres` user then.
  if [ "$(id -u)" -eq 0 ]; then
    pg_user=postgres
    id "$pg_user" >/dev/null 2>&1 || { echo "pgstac.sh: running as root but there is no 'postgres' user" >&2; return 1; }
    run=(runuser -u "$pg_user" --)
  else
    pg_user="$(id -un)"
    run=()
  fi

  rm -rf "$dir"
  mkdir -p "$dir/socket"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$pg_user" "$dir"
    # The postgres user must be able to reach its state directory (mktemp makes 0700 dirs).
    chmod o+x "$EOCUBE_SERVICES_DIR"
  fi

  port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  echo "pgstac.sh: starting PostgreSQL on 127.0.0.1:$port ($data)"
  # Run from the state directory: the postgres user may not be able to enter the caller's cwd.
  # The C locale always exists, whatever LANG says.
  if ! (cd "$dir" && "${run[@]}" "$pg_bin/initdb" -D "$data" -U "$pg_user" -A trust -E UTF8 --locale=C --no-sync) >"$dir/initdb.log" 2>&1; then
    echo "pgstac.sh: initdb failed:" >&2; tail -n 20 "$dir/initdb.log" >&2; return 1
  fi
  # Durability is pointless for a throw-away test database; speed matters.
  if ! (cd "$dir" && "${run[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start) >/dev/null; then
    echo "pgstac.sh: PostgreSQL did not start:" >&2; tail -n 30 "$log" >&2; return 1
  fi
  cleanups+=("(cd / && ${run[*]} $pg_bin/pg_ctl -D $data -m immediate -w stop >/dev/null 2>&1)")

  export PGUSER="$pg_user" PGPASSWORD=eocube PGHOST=127.0.0.1 PGPORT="$port" PGDATABASE=postgres
  export EOCUBE_PGSTAC_DSN="postgresql://$pg_user:eocube@127.0.0.1:$port/postgres"
  if ! "$py" -m pypgstac.pypgstac migrate --dsn "$EOCUBE_PGSTAC_DSN" >"$dir/migrate.log" 2>&1; then
    echo "pgstac.sh: pypgstac migrate failed:" >&2; tail -n 30 "$dir/migrate.log" >&2; return 1
  fi

  "$py" "$root/Tests/Interop/stac/make_sig0_items.py" "$dir/items" || return 1
  "$py" "$root/Tests/Interop/stac/make_sig0_items.py" "$dir/items" --collection SENTINEL1_SIG0_20M_BENCH --tiles 25 --items 2000 || return 1
  for c in SENTINEL1_SIG0_20M SENTINEL1_SIG0_20M_BENCH; do
    if ! "$py" "$root/Tests/Interop/stac_load.py" "$dir/items/$c.collection.json" "$dir/items/$c.items.json" >>"$dir/load.log" 2>&1; then
      echo "pgstac.sh: loading $c failed:" >&2; tail -n 30 "$dir/load.log" >&2; return 1
    fi
  done

  api_port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  echo "pgstac.sh: starting stac-fastapi-pgstac on http://127.0.0.1:$api_port"
  (
    cd "$dir" || exit 1
    exec env ENABLE_TRANSACTIONS_EXTENSIONS=false DB_MIN_CONN_SIZE=1 DB_MAX_CONN_SIZE=4 \
      "$py" -m uvicorn stac_fastapi.pgstac.app:create_app --factory --host 127.0.0.1 --port "$api_port" --log-level warning \
      </dev/null >"$dir/api.log" 2>&1
  ) &
  local api_pid=$!
  cleanups+=("kill $api_pid 2>/dev/null; wait $api_pid 2>/dev/null")
  export EOCUBE_STAC_API_URL="http://127.0.0.1:$api_port"
  for ((i = 0; i < 120; i++)); do
    if "$py" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2).read()" \
        "$EOCUBE_STAC_API_URL/collections/SENTINEL1_SIG0_20M" >/dev/null 2>&1; then
      echo "pgstac.sh: STAC API ready at $EOCUBE_STAC_API_URL"
      return 0
    fi
    if ! kill -0 "$api_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "pgstac.sh: the STAC API did not come up at $EOCUBE_STAC_API_URL; its log:" >&2
  tail -n 40 "$dir/api.log" >&2
  return 1
}

pgstac_start || { echo "pgstac.sh: FAILED to start the STAC API test service" >&2; return 1 2>/dev/null || exit 1; }
