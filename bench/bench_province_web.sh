#!/bin/sh
# The four province figures of issue #7 over the web, on SQLite and
# PostgreSQL side by side: `mingjing serve` (a long-running process, as the
# users of a province have it) answers
#   rollup   GET /api/v1/rollup?year=2026          the province organizer's roll-up
#   ledger   GET /api/v1/meetings/M/ledger         a team's ledger page (its 2026 meeting)
#   overdue  GET /api/v1/overdue?org=CITY          the overdue list of a city
#   history  GET /api/v1/persons/P/history         a member's history
# each timed with curl's time_total (no curl start), RUNS times (default 20):
#   warm  the same request again and again (on SQLite the roll-up and the
#         ledger page come from the per-connection response cache)
#   cold  each request right after a write (a PATCH of another meeting's
#         place), so no response is cached on either engine (the roll-up
#         recomputes that one meeting's line: meeting_rev, docs/scale.md)
#   day   the roll-up on a new day (the server's day moved one day on
#         before each run: MINGJING_TODAY=@FILE, util/date.c); the colours
#         move with the day, the kept lines serve it (docs/scale.md)
#   notice the roll-up right after a notice edit every 2026 line shows
#         (warn_days of the year's notice, back and forth)
#   full  a new server's first roll-up with the start's warm-up off
#         (MINGJING_ROLLUP_WARM=0): every line computed, what the warm-up
#         spends in the background (FULL_RUNS servers, default 5)
#   start a new server's first roll-up WARM_WAIT seconds (default 3) after
#         it printed its address, the warm-up on (FULL_RUNS servers)
# printing median and p99 (the RUNS-quantile, i.e. the worst of 20), and the
# command-line figures of the same things (whole processes, best of CLI_RUNS).
#
# Not part of `make test`. Takes the provinces of bench_store.sh, kept:
#
#   MJ_PG_BIN=/usr/lib/postgresql/15/bin MJ_BENCH_SAVE=/tmp/prov.db \
#     MJ_BENCH_PG='postgresql:///prov?host=DIR&user=U' sh bench/bench_store.sh build
#   MJ_BENCH_DB=/tmp/prov.db MJ_BENCH_PG='postgresql:///prov?host=DIR&user=U' \
#     sh bench/bench_province_web.sh build
#
# (MJ_BENCH_SCALE=0.1 for a quick one; ROLLUP_ONLY=1: the roll-up figures only.) The SQLite file is copied first; the
# PostgreSQL province gets two logins (a province organizer and a member),
# made once, and the PATCHes of the cold runs (one meeting's place). Either
# engine may be left out (MJ_BENCH_DB or MJ_BENCH_PG unset).
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MJ="$ROOT/$BUILD/mingjing"
[ -x "$MJ" ] || { echo "bench_province_web: build $MJ first (make)"; exit 1; }
RUNS=${RUNS:-20}; CLI_RUNS=${CLI_RUNS:-3}
TMP=$(mktemp -d)
SPID=""
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; rm -rf "$TMP"' EXIT
# the day, read by the server at every call (moved by timeday)
echo 2026-11-20 > "$TMP/today"
export MINGJING_TODAY="@$TMP/today"
PASS=bench-province-2026
FULL_RUNS=${FULL_RUNS:-5}; WARM_WAIT=${WARM_WAIT:-3}

# the province's shape, from the database itself (bench_store.sh's numbering)
shape() { # shape DB: sets TEAMS CITIES TEAM CITY PERSON MEETING
  TEAMS=$("$MJ" --db "$1" --json team list --limit 10000 | grep -c '^    "id"')
  CITIES=$(( (TEAMS + 15) / 30 )); [ "$CITIES" -lt 1 ] && CITIES=1
  TEAM=$(( (TEAMS + 1) / 2 )); CITY=$(( 2 + (TEAM - 1) % CITIES )); PERSON=$(( (TEAM - 1) * 10 + 2 ))
  MEETING=$(( 4 * TEAMS + TEAM ))
  NOTICE=$("$MJ" --db "$1" --json meeting show "$MEETING" | sed -n 's/^ *"notice_id": *\([0-9]*\).*/\1/p')
}

