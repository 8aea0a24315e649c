# Sourced by scripts/test.sh: starts nginx on 127.0.0.1 serving a directory the tests write into.
#
# Exports
#   EOCUBE_HTTP_ROOT        directory served (tests write files here)
#   EOCUBE_HTTP_URL         its base URL, e.g. http://127.0.0.1:38123 (no trailing slash)
#   EOCUBE_HTTP_ACCESS_LOG  access log, one line per request:
#                           "<msec> <method> "<uri>" <status> <body bytes> "<Range header>""
# Fixed error answers: $EOCUBE_HTTP_URL/_status/{403,404,500,503}/anything.
# Appends its stop command to the bash array `cleanups`.
_eocube_nginx_start() {
  local here dir port user_line
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  dir="${EOCUBE_SERVICES_DIR:?EOCUBE_SERVICES_DIR must be set}/nginx"
  mkdir -p "$dir/www" "$dir/tmp"
  # A free port chosen by the kernel.
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # Workers must be able to read files the tests (running as root) create in private temp dirs.
  user_line=""
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  sed -e "s|@ROOT@|$dir/www|g" -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" -e "s|@USER@|$user_line|g" \
    "$here/nginx.conf.template" > "$dir/nginx.conf"
  /usr/sbin/nginx -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || { cat "$dir/error.log" >&2; return 1; }
  local i
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  export EOCUBE_HTTP_ROOT="$dir/www"
  export EOCUBE_HTTP_URL="http://127.0.0.1:$port"
  export EOCUBE_HTTP_ACCESS_LOG="$dir/access.log"
  cleanups+=("kill \$(cat '$dir/nginx.pid') 2>/dev/null")
  echo "nginx: serving $EOCUBE_HTTP_ROOT at $EOCUBE_HTTP_URL"
}
_eocube_nginx_start
unset -f _eocube_nginx_start
