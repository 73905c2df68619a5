#!/bin/sh
# Web benchmark (make bench; not part of make test). Needs wrk (apt-get install
# wrk). Measures requests/s and p99 latency of GET /api/v1/meetings/<id>/ledger
# (one meeting's page again and again: "ledger", served from the server's
# response cache while nothing changes; and every meeting in turn:
# "ledger_all", mostly built afresh), GET /api/v1/me
# and GET /api/v1/rollup ("rollup": the same URL again and again, served from
# the response cache; "rollup_write": every other request a PATCH, so each
# roll-up is built afresh; then the server's CPU per request of both, from
# /proc) against a synthetic database of TEAMS teams (default
# 500; each with a 2026 meeting, 4 members and 12 ledger items), side by side
# with a bare libmicrohttpd server answering a fixed string (bench/mhd_hello.c,
# compiled here), and prints each ratio to the bare server.
# Usage: bench_web.sh [BUILD]   env: TEAMS, THREADS, DURATION (seconds), CONNS
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MJ="$ROOT/$BUILD/mingjing"
TEAMS=${TEAMS:-500}; THREADS=${THREADS:-4}; DURATION=${DURATION:-5}; CONNS=${CONNS:-32}
command -v wrk >/dev/null 2>&1 || { echo "bench_web: wrk not installed (apt-get install wrk): skipped"; exit 0; }
[ -x "$MJ" ] || { echo "bench_web: $MJ missing (make first)"; exit 1; }
TMP=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$TMP"' EXIT
DB=$TMP/bench.db
export MINGJING_TODAY=2026-11-20

# schema through the program, then bulk rows in one SQL transaction (a bench
# database: the audit log is not filled for these rows)
"$MJ" --db "$DB" org add --name 市委组织部 --kind superior >/dev/null
"$MJ" --db "$DB" person add --name 管理员 --role admin --login admin >/dev/null
"$MJ" --db "$DB" person add --name 王敏 --org-id 1 --role organizer --login wangmin >/dev/null
"$MJ" --db "$DB" notice add --org 1 --year 2026 --kind dlm --theme 年度民主生活会 >/dev/null
"$MJ" --db "$DB" user passwd wangmin --password benchmark-2026 >/dev/null
awk -v n="$TEAMS" 'BEGIN {
  print "BEGIN;";
  print "INSERT INTO area (notice_id, ord, title) VALUES (1,1,\"在带头学习方面\"),(1,2,\"在带头担当方面\");";
  pid = 10; item = 0;
  for (t = 1; t <= n; t++) {
    org = t + 1;
    printf "INSERT INTO org (id, name, kind, parent_id) VALUES (%d, \"单位%d\", \"unit\", 1);\n", org, t;
    for (k = 0; k < 5; k++)
      printf "INSERT INTO person (id, name, org_id, role) VALUES (%d, \"人员%d\", %d, \"%s\");\n", pid + k, pid + k, org, k == 4 ? "secretary" : "member";
    printf "INSERT INTO team (id, name, kind, org_id, superior_org_id, head_id, secretary_id) VALUES (%d, \"班子%d\", \"leadership\", %d, 1, %d, %d);\n", t, t, org, pid, pid + 4;
    for (k = 0; k < 4; k++)
      printf "INSERT INTO member (team_id, person_id, position, is_head, ord) VALUES (%d, %d, \"成员\", %d, %d);\n", t, pid + k, k == 0, k;
    printf "INSERT INTO meeting (id, team_id, notice_id, kind, year, planned_date, actual_date, report_sent_on) VALUES (%d, %d, 1, \"dlm\", 2026, \"2026-12-10\", %s, %s);\n", t, t, t % 3 ? "NULL" : "\"2026-11-10\"", t % 3 ? "NULL" : "\"2026-11-18\"";
    for (k = 0; k < 3; k++)
      printf "INSERT INTO talk (meeting_id, a_id, b_id, date) VALUES (%d, %d, %d, \"2026-11-0%d\");\n", t, pid, pid + k + 1, k + 1;
    for (k = 0; k < 12; k++)
      printf "INSERT INTO item (meeting_id, source, problem, measure, owner_id, deadline, status) VALUES (%d, \"self\", \"问题%d\", \"措施\", %d, \"2026-%02d-28\", \"%s\");\n", t, k, pid + k % 4, k % 12 + 1, k % 3 ? "todo" : "doing";
    pid += 5;
  }
  print "COMMIT;";
}' | sqlite3 "$DB"

