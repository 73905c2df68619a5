#!/bin/sh
# Storage benchmark: one generated province on SQLite and on PostgreSQL,
# timing what a 组织部 does all day. Not part of `make test`; `make bench`
# runs it with the build directory as $1.
#
#   sh bench/bench_store.sh [BUILD]        full size (MJ_BENCH_SCALE=1)
#   MJ_BENCH_SCALE=0.1 sh bench/bench_store.sh build
#   MJ_BENCH_SAVE=FILE keeps a copy of the generated SQLite database;
#   MJ_BENCH_PG=URL uses that (empty) PostgreSQL database instead of a throwaway
#   cluster, and leaves the province in it.
#
# The province at scale 1: 100 city organization departments, 3,000 units
# each with a leadership team of 10 (30,000 members), 5 years (2022-2026) of
# meetings (15,000), 1,000,000 ledger items, 60,000 talks and 30,000 opinions
# of the current year. Generated in SQL (a recursive CTE, the same script on
# both engines), so it is reproducible: every value is a function of the row
# number. The PostgreSQL side runs on a throwaway cluster (scripts/pg-test.sh,
# with shared_buffers=512MB so the province fits in its cache as it fits in
# SQLite's OS page cache) unless MJ_BENCH_PG names a database (it must be empty).
#
# Timed (wall clock, each the best of MJ_BENCH_RUNS, default 3):
#   rollup   `mingjing status --year 2026`: the notice roll-up (mj_status_overview,
#            every meeting's status)
#   ledger   `mingjing ledger list --team N`: one team's ledger, all years
#   overdue  the overdue list of one city: open items past their deadline
#   history  one member's history: items owned, talks, attendance
#   review   `mingjing review --material N` against every stored material
#            (10 per meeting: 150,000 at scale 1; MJ_BENCH_REVIEW=0 leaves them out):
#            first run (index built, stored, file written), with the index file
#            mapped, without the file (index read from the store); and the web's
#            GET /api/v1/materials/N/check: the first request of a new server and
#            the median / 99th percentile of MJ_BENCH_WEBRUNS (50) more (curl)
# The mingjing rows are whole processes (start, open, migration check, query,
# output); the floor rows give the start-up alone. overdue and history are SQL
# run by sqlite3 / psql: once as a whole process, and once "in the database"
# (the best of the runs inside one session: sqlite3 .timer, psql \timing).
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MJ="$ROOT/$BUILD/mingjing"
[ -x "$MJ" ] || { echo "bench_store: build $MJ first (make)"; exit 1; }
SCALE=${MJ_BENCH_SCALE:-1}
RUNS=${MJ_BENCH_RUNS:-3}

if [ -z "${MJ_BENCH_INNER:-}" ]; then
  if [ -n "${MJ_BENCH_PG:-}" ]; then
    MJ_BENCH_INNER=1 MJ_TEST_PG="$MJ_BENCH_PG" exec sh "$0" "$BUILD"
  fi
  MJ_PG_OPTS=${MJ_PG_OPTS:-"-c shared_buffers=512MB -c work_mem=16MB"} \
  MJ_BENCH_INNER=1 exec sh "$ROOT/scripts/pg-test.sh" sh "$0" "$BUILD"
fi

n() { awk -v s="$SCALE" -v x="$1" 'BEGIN { v = int(x * s + 0.5); if (v < 1) v = 1; print v }'; }
CITIES=$(n 100); TEAMS=$(n 3000); ITEMS=$(n 1000000)
[ "$CITIES" -gt "$TEAMS" ] && CITIES=$TEAMS
MEETINGS=$((TEAMS * 5)); TALKS=$((TEAMS * 20)); OPINIONS=$((TEAMS * 10)); PERSONS=$((TEAMS * 10))
REVIEW=${MJ_BENCH_REVIEW:-1}; MATERIALS=0; [ "$REVIEW" != 0 ] && MATERIALS=$((MEETINGS * 10))
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

