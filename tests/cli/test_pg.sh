# The PostgreSQL half of `make test`: starts a throwaway cluster
# (scripts/pg-test.sh) and runs against it the storage conformance suite
# (build/tests/test_store with MJ_TEST_PG), the end-to-end foundation test
# (tests/cli/test_foundation.sh with MJ_BACKEND=pg), parallel writers on one
# audit chain, stale updates, and `mingjing migrate` from SQLite. Every line is
# prefixed "pg: ". Prints one "skip - PostgreSQL unavailable: ..." line when
# no PostgreSQL can be had.
ROOT=${MJ_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "${MJ_TEST_PG:-}" ]; then
  exec sh "$ROOT/scripts/pg-test.sh" sh "$0"
fi
MJ_BACKEND=pg; . "$ROOT/tests/cli/lib.sh"
BUILD_DIR=$(dirname "$MJ")

# --- the conformance suite (cmocka), on PostgreSQL ---
if [ -x "$BUILD_DIR/tests/test_store" ]; then
  MJ_TEST_BACKENDS=pg "$BUILD_DIR/tests/test_store" >"$TMP/store.log" 2>&1
  rc=$?
  sed -n 's/^\[       OK \] \(.*\)/ok - pg: store \1/p' "$TMP/store.log"
  grep -E '^\[  (FAILED|ERROR)   ?\] [a-z_]+$' "$TMP/store.log" | sed 's/^\[[^]]*\] \(.*\)/\1/' | sort -u |
    while read -r n; do notok "pg: store $n" "$(grep -B3 "$n" "$TMP/store.log" | head -8)"; done
  grep -q '^\[  PASSED  \]' "$TMP/store.log" || [ $rc -eq 0 ] || notok "pg: store suite exited $rc" "$(tail -5 "$TMP/store.log")"
else
  notok "pg: store suite not built ($BUILD_DIR/tests/test_store)"
fi

# --- the end-to-end foundation test, on PostgreSQL ---
MJ_BACKEND=pg sh "$ROOT/tests/cli/test_foundation.sh" 2>&1 | sed 's/^\(ok\|not ok\|skip\) - /\1 - pg: /'
