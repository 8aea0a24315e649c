#!/usr/bin/env bash
# Usage: test-watchdog.sh SECONDS LOG COMMAND...
# Runs COMMAND (a `swift test` run), copying its output to the terminal and to LOG. When it
# is still running after SECONDS, prints the tests that started and never finished and the
# stack of every thread of the test process (gdb, when installed), then kills the run and
# exits 124, so a hang in CI says where it hangs instead of only timing out.
set -uo pipefail
limit="$1" log="$2"; shift 2

"$@" > >(tee "$log") 2>&1 &
pid=$!
started=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS - started >= limit )); then
    echo "test-watchdog: the tests are still running after ${limit} s; unfinished tests:"
    # "◇ Test NAME started." without a later "✔/✘ Test NAME passed/failed" line.
    python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
started = re.findall(r"^◇ Test (.+?) started\.$", text, re.M)
ended = set(re.findall(r"^[✔✘] Test (.+?) (?:passed|failed)", text, re.M))
for name in dict.fromkeys(started):
    if name not in ended and not name.startswith("case passing") and not name.startswith("run "):
        print("  still running:", name)
PY
    for test_pid in $(pgrep -f 'PackageTests\.xctest'); do
      if command -v gdb >/dev/null 2>&1; then
        echo "test-watchdog: thread stacks of test process $test_pid:"
        timeout 120 gdb -p "$test_pid" -batch -ex "thread apply all bt 30" 2>&1 \
          | grep -E '^(Thread|#)' || true
      fi
      echo "test-watchdog: child processes of $test_pid:"
      ps -o pid,etimes,args --ppid "$test_pid" || true
    done
    pkill -KILL -f 'PackageTests\.xctest' || true
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null
    exit 124
  fi
  sleep 2
done
wait "$pid"