# date text YYYY-MM-DD from an integer expression YYYYMMDD (portable SQL)
d() { echo "(substr(CAST($1 AS TEXT),1,4)||'-'||substr(CAST($1 AS TEXT),5,2)||'-'||substr(CAST($1 AS TEXT),7,2))"; }
series() { echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $1)"; }

gen_sql() {
cat <<SQL
INSERT INTO org (id, name, kind, parent_id) VALUES (1, '省委组织部', 'superior', NULL);
INSERT INTO org (id, name, kind, parent_id) $(series "$CITIES") SELECT 1 + i, '市委组织部' || i, 'superior', 1 FROM s;
INSERT INTO org (id, name, kind, parent_id) $(series "$TEAMS") SELECT 1000 + i, '单位' || i, 'unit', 2 + (i - 1) % $CITIES FROM s;
INSERT INTO person (id, name, org_id, title, role) $(series "$PERSONS") SELECT i, '干部' || i, 1000 + (i - 1) / 10 + 1,
  CASE WHEN (i - 1) % 10 = 0 THEN '局长' ELSE '副局长' END, 'member' FROM s;
INSERT INTO team (id, name, kind, org_id, superior_org_id, head_id) $(series "$TEAMS")
  SELECT i, '单位' || i || '领导班子', 'leadership', 1000 + i, 2 + (i - 1) % $CITIES, (i - 1) * 10 + 1 FROM s;
INSERT INTO member (id, team_id, person_id, position, is_head, ord) $(series "$PERSONS")
  SELECT i, (i - 1) / 10 + 1, i, CASE WHEN (i - 1) % 10 = 0 THEN '局长' ELSE '副局长' END,
  CASE WHEN (i - 1) % 10 = 0 THEN 1 ELSE 0 END, (i - 1) % 10 FROM s;
INSERT INTO notice (id, org_id, year, kind, theme) $(series 5) SELECT i, 1, 2021 + i, 'dlm', (2021 + i) || '年度民主生活会' FROM s;
INSERT INTO meeting (id, team_id, notice_id, kind, year, status, planned_date, actual_date) $(series "$MEETINGS")
  SELECT i, (i - 1) % $TEAMS + 1, (i - 1) / $TEAMS + 1, 'dlm', 2022 + (i - 1) / $TEAMS,
  CASE WHEN (i - 1) / $TEAMS < 4 THEN 'held' ELSE 'preparing' END,
  $(d "((2022 + (i - 1) / $TEAMS) * 10000 + 1200 + 10 + i % 15)"),
  CASE WHEN (i - 1) / $TEAMS < 4 THEN $(d "((2022 + (i - 1) / $TEAMS) * 10000 + 1200 + 10 + i % 15)") END FROM s;
INSERT INTO item (id, meeting_id, source, problem, measure, owner_id, leader_id, deadline, status, sent_back) $(series "$ITEMS")
  SELECT i, (i - 1) % $MEETINGS + 1, 'self', '问题' || i || '：调查研究不够深入', '措施' || i,
  ((i - 1) % $MEETINGS % $TEAMS) * 10 + 1 + i % 10, ((i - 1) % $MEETINGS % $TEAMS) * 10 + 1,
  $(d "((2023 + (i - 1) % $MEETINGS / $TEAMS) * 10000 + (1 + (i - 1) / $MEETINGS % 12) * 100 + 1 + i % 28)"),
  CASE WHEN (i - 1) % $MEETINGS / $TEAMS >= 4 THEN CASE (i - 1) / $MEETINGS % 3 WHEN 0 THEN 'todo' WHEN 1 THEN 'doing' ELSE 'done' END
       WHEN (i - 1) / $MEETINGS % 10 < 7 THEN 'closed' WHEN (i - 1) / $MEETINGS % 10 = 7 THEN 'done'
       WHEN (i - 1) / $MEETINGS % 10 = 8 THEN 'doing' ELSE 'todo' END,
  CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END FROM s;
INSERT INTO talk (id, meeting_id, a_id, b_id, date, mode) $(series "$TALKS")
  SELECT i, 4 * $TEAMS + (i - 1) / 20 + 1, ((i - 1) / 20) * 10 + 1 + (i - 1) % 10, ((i - 1) / 20) * 10 + 1 + (i + 2) % 10,
  $(d "(20261001 + i % 28)"), 'face' FROM s;
INSERT INTO opinion (id, meeting_id, about_id, channel, text, anonymous) $(series "$OPINIONS")
  SELECT i, 4 * $TEAMS + (i - 1) / 10 + 1, CASE WHEN i % 3 = 0 THEN NULL ELSE ((i - 1) / 10) * 10 + 1 + i % 10 END,
  'form', '意见' || i, i % 2 FROM s;
SQL
}