cc -O2 -o "$TMP/mhd_hello" "$ROOT/bench/mhd_hello.c" $(pkg-config --cflags --libs libmicrohttpd) -lpthread || exit 1
HPORT=$(( 20000 + $$ % 20000 ))
"$TMP/mhd_hello" $HPORT "$THREADS" >"$TMP/hello.out" & PIDS="$PIDS $!"
"$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --quiet >"$TMP/serve.out" 2>&1 & PIDS="$PIDS $!"
URL=$(sh "$ROOT/scripts/serve-url.sh" "$TMP/serve.out") || { echo "bench_web: the server did not start: $(cat "$TMP/serve.out")"; exit 1; }
sleep 0.2
COOKIE=$(curl -s -D - -o "$TMP/login.json" -X POST -d '{"login":"wangmin","password":"benchmark-2026"}' "$URL/api/v1/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(mj_session=[0-9a-f]*\);.*/\1/p')
[ -n "$COOKIE" ] || { echo "bench_web: login failed"; exit 1; }
CSRF=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' "$TMP/login.json")
SPID=$(echo $PIDS | awk '{ print $NF }')

# ledger_all: each request another meeting's page, round the TEAMS meetings
# (more pages than the server's response cache holds: the uncached path)
cat >"$TMP/all.lua" <<EOF
local n = math.random(1, $TEAMS)
request = function()
  n = n % $TEAMS + 1
  return wrk.format("GET", "/api/v1/meetings/" .. n .. "/ledger")
end
EOF

# rollup_write: every other request changes the database (PATCH of a
# meeting's place, audited), so the roll-up after it is built afresh on its
# connection (the response cache follows the data version): the uncached case
cat >"$TMP/rw.lua" <<EOF
local k = 0
request = function()
  k = k + 1
  if k % 2 == 1 then
    return wrk.format("PATCH", "/api/v1/records/meeting/1", {["Cookie"] = "$COOKIE", ["X-CSRF-Token"] = "$CSRF", ["Content-Type"] = "application/json"},
      '{"place":"会议室' .. k .. '"}')
  end
  return wrk.format("GET", "/api/v1/rollup?year=2026")
end
EOF

# server CPU time (user + system, ms) of N requests one after the other, from /proc/PID/stat
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / t }' "/proc/$SPID/stat"; }
patch() { curl -s -o /dev/null -X PATCH -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -d "{\"place\":\"会议室$1\"}" "$URL/api/v1/records/meeting/1"; }
get_rollup() { curl -s -o /dev/null -H "Cookie: $COOKIE" "$URL/api/v1/rollup?year=2026"; }
cpu_per() { # cpu_per N WHAT: ms of server CPU per request
  c0=$(cpu_ms); i=0
  while [ $i -lt "$1" ]; do case $2 in get) get_rollup ;; patch) patch $i ;; both) patch $i; get_rollup ;; esac; i=$((i + 1)); done
  c1=$(cpu_ms); awk -v a="$c0" -v b="$c1" -v n="$1" 'BEGIN { printf "%.1f", (b - a) / n }'
}

# run NAME URL [DURATION] [wrk args] -> "NAME req/s p99"
run() {
  wrk -t2 -c"$CONNS" -d"${3:-$DURATION}"s --latency -H "Cookie: $COOKIE" ${4:-} "$2" >"$TMP/wrk.out" 2>&1
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$TMP/wrk.out")
  p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$TMP/wrk.out")
  errs=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$TMP/wrk.out")
  printf '%-12s %12s req/s   p99 %-10s %s\n' "$1" "${rps:-?}" "${p99:-?}" "${errs:+(non-2xx: $errs)}"
  echo "$rps" > "$TMP/$1.rps"
}
echo "== bench_web: $TEAMS teams, $THREADS threads, $CONNS connections, ${DURATION}s each (wrk)"
run hello "http://127.0.0.1:$HPORT/"
run ledger "$URL/api/v1/meetings/1/ledger"
run ledger_all "$URL/" "$DURATION" "-s $TMP/all.lua"
run me "$URL/api/v1/me"
run rollup "$URL/api/v1/rollup?year=2026"
run rollup_write "$URL/" "$DURATION" "-s $TMP/rw.lua"
N=${CPU_REQS:-20}
sleep 1 # let the server finish what wrk left queued
get_rollup; c_get=$(cpu_per "$N" get); c_patch=$(cpu_per "$N" patch); c_both=$(cpu_per "$N" both)
echo "server CPU per request ($N one after the other): rollup repeated $c_get ms; PATCH $c_patch ms;" \
  "PATCH + rollup $c_both ms, so a rollup built afresh $(awk -v a="$c_both" -v b="$c_patch" 'BEGIN { printf "%.1f", a - b }') ms"
echo "load average: $(cat /proc/loadavg)"
h=$(cat "$TMP/hello.rps")
for n in ledger ledger_all me rollup rollup_write; do
  r=$(cat "$TMP/$n.rps")
  awk -v h="$h" -v r="$r" -v n="$n" 'BEGIN { if (h > 0 && r > 0) printf "ratio %-10s / bare mhd: %.4f (%.1fx slower)\n", n, r / h, h / r }'
done
