#!/usr/bin/env bash
# Load test of `mingjing serve` (issue 8): wrk on 127.0.0.1 with mixed read and
# write API traffic (bench/loadtest.lua) against the demo scaled to 500 teams,
# then the same traffic while slow clients trickle requests one byte a second.
#
#   make loadtest                       (the documented way)
#   bash bench/loadtest.sh --build build [--teams 500] [--seconds 60] [--warmup 15]
#        [--slow-seconds 30] [--connections 64] [--slow-clients 200] [--server-threads 4]
#
# Phases:
#   1. the demo DB (`mingjing demo --teams N`, passwords for the demo accounts)
#      is made once into BUILD/loadtest/ and copied for each run;
#   2. the server starts on 127.0.0.1 (a free port); the script logs in with
#      curl as zhangxukai (系统管理员) and wangmin (组织部门) and hands the
#      session cookies and CSRF tokens, with ids of meetings, open ledger items,
#      materials and teams, to the wrk script;
#   3. warm-up rounds (--warmup s each) until a round grows VmRSS by less than
#      3% (at most 4), then VmRSS "before", the main run (--seconds s,
#      --connections connections), VmRSS "after";
#   4. slow clients: bench/loadtest_trickle opens --slow-clients connections
#      that send a request one byte a second; with them connected, wrk runs
#      again (--slow-seconds s); VmRSS after that; then a control run of the
#      same length without them; the slow run's req/s and p99 are compared
#      with the control's;
#   5. every write the server acknowledged (201) is counted in the database.
# Prints "LOADTEST ..." lines, a summary, and exits 1 when a run had a socket
# error, a status other than 2xx/409, an acknowledged write missing, or the
# main run grew the server's RSS by more than 10%.
#
# Run alone (a figure on a shared machine is noisy: the load average is printed).
# `make bench` calls bench/*.sh with the build directory as its only argument:
# this script then only prints how to run it, as it takes about three minutes.
set -u
if [ $# -eq 1 ] && [ "${1#--}" = "$1" ]; then
  echo "loadtest: skipped here (about 3 minutes, needs wrk); run: make loadtest"
  exit 0
fi
BUILD=build TEAMS=500 MAIN=60 WARM=15 SLOW=30 CONNS=64 SLOWN=200 SRVTHREADS=4
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift 2 ;;
    --teams) TEAMS=$2; shift 2 ;;
    --seconds) MAIN=$2; shift 2 ;;
    --warmup) WARM=$2; shift 2 ;;
    --slow-seconds) SLOW=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --slow-clients) SLOWN=$2; shift 2 ;;
    --server-threads) SRVTHREADS=$2; shift 2 ;;
    --help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "loadtest: unknown option $1" >&2; exit 2 ;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
MJ=$ROOT/$BUILD/mingjing
for tool in wrk curl sqlite3 cc; do
  command -v $tool >/dev/null 2>&1 || { echo "loadtest: $tool is missing (sh scripts/deps.sh bench installs it)" >&2; exit 2; }
done
[ -x "$MJ" ] || { echo "loadtest: $MJ not built (make)" >&2; exit 2; }
CACHE=$ROOT/$BUILD/loadtest
mkdir -p "$CACHE"
TRICKLE=$CACHE/loadtest_trickle
if [ ! -x "$TRICKLE" ] || [ bench/loadtest_trickle.c -nt "$TRICKLE" ]; then
  cc -O2 -Wall -Wextra -Werror -o "$TRICKLE" bench/loadtest_trickle.c || exit 2
