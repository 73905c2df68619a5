# The PostgreSQL half of `make test`: starts a throwaway cluster
# (scripts/pg-test.sh) and runs against it the storage conformance suite
# (build/tests/test_store with MJ_TEST_PG), the end-to-end foundation test
# (tests/cli/test_foundation.sh with MJ_BACKEND=pg), parallel writers on one
# audit chain, stale updates, `mingjing migrate` from SQLite, and the status
# and roll-ups of the demo equal to SQLite's (CLI and web), and the review of a
# stored material with its persisted index, and the review's index file and
# corpus stamp (tests/cli/test_review_cache.sh with MJ_BACKEND=pg). Every line is
# prefixed "pg: ". Prints one "skip - PostgreSQL unavailable: ..." line when
# no PostgreSQL can be had.
ROOT=${MJ_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "${MJ_TEST_PG:-}" ] || [ -z "${MJ_PG_HOST:-}" ] || [ -z "${MJ_PG_BIN:-}" ]; then
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

# --- the review's index file and corpus stamp, on PostgreSQL ---
MJ_BACKEND=pg sh "$ROOT/tests/cli/test_review_cache.sh" 2>&1 | sed 's/^\(ok\|not ok\|skip\) - /\1 - pg: /'

# --- the web roll-up's lines kept by meeting revision, on PostgreSQL ---
MJ_BACKEND=pg sh "$ROOT/tests/cli/test_rollup_rev.sh" 2>&1 | sed 's/^\(ok\|not ok\|skip\) - /\1 - pg: /'

# --- a small world on PostgreSQL for the CLI checks below ---
P=$(db_new par)
p() { "$MJ" --db "$P" "$@"; }
p org add --name 上级 --kind superior >/dev/null
p org add --name 单位 --kind unit --parent-id 1 >/dev/null
for n in 甲 乙 丙 丁; do p person add --name "$n" --org-id 2 --role member >/dev/null; done
p team add --name 班子 --kind leadership --org 2 --superior-org-id 1 >/dev/null
p notice add --org 1 --year 2026 --kind dlm --theme 主题 >/dev/null
check "pg: world built" p meeting add --team 1 --notice 1 --kind dlm --year 2026 --planned-date 2026-12-10

# --- parallel writers: one audit chain ---
WRITERS=${MJ_PG_WRITERS:-8}; EACH=${MJ_PG_EACH:-15}
i=0
while [ $i -lt $WRITERS ]; do
  ( k=0; while [ $k -lt $EACH ]; do
      p talk add --meeting 1 --a-id $((i % 4 + 1)) --b-id $(((i + 1) % 4 + 1)) --date 2026-11-01 --notes "w$i-$k" >/dev/null 2>>"$TMP/par.err" || echo x >>"$TMP/par.fail"
      k=$((k + 1)); done ) &
  i=$((i + 1))
done
wait
nf=$(cat "$TMP/par.fail" 2>/dev/null | wc -l)
[ "$nf" -eq 0 ] && ok "pg: $WRITERS parallel writers x $EACH talks, no failure" || notok "pg: parallel writers: $nf failed" "$(sort "$TMP/par.err" | uniq -c | head -3)"
n=$(p talk list | tail -1)
[ "$n" = "共 $((WRITERS * EACH)) 条谈心谈话" ] && ok "pg: every parallel write stored" || notok "pg: parallel count" "$n"
check_contains "pg: audit chain valid after parallel writers" "审计校验通过" p audit verify
# parallel updates of one row with and without versions
( for k in 1 2 3 4 5; do p org update 2 --name "单位$k" >/dev/null || echo x >>"$TMP/upd.fail"; done ) &
( for k in 1 2 3 4 5; do p person update 1 --title "职务$k" >/dev/null || echo x >>"$TMP/upd.fail"; done ) &
wait
[ ! -f "$TMP/upd.fail" ] && ok "pg: parallel updates succeed" || notok "pg: parallel updates" "$(wc -l < "$TMP/upd.fail")"
check_contains "pg: audit chain valid after parallel updates" "审计校验通过" p audit verify

# --- stale update refused ---
v=$(p --json org show 1 | sed -n 's/.*"row_version": \([0-9]*\).*/\1/p')
check "pg: update with current version" p org update 1 --name 上级党委 --expect-version "$v"
check_contains "pg: stale update refused" "记录已被他人修改，请刷新后重试" p org update 1 --name 另一个名字 --expect-version "$v"
check_contains "pg: stale update changed nothing" "上级党委" p org show 1

