#!/bin/sh
# Runs every test: the cmocka unit binaries in BUILD/tests and the shell tests in
# tests/cli (each prints "ok - ..." / "not ok - ..." / "skip - ..." lines).
# Ends with one line "N passed, N failed, N skipped" and a non-zero exit on failure.
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export MINGJING="$ROOT/$BUILD/mingjing"
export MJ_ROOT="$ROOT"
export MJ_SEED_DIR="${MJ_SEED_DIR:-$ROOT/../shared/seed}"
pass=0; fail=0; skip=0; failed_names=""
log=$(mktemp)
for t in "$ROOT/$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  ( cd "$ROOT" && "$t" ) >"$log" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  pass=$((pass + p - s)); fail=$((fail + f)); skip=$((skip + s))
  if [ "$f" -ne 0 ]; then cat "$log"; failed_names="$failed_names $name"; fi
  echo "unit  $name: $((p - s)) passed, $f failed, $s skipped"
done
for t in "$ROOT"/tests/cli/test_*.sh; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .sh)
  ( cd "$ROOT" && sh "$t" ) >"$log" 2>&1
  rc=$?
  p=$(grep -c '^ok - ' "$log"); f=$(grep -c '^not ok - ' "$log"); s=$(grep -c '^skip - ' "$log")
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited $rc" >>"$log"; fi
  pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
  if [ "$f" -ne 0 ]; then grep -v '^ok - ' "$log" | tail -40; failed_names="$failed_names $name"; fi
  echo "shell $name: $p passed, $f failed, $s skipped"
done
rm -f "$log"
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
