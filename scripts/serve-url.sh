#!/bin/sh
# Waits for `mingjing serve` to announce itself and prints its address.
#
#   sh scripts/serve-url.sh OUTFILE [PID] [SECONDS]
#
# OUTFILE is where the server's standard output goes; the server writes
# "mingjing serve: http://HOST:PORT/" there once it listens. Prints
# http://HOST:PORT and exits 0; exits 1 when PID (if given) has died or after
# SECONDS (default 10) without the line. One place for the tests, the crash
# test and the benchmarks, which all start servers on port 0.
f=$1; pid=${2:-}; n=$(( ${3:-10} * 20 ))
while [ "$n" -gt 0 ]; do
  u=$(sed -n 's|^mingjing serve: \(http://[0-9.:]*\)/$|\1|p' "$f" 2>/dev/null)
  [ -n "$u" ] && { echo "$u"; exit 0; }
  [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && exit 1
  sleep 0.05
  n=$((n - 1))
done
exit 1