# --- migrate from SQLite ---
S=$TMP/src.db
s() { "$MJ" --db "$S" "$@"; }
s org add --name 市委组织部 --kind superior >/dev/null
s org add --name 市水务局 --kind unit --parent-id 1 >/dev/null
s person add --name 钱局长 --org-id 2 --role member >/dev/null
s person add --name 孙副局长 --org-id 2 --role member >/dev/null
s org update 2 --head-id 1 >/dev/null
s team add --name 市水务局领导班子 --kind leadership --org 2 --superior-org-id 1 --head-id 1 >/dev/null
s member add --team 1 --person 1 --is-head 1 >/dev/null
s member add --team 1 --person 2 >/dev/null
s meeting add --team 1 --kind dlm --year 2026 --planned-date 2026-12-10 >/dev/null
s talk add --meeting 1 --a-id 1 --b-id 2 --date 2026-11-01 >/dev/null
s ledger add --meeting 1 --source self --problem 调研不够 --owner 2 --deadline 2026-06-30 >/dev/null
s talk delete 1 >/dev/null
s talk add --meeting 1 --a-id 2 --b-id 1 --date 2026-11-02 >/dev/null
T=$(db_new mig)
check_contains "pg: migrate from SQLite verifies the target" "目标审计校验通过" "$MJ" migrate --from "$S" --to "$T"
"$MJ" --db "$S" --json status --meeting 1 > "$TMP/st1.json"
"$MJ" --db "$T" --json status --meeting 1 > "$TMP/st2.json"
cmp -s "$TMP/st1.json" "$TMP/st2.json" && ok "pg: status identical after migrate" || notok "pg: status after migrate" "$(diff "$TMP/st1.json" "$TMP/st2.json" | head -5)"
check_contains "pg: ids continue after migrate" "编号 2" "$MJ" --db "$T" talk add --meeting 1 --a-id 1 --b-id 2 --date 2026-11-03
check_contains "pg: chain continues after migrate" "审计校验通过" "$MJ" --db "$T" audit verify
# the copy turns the roll-up's revision triggers off while rows go in
# (copy.c): on again after it, so a write raises its team's meetings
tq() { "$MJ_PG_BIN/psql" -X -A -t -q -d "$T" -c "$1"; }
r0=$(tq "SELECT rev FROM meeting_rev WHERE meeting_id = 1")
off=$(tq "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'mrev_%' AND tgenabled = 'D'")
"$MJ" --db "$T" ledger add --meeting 1 --source self --problem 迁移后新增 --owner 1 --deadline 2026-12-31 >/dev/null
r1=$(tq "SELECT rev FROM meeting_rev WHERE meeting_id = 1")
[ "$off" = 0 ] && [ -n "$r0" ] && [ "$r1" -gt "$r0" ] && ok "pg: revision triggers on after migrate (rev $r0 -> $r1)" ||
  notok "pg: revision triggers after migrate" "disabled $off, rev $r0 -> $r1"
check_fails "pg: migrate into a non-empty database refused" "$MJ" migrate --from "$S" --to "$T"
check_contains "pg: migrate back to SQLite" "目标审计校验通过" "$MJ" migrate --from "$T" --to "$TMP/back.db"

# --- the set-wide status and roll-ups give on PostgreSQL what they give on SQLite ---
D=$TMP/demo.db
"$MJ" --db "$D" demo >/dev/null 2>&1
DP=$(db_new demo)
check_contains "pg: demo copied to PostgreSQL" "目标审计校验通过" "$MJ" migrate --from "$D" --to "$DP"
for y in 2025 2026; do
  "$MJ" --db "$D" --json status --year $y > "$TMP/sy1.json"
  "$MJ" --db "$DP" --json status --year $y > "$TMP/sy2.json"
  cmp -s "$TMP/sy1.json" "$TMP/sy2.json" && ok "pg: status --year $y identical to SQLite" ||
    notok "pg: status --year $y" "$(diff "$TMP/sy1.json" "$TMP/sy2.json" | head -5)"
  "$MJ" --db "$D" status --year $y > "$TMP/st1.txt"
  "$MJ" --db "$DP" status --year $y > "$TMP/st2.txt"
  [ "$(wc -l < "$TMP/st1.txt")" -gt 5 ] && cmp -s "$TMP/st1.txt" "$TMP/st2.txt" && ok "pg: status --year $y as text identical to SQLite" ||
    notok "pg: status --year $y text" "$(diff "$TMP/st1.txt" "$TMP/st2.txt" | head -5)"
