# Helpers for shell tests. Source it; then use check/expect_* and finish.
# Each check prints "ok - NAME" or "not ok - NAME" (counted by tests/run.sh).
MJ=${MINGJING:-./build/mingjing}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MINGJING_TODAY=${MINGJING_TODAY:-2026-11-20}
ok()   { echo "ok - $1"; }
notok(){ echo "not ok - $1"; [ -n "$2" ] && printf '  %s\n' "$2"; }
skip() { echo "skip - $1"; }
# check NAME CMD... : passes when CMD exits 0
check() { n=$1; shift; if out=$("$@" 2>&1); then ok "$n"; else notok "$n" "$(printf '%s' "$out" | head -5)"; fi; }
# check_fails NAME CMD... : passes when CMD exits non-zero
check_fails() { n=$1; shift; if out=$("$@" 2>&1); then notok "$n" "unexpected success: $(printf '%s' "$out" | head -3)"; else ok "$n"; fi; }
# check_contains NAME NEEDLE CMD...
check_contains() { n=$1; needle=$2; shift 2; out=$("$@" 2>&1)
  case "$out" in *"$needle"*) ok "$n";; *) notok "$n" "missing '$needle' in: $(printf '%s' "$out" | head -5)";; esac; }