# One member material per member and meeting (MATERIALS = 10 x meetings), its
# current version's text built from 16 sentences picked by the row number (so
# the review finds them shared by many authors: 套话, the worst case for its
# candidate lists), for "the review of one material against all".
review_sql() {
pick() { # pick EXPR: one of 16 sentences, with a number from EXPR in it
  printf "CASE (%s) %% 16" "$1"
  n=0
  for s in "理论学习的系统性还不够强，满足于参加集中学习，个人自学多跟着文件走" "运用理论指导实践的本领不足，面对复杂问题习惯于从业务层面找原因" \
    "调查研究不够深入，到基层调研多是到基础较好的地方看点听汇报" "改革攻坚的劲头不足，面对硬骨头怕担风险，习惯于等上级出台文件再推动" \
    "谋划工作的前瞻性不够，对未来五年的发展思路研究不深，举措有的还是老办法" "文风会风还需改进，有的讲话稿篇幅偏长，有的会议可开可不开" \
    "勤俭节约的意识有所淡化，精打细算的意识还可以更强" "联系服务群众不够紧密，对群众反映的问题跟踪问效不够" \
    "落实全面从严治党主体责任有差距，对分管领域的廉政风险点研判不够" "对年轻干部的培养使用办法不多，传帮带作用发挥不够" \
    "抓落实的韧劲不足，有的工作部署多、督促少，满足于完成规定动作" "统筹推进的能力还有短板，处理发展和安全的关系办法不多" \
    "开展批评和自我批评不够经常，对同志的缺点有时碍于情面点到为止" "对新知识新领域学得不够，对数字经济人工智能等钻研不深" \
    "执行民主集中制还有不到位的地方，议事决策前沟通酝酿不够充分" "推动解决群众急难愁盼问题的办法不多，有的事项办结时间偏长"; do
    printf " WHEN %d THEN '%s，今年有%s次类似情形'" "$n" "$s" "' || (($1) % 7 + 2) || '"
    n=$((n + 1))
  done
  printf " END"
}
NL='
'
T="'干部' || (((i - 1) / 10 % $TEAMS) * 10 + 1 + (i - 1) % 10) || '个人对照检查材料${NL}${NL}一、存在的问题${NL}（一）在深化理论武装方面${NL}一是' || $(pick "i * 7 + 1") || '。二是' || $(pick "i * 13 + 5") || '。${NL}（二）在担当作为方面${NL}一是' || $(pick "i * 3 + 2") || '。二是' || $(pick "i * 11 + 9") || '。${NL}二、问题产生的原因${NL}' || $(pick "i * 5 + 3") || '。' || $(pick "i / 16 + i") || '。${NL}三、整改措施${NL}' || $(pick "i * 17 + 7") || '，限期' || (i % 6 + 1) || '个月内整改到位。${NL}'"
cat <<SQL
INSERT INTO material (id, meeting_id, person_id, kind, state, current_version) $(series "$MATERIALS")
  SELECT i, (i - 1) / 10 + 1, ((i - 1) / 10 % $TEAMS) * 10 + 1 + (i - 1) % 10, 'member', 'submitted', 1 FROM s;
INSERT INTO material_version (id, material_id, version, filename, text, added_on) $(series "$MATERIALS")
  SELECT i, i, 1, 'm' || i || '.txt', $T, '2026-11-01' FROM s;
SQL
}