fi
TMP=$(mktemp -d)
SRV=""
TRK=""
cleanup() {
  [ -n "$TRK" ] && kill "$TRK" 2>/dev/null
  [ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
export MINGJING_TODAY=2026-11-20

# 1. The scaled demo, made once per binary.
TEMPLATE=$CACHE/demo-$TEAMS.db
if [ ! -f "$TEMPLATE" ] || [ "$MJ" -nt "$TEMPLATE" ]; then
  rm -f "$TEMPLATE" "$TEMPLATE-wal" "$TEMPLATE-shm"
  echo "== making the demo with $TEAMS teams (once per build)"
  t0=$(date +%s)
  "$MJ" --db "$TEMPLATE" demo --teams "$TEAMS" | head -1 || exit 1
  sh scripts/demo-accounts.sh "$MJ" "$TEMPLATE" >/dev/null || exit 1
  sqlite3 "$TEMPLATE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  echo "   made in $(( $(date +%s) - t0 )) s"
fi
DB=$TMP/load.db
cp "$TEMPLATE" "$DB"

# 2. Server, sessions, ids.
"$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads "$SRVTHREADS" --quiet >"$TMP/serve.out" 2>"$TMP/serve.err" &
SRV=$!
URL=$(sh "$ROOT/scripts/serve-url.sh" "$TMP/serve.out" "$SRV") ||
  { echo "loadtest: the server did not start: $(cat "$TMP/serve.err")" >&2; exit 1; }
PORT=${URL##*:}
: >"$TMP/data"
for pair in zhangxukai:admin wangmin:organizer; do
  login=${pair%%:*}; role=${pair#*:}
  body=$(curl -s -c "$TMP/jar.$login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"mingjing2026\"}" "$URL/api/v1/login")
  csrf=$(printf '%s' "$body" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
  cookie=$(awk '$6 == "mj_session" {print $7}' "$TMP/jar.$login")
  [ -n "$csrf" ] && [ -n "$cookie" ] || { echo "loadtest: login as $login failed: $body" >&2; exit 1; }
  echo "session $cookie $csrf $role" >>"$TMP/data"
done
sqlite3 "$DB" "SELECT 'meeting ' || id FROM meeting WHERE kind = 'dlm'" >>"$TMP/data"
sqlite3 "$DB" "SELECT 'item ' || id FROM item WHERE status IN ('todo', 'doing')" >>"$TMP/data"
sqlite3 "$DB" "SELECT 'material ' || id FROM material" >>"$TMP/data"
sqlite3 "$DB" "SELECT 'team ' || id FROM team WHERE kind = 'leadership'" >>"$TMP/data"
echo "== $(grep -c '^meeting' "$TMP/data") meetings, $(grep -c '^item' "$TMP/data") open items," \
     "$(grep -c '^material' "$TMP/data") materials, $(grep -c '^team' "$TMP/data") teams; server pid $SRV on port $PORT, $SRVTHREADS threads"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$SRV/status"; }
WTHREADS=2
run_wrk() { # seconds label
  wrk -t"$WTHREADS" -c"$CONNS" -d"$1"s --timeout 10s -s bench/loadtest.lua "$URL" -- "$TMP/data" >"$TMP/wrk.$2" 2>&1
  local line
  line=$(grep '^LOADTEST' "$TMP/wrk.$2")
  [ -n "$line" ] || { echo "loadtest: wrk failed:"; cat "$TMP/wrk.$2"; exit 1; }
  echo "$line phase=$2"
}
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# 3. Warm-up, then the measured run.
echo "== load average before: $(cat /proc/loadavg)"
# The server's caches (SQLite's page cache and prepared statements per worker
# connection, the response caches) fill during the first minute of traffic:
# warm up in rounds until a round grows RSS by less than 3% (at most 4 rounds),
# so that "before" is the steady state and the main run's growth means a leak.
echo "== warm-up: rounds of $WARM s, $CONNS connections, until RSS is steady"
rss0=$(rss)
prev=$rss0
warm_acked=0; warm_rounds=0
for round in 1 2 3 4; do
  W=$(run_wrk "$WARM" warmup); echo "$W"
  warm_acked=$((warm_acked + $(field "$W" write_ok))); warm_rounds=$round
  now=$(rss)
  echo "   round $round: RSS $prev -> $now kB"
  awk -v a="$now" -v b="$prev" 'BEGIN {exit !((a - b) * 100 < 3 * b)}' && break
  prev=$now
done
rss_before=$(rss)
echo "== main run: $MAIN s, $CONNS connections (RSS before: $rss_before kB; at start: $rss0 kB)"
M=$(run_wrk "$MAIN" main); echo "$M"
rss_after=$(rss)
echo "== load average after main run: $(cat /proc/loadavg)"

# 4. Slow clients connected, the same traffic again.
echo "== slow clients: $SLOWN connections trickling a request one byte a second, then $SLOW s of wrk"
"$TRICKLE" "$PORT" "$SLOWN" $((SLOW + 8)) >"$TMP/trickle.out" 2>&1 &
TRK=$!
sleep 4
est=$(ss -Htn state established "( dport = :$PORT )" 2>/dev/null | wc -l)
S=$(run_wrk "$SLOW" slow); echo "$S"
wait "$TRK"; TRK=""
cat "$TMP/trickle.out"
grep -q '^TRICKLE' "$TMP/trickle.out" || { echo "loadtest: the slow clients failed" >&2; exit 1; }
rss_slow=$(rss)
# The same traffic again right after, without the slow clients: the control
# that the slow phase is compared with (same database size, same moment).
echo "== control: $SLOW s of wrk without the slow clients"
C=$(run_wrk "$SLOW" control); echo "$C"

# 5. Every acknowledged write is in the database.
acked=$warm_acked
for x in "$M" "$S" "$C"; do acked=$((acked + $(field "$x" write_ok))); done
stored=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM item_note WHERE text LIKE '压测进展记录 t%') + (SELECT count(*) FROM opinion WHERE text LIKE '压测意见 t%')")

fail=0
echo
echo "== summary (load average now: $(cat /proc/loadavg))"
for x in "$W" "$M" "$S" "$C"; do
  p=$(field "$x" phase)
  errs=$(( $(field "$x" connect) + $(field "$x" read) + $(field "$x" write) + $(field "$x" timeout) ))
  printf '%-7s %8s req/s  p50 %7s ms  p99 %7s ms  max %8s ms  reads %7s  writes %6s  409 %s  other non-2xx %s  socket errors %s\n' \
    "$p" "$(field "$x" rps)" "$(field "$x" p50_ms)" "$(field "$x" p99_ms)" "$(field "$x" max_ms)" \
    "$(field "$x" read_ok)" "$(field "$x" write_ok)" "$(field "$x" conflict)" "$(field "$x" other)" "$errs"
  [ "$(field "$x" other)" = 0 ] || { echo "FAIL: $p had statuses other than 2xx/409: $(field "$x" codes)"; fail=1; }
  [ "$errs" = 0 ] || { echo "FAIL: $p had socket errors"; fail=1; }
done
growth=$(awk -v a="$rss_after" -v b="$rss_before" 'BEGIN {printf "%.1f", (a - b) * 100 / b}')
echo "RSS (VmRSS of the server): start $rss0 kB, after warm-up (before) $rss_before kB, after main run $rss_after kB ($growth%), after slow phase $rss_slow kB"
awk -v g="$growth" 'BEGIN {exit !(g > 10 || g < -10)}' && { echo "FAIL: RSS moved by more than 10% during the main run"; fail=1; }
rr=$(awk -v s="$(field "$S" rps)" -v m="$(field "$C" rps)" 'BEGIN {printf "%.2f", s / m}')
pr=$(awk -v s="$(field "$S" p99_ms)" -v m="$(field "$C" p99_ms)" 'BEGIN {printf "%.2f", s / m}')
echo "slow clients: $est trickling connections established before wrk started, $(field "$(cat "$TMP/trickle.out")" open_at_end) still open at the end;" \
     "throughput with them / without (control run): ${rr}x, p99 with them / without: ${pr}x"
awk -v r="$rr" -v p="$pr" 'BEGIN {exit !(r < 0.5 || p > 3)}' &&
  { echo "FAIL: with slow clients connected, throughput fell below half or p99 more than tripled"; fail=1; }
# wrk stops counting at the end of each run while up to one request per
# connection is still in flight: those writes are stored but not counted.
echo "acknowledged writes (201): $acked; found in the database: $stored" \
     "(at most $(((3 + warm_rounds) * CONNS)) more than acknowledged: requests in flight when each wrk run ended)"
[ "$stored" -ge "$acked" ] && [ "$stored" -le $((acked + (3 + warm_rounds) * CONNS)) ] ||
  { echo "FAIL: an acknowledged write is missing, or more writes stored than sent"; fail=1; }
[ $fail = 0 ] && echo "loadtest: ok" || echo "loadtest: FAILED"
exit $fail