done
"$MJ" --db "$D" report --notice 3 --chart ledger -o "$TMP/c1.svg" >/dev/null
"$MJ" --db "$DP" report --notice 3 --chart ledger -o "$TMP/c2.svg" >/dev/null
check "pg: notice roll-up chart identical to SQLite" cmp "$TMP/c1.svg" "$TMP/c2.svg"
# GET /api/v1/rollup as an organizer, served from each database
rollup_of() {
  "$MJ" --db "$1" user passwd wangmin --password pg-rollup-2026 >/dev/null
  "$MJ" --db "$1" serve --listen 127.0.0.1:0 --threads 1 --quiet >"$TMP/serve.out" 2>&1 & sp=$!
  url=$(sh "$MJ_SCRIPTS/serve-url.sh" "$TMP/serve.out" "$sp")
  ck=$(curl -s -D - -o /dev/null -X POST -d '{"login":"wangmin","password":"pg-rollup-2026"}' "$url/api/v1/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(mj_session=[0-9a-f]*\);.*/\1/p')
  curl -s -o "$2" -w '%{http_code}' -H "Cookie: $ck" "$url/api/v1/rollup?year=2026"
  # and the overdue list (whole, and one org's first page) and a member's history
  curl -s -o "$2.od" -w '%{http_code}' -H "Cookie: $ck" "$url/api/v1/overdue"
  curl -s -o "$2.oo" -w '%{http_code}' -H "Cookie: $ck" "$url/api/v1/overdue?org=$OVORG&limit=5"
  curl -s -o "$2.hi" -w '%{http_code}' -H "Cookie: $ck" "$url/api/v1/persons/$HPERSON/history"
  kill $sp; wait $sp 2>/dev/null
}
OVORG=$(sqlite3 "$D" "SELECT org_id FROM person WHERE login = 'wangmin'")
HPERSON=$(sqlite3 "$D" "SELECT i.owner_id FROM item i JOIN meeting m ON m.id = i.meeting_id JOIN team t ON t.id = m.team_id
  WHERE t.superior_org_id = $OVORG AND i.owner_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
if command -v curl >/dev/null 2>&1; then
  c1=$(rollup_of "$D" "$TMP/r1.json"); c2=$(rollup_of "$DP" "$TMP/r2.json")
  check "pg: web roll-up, overdue lists, history answer 200 on both ($c1, $c2)" test "$c1$c2" = 200200200200200200200200
  check "pg: web roll-up identical to SQLite" cmp "$TMP/r1.json" "$TMP/r2.json"
  grep -q '"deadline"' "$TMP/r1.json.od" && check "pg: overdue list identical to SQLite" cmp "$TMP/r1.json.od" "$TMP/r2.json.od" ||
    notok "pg: overdue list empty on the demo" "$(head -c 200 "$TMP/r1.json.od")"
  check "pg: overdue list of org $OVORG, first page, identical to SQLite" cmp "$TMP/r1.json.oo" "$TMP/r2.json.oo"
  grep -q '"problem"' "$TMP/r1.json.hi" && check "pg: history of person $HPERSON identical to SQLite" cmp "$TMP/r1.json.hi" "$TMP/r2.json.hi" ||
    notok "pg: history without items on the demo" "$(head -c 200 "$TMP/r1.json.hi")"
else
  skip "pg: web roll-up (no curl)"
fi

# --- the review of a stored material stores and reads its fingerprint index on PostgreSQL ---
RM=$(sqlite3 "$D" "SELECT id FROM material WHERE current_version > 0 ORDER BY id LIMIT 1")
"$MJ" --db "$D" review --material "$RM" > "$TMP/rv1.txt" 2>&1
check "pg: review --material $RM (builds and stores the index)" sh -c "'$MJ' --db '$DP' review --material $RM > '$TMP/rv2.txt' 2>&1"
check "pg: review --material $RM again (reads the stored index)" sh -c "'$MJ' --db '$DP' review --material $RM > '$TMP/rv3.txt' 2>&1"
check "pg: review identical to SQLite's" cmp "$TMP/rv1.txt" "$TMP/rv2.txt"
check "pg: review from the stored index identical" cmp "$TMP/rv2.txt" "$TMP/rv3.txt"