PGB=${MJ_PG_BIN:-}
lite() { sqlite3 "$LITE" "$@"; }
pg() { "$PGB/psql" -X -q -v ON_ERROR_STOP=1 -d "$PGURL" "$@"; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
# best RUNS x CMD...: the fastest of RUNS runs, in ms of wall clock, and with
# GNU time the CPU time (user + system) of that run of the client process,
# "WALL/CPU" (on a busy machine the CPU time is the steadier figure; the
# PostgreSQL server's own CPU is not in it)
TIMEB=""; [ -x /usr/bin/time ] && TIMEB=/usr/bin/time
best() {
  runs=$1; shift 2; b=""; c=""; r=0
  while [ $r -lt "$runs" ]; do t0=$(now)
    if [ -n "$TIMEB" ]; then $TIMEB -f '%U %S' -o "$TMPD/cpu" "$@" >/dev/null 2>"$TMPD/err" || { echo "ERR $(head -1 "$TMPD/err")"; return; }
    else "$@" >/dev/null 2>"$TMPD/err" || { echo "ERR $(head -1 "$TMPD/err")"; return; }; fi
    t1=$(now); m=$(ms "$t0" "$t1")
    if [ -z "$b" ] || [ "$m" -lt "$b" ]; then b=$m
      c=$([ -n "$TIMEB" ] && awk '{ printf "/%d", ($1 + $2) * 1000 }' "$TMPD/cpu"); fi
    r=$((r + 1)); done
  echo "$b$c"
}

LITE="$TMPD/province.db"
PGURL="$MJ_TEST_PG"
echo "bench_store: scale $SCALE — $TEAMS teams, $PERSONS members, 5 years, $MEETINGS meetings, $ITEMS ledger items, $MATERIALS materials"
"$MJ" --db "$LITE" audit verify >/dev/null
"$MJ" --db "$PGURL" audit verify >/dev/null
{ gen_sql; [ "$MATERIALS" -gt 0 ] && review_sql; } > "$TMPD/gen.sql"
# (SQLite: the same triggers dropped and made again in the transaction; with
# them the million items took 615 s instead of 25 s, the journal spilling the
# meeting_rev pages they keep dirty)
MREV_WHERE="type = 'trigger' AND name LIKE 'mrev_%' AND tbl_name IN ('item', 'member', 'oversee', 'talk', 'material')"
MREV_MAKE=$(lite "SELECT group_concat(sql || ';', char(10)) FROM sqlite_master WHERE $MREV_WHERE")
MREV_DROP=$(lite "SELECT group_concat('DROP TRIGGER ' || name || ';', ' ') FROM sqlite_master WHERE $MREV_WHERE")
t0=$(now)
{ echo "BEGIN;"; echo "$MREV_DROP"; cat "$TMPD/gen.sql"; echo "$MREV_MAKE"; echo "UPDATE meeting_rev SET rev = rev + 1;"
  echo "COMMIT; ANALYZE;"; } | lite; t1=$(now) # (a new SQLite file needs no VACUUM)
[ "$(lite "SELECT count(*) FROM sqlite_master WHERE $MREV_WHERE")" -gt 0 ] || { echo "bench_store: the revision triggers were not made again"; exit 1; }
gl=$(ms "$t0" "$t1")
t0=$(now)
# The per-row triggers that raise the roll-up's meeting revisions (migration
# 10) are off while the generated rows go in, then every revision is raised
# once: one transaction raising 15,000 rows five times per item leaves each
# row a chain of versions PostgreSQL walks at every next raise (over 5 minutes
# for the million items instead of half a minute).
MREV_TABLES="item member oversee talk material"
{ echo "BEGIN;"; for t in $MREV_TABLES; do echo "ALTER TABLE $t DISABLE TRIGGER mrev_$t;"; done
  cat "$TMPD/gen.sql"
  for t in $MREV_TABLES; do echo "ALTER TABLE $t ENABLE TRIGGER mrev_$t;"; done
  echo "UPDATE meeting_rev SET rev = rev + 1;"
  for t in org person team member notice meeting item talk opinion material material_version; do
    echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), coalesce(max(id), 0) + 1, false) FROM $t;"; done
  echo "COMMIT; VACUUM ANALYZE;"; } | pg >/dev/null