# logins: a province organizer (org 1) and the member PERSON, made once
logins() { # logins DB
  if ! "$MJ" --db "$1" user passwd provorg --password "$PASS" >/dev/null 2>&1; then
    "$MJ" --db "$1" person add --name 省委组织部干部 --org-id 1 --role organizer --login provorg >/dev/null &&
      "$MJ" --db "$1" user passwd provorg --password "$PASS" >/dev/null || return 1
  fi
  if ! "$MJ" --db "$1" user passwd benchmember --password "$PASS" >/dev/null 2>&1; then
    "$MJ" --db "$1" person update "$PERSON" --login benchmember >/dev/null &&
      "$MJ" --db "$1" user passwd benchmember --password "$PASS" >/dev/null || return 1
  fi
}

login() { # login URL LOGIN -> "cookie csrf"
  c=$(curl -s -D - -o "$TMP/login.json" -X POST -d "{\"login\":\"$2\",\"password\":\"$PASS\"}" "$1/api/v1/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(mj_session=[0-9a-f]*\);.*/\1/p')
  echo "$c $(sed -n 's/.*"csrf": *"\([0-9a-f]*\)".*/\1/p' "$TMP/login.json")"
}

# stats FILE: "median/p99" in ms of the seconds in FILE (one a line)
stats() { sort -n "$1" | awk '{ v[NR] = $1 * 1000 } END { if (!NR) { print "?"; exit }
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; k = int(NR * 0.99 + 0.999); if (k > NR) k = NR
  printf "%.1f/%.1f", m, v[k] }'; }
get() { # get URL COOKIE: one GET, its time_total; a non-200 is an error
  out=$(curl -s -o "$TMP/body" -w '%{http_code} %{time_total}' -H "Cookie: $2" "$1")
  [ "${out%% *}" = 200 ] || { echo "bench_province_web: $1 answered ${out%% *}: $(head -c 200 "$TMP/body")" >&2; return 1; }
  echo "${out#* }"
}
write() { # a write that any cache must notice: another meeting's place
  K=$((K + 1))
  curl -s -o /dev/null -X PATCH -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -d "{\"place\":\"会议室$K\"}" \
    "$URL/api/v1/records/meeting/1"
}
K=0
# the roll-up on each of RUNS new days, then back on the first day (the same
# body as before: the lines kept serve every day from the one they were
# computed on)
timeday() {
  : >"$TMP/day"
  i=1; while [ $i -le "$RUNS" ]; do
    date -u -d "2026-11-20 + $i day" +%Y-%m-%d > "$TMP/today"
    get "$URL/api/v1/rollup?year=2026" "$COOKIE" >>"$TMP/day" || return 1; i=$((i + 1)); done
  echo 2026-11-20 > "$TMP/today"
  get "$URL/api/v1/rollup?year=2026" "$COOKIE" >/dev/null || return 1
  cmp -s "$TMP/body" "$TMP/$ENGINE.rollup.json" || echo "bench_province_web: $ENGINE roll-up back on the first day differs" >&2
  eval "D_${ENGINE}_rollup=\$(stats \"\$TMP/day\")"
}
# the roll-up after each of RUNS edits of the year's notice's warn_days (every
# line's colours depend on it), then the old value again
notice_set() { curl -s -o /dev/null -w '%{http_code}' -X PATCH -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
  -d "{\"warn_days\":$1}" "$URL/api/v1/records/notice/$NOTICE"; }
timenotice() {
  : >"$TMP/notice"
  w0=$("$MJ" --db "$DB" --json notice show "$NOTICE" | sed -n 's/^ *"warn_days": *\([0-9]*\).*/\1/p')
  [ -n "$w0" ] || { echo "bench_province_web: warn_days of notice $NOTICE?" >&2; return 1; }
  i=0; while [ $i -lt "$RUNS" ]; do
    st=$(notice_set $((w0 + 1 + i % 2))); [ "$st" = 200 ] || { echo "bench_province_web: notice edit answered $st" >&2; return 1; }
    get "$URL/api/v1/rollup?year=2026" "$COOKIE" >>"$TMP/notice" || return 1; i=$((i + 1)); done
  notice_set "$w0" >/dev/null
  get "$URL/api/v1/rollup?year=2026" "$COOKIE" >/dev/null || return 1
  cmp -s "$TMP/body" "$TMP/$ENGINE.rollup.json" || echo "bench_province_web: $ENGINE roll-up after the notice edits differs" >&2
  eval "N_${ENGINE}_rollup=\$(stats \"\$TMP/notice\")"
}
# FULL_RUNS new servers, each asked for the roll-up once (the session made
# before is in the database): warm-up off (every line computed by the
# request), then on (asked WARM_WAIT s after the server's start)
timefull() {
  : >"$TMP/full"; : >"$TMP/start"
  for mode in full start; do
    i=0; while [ $i -lt "$FULL_RUNS" ]; do
      if [ $mode = full ]; then w=0; else w=1; fi
      MINGJING_ROLLUP_WARM=$w "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads "${THREADS:-2}" --quiet >"$TMP/serve.out" 2>&1 &
      SPID=$!
      URL=$(sh "$ROOT/scripts/serve-url.sh" "$TMP/serve.out" "$SPID" 30) || { echo "bench_province_web: no server: $(cat "$TMP/serve.out")"; return 1; }
      [ $mode = start ] && sleep "$WARM_WAIT"
      get "$URL/api/v1/rollup?year=2026" "$COOKIE" >>"$TMP/$mode" || return 1
      cmp -s "$TMP/body" "$TMP/$ENGINE.rollup.json" || echo "bench_province_web: $ENGINE roll-up of a new server differs" >&2
      kill "$SPID"; wait "$SPID" 2>/dev/null; SPID=""
      i=$((i + 1))
    done
  done
  eval "F_${ENGINE}_rollup=\$(stats \"\$TMP/full\")"; eval "S_${ENGINE}_rollup=\$(stats \"\$TMP/start\")"
}
timeit() { # timeit NAME PATH COOKIE: warm and cold figures
  : >"$TMP/warm"; : >"$TMP/cold"
  get "$URL$2" "$3" >/dev/null || return 1
  cp "$TMP/body" "$TMP/$ENGINE.$1.json"
  i=0; while [ $i -lt "$RUNS" ]; do get "$URL$2" "$3" >>"$TMP/warm" || return 1; i=$((i + 1)); done
  i=0; while [ $i -lt "$RUNS" ]; do write; get "$URL$2" "$3" >>"$TMP/cold" || return 1; i=$((i + 1)); done
  eval "W_${ENGINE}_$1=\$(stats \"\$TMP/warm\")"; eval "C_${ENGINE}_$1=\$(stats \"\$TMP/cold\")"
}
# the mingjing server's CPU (user + system, /proc) per roll-up built afresh:
# RUNS x (write + roll-up) less RUNS x write. On PostgreSQL the database's
# own work runs in its server processes and is not in this figure.
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / t }' "/proc/$SPID/stat"; }
cpu_rollup() {
  c0=$(cpu_of); i=0
  while [ $i -lt "$RUNS" ]; do write; get "$URL/api/v1/rollup?year=2026" "$COOKIE" >/dev/null || return 1; i=$((i + 1)); done
  c1=$(cpu_of); i=0
  while [ $i -lt "$RUNS" ]; do write; i=$((i + 1)); done
  c2=$(cpu_of)
  eval "U_${ENGINE}_rollup=\$(awk -v a=\"\$c0\" -v b=\"\$c1\" -v c=\"\$c2\" -v n=\"\$RUNS\" 'BEGIN { printf \"%.0f\", ((b - a) - (c - b)) / n }')"
}
cli() { # cli ARGS...: best of CLI_RUNS whole processes, ms wall
  b=""; r=0
  while [ $r -lt "$CLI_RUNS" ]; do t0=$(date +%s%N); "$MJ" "$@" >/dev/null 2>&1 || { echo ERR; return; }
    m=$(( ($(date +%s%N) - t0) / 1000000 )); { [ -z "$b" ] || [ "$m" -lt "$b" ]; } && b=$m; r=$((r + 1)); done
  echo "$b"
}

