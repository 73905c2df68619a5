#!/bin/sh
# A bounded fuzz run for every `make test`: builds every libFuzzer target of
# fuzz/ with ASan and UBSan (`make fuzz`, clang) and runs each for
# MJ_FUZZ_SECONDS (default 10) from its committed seed corpus in fuzz/corpus/,
# which also replays every input kept there as a regression. A crash, leak,
# sanitizer report or timeout is a finding: the test fails and the input is
# left in fuzz/out/ (add it to fuzz/corpus/TARGET/ once fixed).
# Skipped when clang cannot build a libFuzzer binary.
. "$(dirname "$0")/lib.sh"
ROOT=${MJ_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SECS=${MJ_FUZZ_SECONDS:-10}

probe=$TMP/probe.c
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe"
if ! command -v clang >/dev/null 2>&1 || ! clang -fsanitize=fuzzer,address,undefined -o "$TMP/probe" "$probe" >/dev/null 2>&1; then
  skip "clang with libFuzzer not available: fuzz targets not run"
  exit 0
fi

targets=$(cd "$ROOT" && ls fuzz/fuzz_*.c | sed 's|fuzz/\(.*\)\.c|\1|')
for t in $targets; do
  n=$(ls "$ROOT/fuzz/corpus/$t" 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] && ok "$t has a committed seed corpus ($n inputs)" || notok "$t has a committed seed corpus" "fuzz/corpus/$t is empty"
done

start=$(date +%s)
( cd "$ROOT" && make --no-print-directory fuzz FUZZ_SECONDS="$SECS" ) >"$TMP/fuzz.log" 2>&1
rc=$?
for t in $targets; do
  log=$ROOT/fuzz/out/$t.log
  if [ ! -f "$log" ]; then
    notok "$t built and ran" "$(tail -20 "$TMP/fuzz.log")"
    continue
  fi
  done_line=$(grep '^Done' "$log" | tail -1)
  if grep -q '^!! '"$t"' found a problem' "$TMP/fuzz.log"; then
    notok "$t: no finding in ${SECS}s" "$(grep -A20 '^==' "$log" | head -30)"
  elif [ -n "$done_line" ]; then
    ok "$t: no finding in ${SECS}s under ASan+UBSan from the committed corpus ($done_line)"
  else
    notok "$t ran to the end" "$(tail -20 "$log")"
  fi
done
[ $rc -eq 0 ] || notok "make fuzz exited $rc" "$(tail -20 "$TMP/fuzz.log")"
echo "# fuzz: $(echo $targets | wc -w) targets, ${SECS}s each, $(( $(date +%s) - start ))s with the build"