t1=$(now); gp=$(ms "$t0" "$t1")
check=$(lite "SELECT count(*) FROM item"); checkp=$(pg -A -t -c "SELECT count(*) FROM item")
[ "$check" = "$ITEMS" ] && [ "$checkp" = "$ITEMS" ] || { echo "generation failed: $check / $checkp items"; exit 1; }
[ -n "${MJ_BENCH_SAVE:-}" ] && cp "$LITE" "$MJ_BENCH_SAVE"
lsize=$(du -k "$LITE" | cut -f1); psize=$(pg -A -t -c "SELECT pg_database_size(current_database()) / 1024")

TEAM=$(( (TEAMS + 1) / 2 )); CITY=$(( 2 + (TEAM - 1) % CITIES )); PERSON=$(( (TEAM - 1) * 10 + 2 ))
OVERDUE="SELECT i.id, i.deadline, i.status, t.name, i.problem FROM item i JOIN meeting m ON m.id = i.meeting_id
 JOIN team t ON t.id = m.team_id WHERE t.superior_org_id = $CITY AND i.status IN ('todo', 'doing', 'done')
 AND i.deadline < '2026-11-20' ORDER BY i.deadline, i.id LIMIT 200"
HISTORY="SELECT 'item' AS k, i.id, i.deadline AS d, i.status FROM item i WHERE i.owner_id = $PERSON
 UNION ALL SELECT 'talk', t.id, t.date, t.mode FROM talk t WHERE t.a_id = $PERSON OR t.b_id = $PERSON
 UNION ALL SELECT 'attendance', a.id, NULL, CAST(a.attended AS TEXT) FROM attendance a WHERE a.person_id = $PERSON
 ORDER BY 3, 2"
# best in-session time of RUNS runs of one query, in ms (no process start, no connection)
in_lite() { { echo ".timer on"; r=0; while [ $r -lt "$RUNS" ]; do printf '%s;\n' "$1"; r=$((r + 1)); done; } | sqlite3 "$LITE" 2>&1 |
  sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | sort -n | head -1 | awk '{ printf "%.1f", $1 * 1000 }'; }
in_pg() { { printf '%s\n' '\timing on'; r=0; while [ $r -lt "$RUNS" ]; do printf '%s;\n' "$1"; r=$((r + 1)); done; } | pg 2>&1 |
  sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -1 | awk '{ printf "%.1f", $1 }'; }