bench_engine() { # bench_engine ENGINE DB
  ENGINE=$1; DB=$2
  logins "$DB" || { echo "bench_province_web: cannot make the logins on $ENGINE"; return 1; }
  "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads "${THREADS:-2}" --quiet >"$TMP/serve.out" 2>&1 &
  SPID=$!
  URL=$(sh "$ROOT/scripts/serve-url.sh" "$TMP/serve.out" "$SPID" 30) || { echo "bench_province_web: no server: $(cat "$TMP/serve.out")"; return 1; }
  set -- $(login "$URL" provorg); COOKIE=$1; CSRF=$2
  set -- $(login "$URL" benchmember); MCOOKIE=$1
  [ -n "$COOKIE" ] && [ -n "$MCOOKIE" ] || { echo "bench_province_web: login failed on $ENGINE"; return 1; }
  timeit rollup "/api/v1/rollup?year=2026" "$COOKIE" && cpu_rollup && timeday && timenotice &&
    [ -z "${ROLLUP_ONLY:-}" ] && timeit ledger "/api/v1/meetings/$MEETING/ledger" "$COOKIE" &&
    timeit overdue "/api/v1/overdue?org=$CITY" "$COOKIE" &&
    timeit history "/api/v1/persons/$PERSON/history" "$COOKIE" &&
    timeit myhistory "/api/v1/persons/$PERSON/history" "$MCOOKIE"
  kill "$SPID"; wait "$SPID" 2>/dev/null; SPID=""
  timefull
  eval "L_${ENGINE}_rollup=\$(cli --db \"\$DB\" status --year 2026)"
  eval "L_${ENGINE}_ledger=\$(cli --db \"\$DB\" ledger list --team \$TEAM)"
  eval "L_${ENGINE}_start=\$(cli --db \"\$DB\" team show 1)"
}

