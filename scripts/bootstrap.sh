#!/usr/bin/env bash
# Installs what EOCube needs on a Debian machine, only when it is missing:
# system libraries (libcurl, libtiff, zstd, blosc), test servers (nginx,
# PostgreSQL + PostGIS) and the Python venv used for interop tests and benchmarks.
# Safe to run again; prints what it does. Needs no standard input.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${EOCUBE_VENV:-$root/.venv}"

apt_packages=(
  pkg-config zlib1g-dev libcurl4-openssl-dev libssl-dev libtiff-dev libzstd-dev libblosc-dev liblerc-dev libpng-dev
  nginx-light postgresql-15-postgis-3 time
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing system packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these as services; the tests run their own instances on loopback.
  $sudo_cmd service nginx stop >/dev/null 2>&1 || true
fi

requirements="$root/Tests/Interop/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "bootstrap: preparing Python venv at $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -r "$requirements"
  echo "$want" > "$stamp"
fi