ROLLRUNS=$RUNS
export MINGJING_TODAY=2026-11-20
r_l=$(best "$ROLLRUNS" x "$MJ" --db "$LITE" status --year 2026)
r_p=$(best "$ROLLRUNS" x "$MJ" --db "$PGURL" status --year 2026)
l_l=$(best "$RUNS" x "$MJ" --db "$LITE" ledger list --team "$TEAM")
l_p=$(best "$RUNS" x "$MJ" --db "$PGURL" ledger list --team "$TEAM")
o_l=$(best "$RUNS" x sqlite3 "$LITE" "$OVERDUE;")
o_p=$(best "$RUNS" x "$PGB/psql" -X -q -d "$PGURL" -c "$OVERDUE")
h_l=$(best "$RUNS" x sqlite3 "$LITE" "$HISTORY;")
h_p=$(best "$RUNS" x "$PGB/psql" -X -q -d "$PGURL" -c "$HISTORY")
oi_l=$(in_lite "$OVERDUE"); oi_p=$(in_pg "$OVERDUE"); hi_l=$(in_lite "$HISTORY"); hi_p=$(in_pg "$HISTORY")
b_l=$(best "$RUNS" x sqlite3 "$LITE" "SELECT 1;")
b_p=$(best "$RUNS" x "$PGB/psql" -X -q -d "$PGURL" -c "SELECT 1")
# web_check DB: GET /api/v1/materials/$MAT/check on a fresh `mingjing serve`
# (2 threads) as an administrator: "COLD / MEDIAN / P99" ms of curl's
# time_total, the first request (index file mapped, its pages faulted in)
# and WEBRUNS more (the mapping kept). Checks that the body is the CLI's.
WEBRUNS=${MJ_BENCH_WEBRUNS:-50}
ratio() { awk -v a="${1%%/*}" -v b="${2%%/*}" 'BEGIN { if (b > 0) printf "%.0fx faster", a / b; else print "-" }'; }
web_check() {
  "$MJ" --db "$1" serve --listen 127.0.0.1:0 --threads 2 >"$TMPD/serve.out" 2>"$TMPD/serve.err" &
  spid=$!
  url=$(sh "$ROOT/scripts/serve-url.sh" "$TMPD/serve.out" "$spid" 60) || { echo "ERR server"; kill "$spid" 2>/dev/null; return; }
  curl -s -c "$TMPD/jar" -H 'Content-Type: application/json' -X POST \
    -d '{"login":"benchadm","password":"Bench-pass-2026"}' "$url/api/v1/login" >/dev/null
  r=0; : > "$TMPD/web.t"
  while [ $r -le "$WEBRUNS" ]; do
    curl -s -b "$TMPD/jar" -o "$TMPD/web.json" -w '%{time_total}\n' "$url/api/v1/materials/$MAT/check" >> "$TMPD/web.t"
    r=$((r + 1)); done
  kill "$spid"; wait "$spid" 2>/dev/null
  "$MJ" --db "$1" --json review --material "$MAT" > "$TMPD/cli.json" 2>&1
  cmp -s "$TMPD/web.json" "$TMPD/cli.json" || { echo "ERR web body differs from the CLI's"; return; }
  head -1 "$TMPD/web.t" | awk '{ printf "%d / ", $1 * 1000 }'
  tail -n +2 "$TMPD/web.t" | sort -n | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)]
    printf "%.1f / %.1f\n", m * 1000, p * 1000 }'
}
if [ "$MATERIALS" -gt 0 ]; then # a 2026 material of team TEAM; the first run builds and stores the fingerprint index
  MAT=$(( (4 * TEAMS + TEAM - 1) * 10 + 2 ))
  # the index file's cache: next to the SQLite file; for PostgreSQL a folder of this run
  export XDG_CACHE_HOME="$TMPD/cache"
  for db in "$LITE" "$PGURL"; do
    "$MJ" --db "$db" person add --name 测评管理员 --role admin --login benchadm >/dev/null &&
    "$MJ" --db "$db" user passwd benchadm --password Bench-pass-2026 >/dev/null || echo "bench_store: no bench login on $db"
  done
  v1_l=$(best 1 x "$MJ" --db "$LITE" review --material "$MAT"); v1_p=$(best 1 x "$MJ" --db "$PGURL" review --material "$MAT")
  v_l=$(best "$RUNS" x "$MJ" --db "$LITE" review --material "$MAT"); v_p=$(best "$RUNS" x "$MJ" --db "$PGURL" review --material "$MAT")
  # the peer: the stored blob found by every document's key, as before the file (no file used)
  vo_l=$(best 1 x env MINGJING_INDEX_CACHE=off "$MJ" --db "$LITE" review --material "$MAT")
  vo_p=$(best 1 x env MINGJING_INDEX_CACHE=off "$MJ" --db "$PGURL" review --material "$MAT")
  # without the file (another server, a new cache): index read from the store's review_index, file written again
  rm -rf "$LITE.review-idx" "$XDG_CACHE_HOME/mingjing"
  vs_l=$(best 1 x "$MJ" --db "$LITE" review --material "$MAT"); vs_p=$(best 1 x "$MJ" --db "$PGURL" review --material "$MAT")
  command -v curl >/dev/null 2>&1 && { w_l=$(web_check "$LITE"); w_p=$(web_check "$PGURL"); }
fi
c_l=$(best "$RUNS" x "$MJ" --db "$LITE" team show 1)
c_p=$(best "$RUNS" x "$MJ" --db "$PGURL" team show 1)
s_0=$(best "$RUNS" x "$MJ" --help)