if [ -z "${MJ_BENCH_DB:-}" ] && [ -z "${MJ_BENCH_PG:-}" ]; then # (make bench runs every script)
  echo "bench_province_web: skipped: it takes the provinces of bench_store.sh (MJ_BENCH_DB, MJ_BENCH_PG; see its head)"
  exit 0
fi
ENGINES=""
if [ -n "${MJ_BENCH_DB:-}" ]; then
  cp "$MJ_BENCH_DB" "$TMP/province.db" || exit 1
  shape "$TMP/province.db"
  bench_engine lite "$TMP/province.db" && ENGINES="$ENGINES lite"
fi
if [ -n "${MJ_BENCH_PG:-}" ]; then
  shape "$MJ_BENCH_PG"
  bench_engine pg "$MJ_BENCH_PG" && ENGINES="$ENGINES pg"
fi
[ -n "$ENGINES" ] || { echo "bench_province_web: no engine could be measured"; exit 1; }

v() { eval "echo \${$1_$2_$3:--}"; }
echo "== bench_province_web: $TEAMS teams (city $CITY, meeting $MEETING, person $PERSON); $RUNS runs each; serve --threads ${THREADS:-2}"
printf '%-44s %22s %22s\n' "ms (median/p99; CLI: best of $CLI_RUNS)" "SQLite" "PostgreSQL"
for k in rollup ledger overdue history myhistory; do
  case $k in rollup) d="roll-up, 2026, province organizer" ;; ledger) d="a team's ledger page" ;;
    overdue) d="overdue list of city $CITY" ;; history) d="member history (the organizer)" ;;
    myhistory) d="member history (the member)" ;; esac
  printf '%-44s %22s %22s\n' "web $d, warm" "$(v W lite $k)" "$(v W pg $k)"
  printf '%-44s %22s %22s\n' "  ... cold (after a write)" "$(v C lite $k)" "$(v C pg $k)"
  if [ $k = rollup ]; then
    printf '%-44s %22s %22s\n' "  ... on a new day (no write)" "$(v D lite $k)" "$(v D pg $k)"
    printf '%-44s %22s %22s\n' "  ... after a notice edit (warn_days)" "$(v N lite $k)" "$(v N pg $k)"
    printf '%-44s %22s %22s\n' "  ... new server, no warm-up: every line" "$(v F lite $k)" "$(v F pg $k)"
    printf '%-44s %22s %22s\n' "  ... new server, ${WARM_WAIT} s after start" "$(v S lite $k)" "$(v S pg $k)"
  fi
done
printf '%-44s %22s %22s\n' "  server CPU per cold roll-up (mingjing only)" "$(v U lite rollup)" "$(v U pg rollup)"
printf '%-44s %22s %22s\n' "CLI status --year 2026" "$(v L lite rollup)" "$(v L pg rollup)"
printf '%-44s %22s %22s\n' "CLI ledger list --team $TEAM" "$(v L lite ledger)" "$(v L pg ledger)"
printf '%-44s %22s %22s\n' "(CLI floor: team show 1)" "$(v L lite start)" "$(v L pg start)"
for k in rollup ledger overdue history; do
  [ -f "$TMP/lite.$k.json" ] && [ -f "$TMP/pg.$k.json" ] &&
    printf 'bodies %-8s SQLite %8s bytes, PostgreSQL %8s bytes\n' "$k" "$(wc -c <"$TMP/lite.$k.json")" "$(wc -c <"$TMP/pg.$k.json")"
done
[ -n "${MJ_BENCH_KEEP:-}" ] && cp "$TMP"/*.json "$MJ_BENCH_KEEP"/ 2>/dev/null
echo "load average: $(cat /proc/loadavg)"