printf '\n%-44s %17s %17s\n' "" "SQLite" "PostgreSQL"
printf '%-44s %14s ms %14s ms\n' "generate ($ITEMS items; + ANALYZE / VACUUM ANALYZE)" "$gl" "$gp"
printf '%-44s %14s kB %14s kB\n' "database size" "$lsize" "$psize"
printf '%-44s %14s ms %14s ms\n' "roll-up: status --year 2026 ($TEAMS meetings)" "$r_l" "$r_p"
printf '%-44s %14s ms %14s ms\n' "team ledger: ledger list --team $TEAM" "$l_l" "$l_p"
printf '%-44s %14s ms %14s ms\n' "overdue list of city $CITY (200 rows)" "$o_l" "$o_p"
printf '%-44s %14s ms %14s ms\n' "  the same in the database (no start)" "$oi_l" "$oi_p"
printf '%-44s %14s ms %14s ms\n' "member history (person $PERSON)" "$h_l" "$h_p"
printf '%-44s %14s ms %14s ms\n' "  the same in the database (no start)" "$hi_l" "$hi_p"
if [ "$MATERIALS" -gt 0 ]; then
  printf '%-44s %14s ms %14s ms\n' "review --material $MAT vs $MATERIALS, 1st run" "$v1_l" "$v1_p"
  printf '%-44s %14s ms %14s ms\n' "  the same, index file mapped (best of $RUNS)" "$v_l" "$v_p"
  printf '%-44s %14s ms %14s ms\n' "  as before: blob by signature (cache off)" "$vo_l" "$vo_p"
  printf '%-44s %14s ms %14s ms\n' "  no file: index from review_index, file made" "$vs_l" "$vs_p"
  printf '%-44s %17s %17s\n' "  file vs before (wall)" "$(ratio "$vo_l" "$v_l")" "$(ratio "$vo_p" "$v_p")"
  printf '%-44s %17s %17s\n' "GET .../materials/$MAT/check cold/med/p99" "${w_l:-} ms" "${w_p:-} ms"
fi
printf '%-44s %14s ms %14s ms\n' "(client start: sqlite3 / psql SELECT 1)" "$b_l" "$b_p"
printf '%-44s %14s ms %14s ms\n' "(mingjing start+open: team show 1)" "$c_l" "$c_p"
printf '%-44s %14s ms %17s\n' "(mingjing start alone: --help, no database)" "$s_0" ""
echo "(ms: wall/CPU of the client; all rows but \"in the database\" are whole processes, start included;"
echo " load average: $(cut -d' ' -f1-3 /proc/loadavg))"
if [ -n "${MJ_BENCH_PLANS:-}" ]; then
  # the two heaviest queries of the roll-up (status.c, facts_load) as run for 2026
  CLASS="CASE WHEN i.deadline IS NULL THEN NULL WHEN i.deadline < '2026-11-20' THEN 'past' WHEN i.deadline <= '2026-11-23' THEN i.deadline ELSE 'far' END"
  OWN="SELECT i.meeting_id, m.year, i.status, i.sent_back, $CLASS, count(*), min(i.id) FROM item i
 JOIN meeting m ON m.id = i.meeting_id WHERE m.year = 2026 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1"
  CARRY="SELECT m.team_id, m.year, i.status, i.sent_back, $CLASS, count(*), min(i.id) FROM item i
 JOIN meeting m ON m.id = i.meeting_id WHERE m.team_id IN (SELECT m.team_id FROM meeting m WHERE m.year = 2026)
 AND m.year < 2026 AND i.status <> 'closed' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1"
  LEDGER="SELECT i.*, m.year AS year FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE m.team_id = $TEAM ORDER BY m.year, i.id"
  for q in "$OWN" "$CARRY" "$LEDGER" "$OVERDUE" "$HISTORY"; do
    echo; echo "== $(echo "$q" | head -1 | cut -c1-100)"
    echo "-- SQLite"; lite "EXPLAIN QUERY PLAN $q;"
    echo "-- PostgreSQL"; pg -c "EXPLAIN ANALYZE $q" | grep -v "^ *QUERY PLAN\|^---"
  done
fi
