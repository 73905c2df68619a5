#!/usr/bin/env bash
# Crash test of the server: `mingjing serve` runs while two drivers make random
# valid changes through the API with curl (opinions, talks, studies, ledger
# items, progress notes, and edits of a meeting's place), and the server is
# killed with SIGKILL at a random moment, KILLS times, then started again.
# After each kill: `audit verify` passes and `PRAGMA integrity_check` is ok.
# At the end: every change whose HTTP call reported success (2xx, with the
# returned id) is in the database with its content, and every meeting edit
# that was acknowledged is there or was overtaken by a later attempted edit.
# The session made by one login before the first start is used throughout:
# sessions live in the database and survive the kills.
# Usage: crashtest_serve.sh [KILLS] (default 200). Prints ok/not ok lines and a summary.
set -u
KILLS=${1:-200}
MJ=${MINGJING:-./build/mingjing}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v curl >/dev/null 2>&1 || { echo "skip - curl not installed: server crash test"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skip - sqlite3 not installed: server crash test"; exit 0; }
TMP=$(mktemp -d)
SRV=""
cleanup() {
  [ -n "$SRV" ] && kill -9 "$SRV" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
cp "$MJ" "$TMP/mingjing" && MJ=$TMP/mingjing   # immune to a rebuild during the run
DB=$TMP/crash.db
export MINGJING_TODAY=2026-11-20
m() { "$MJ" --db "$DB" "$@"; }
m org add --name 组织部 --kind superior >/dev/null
m org add --name 单位 --kind unit --parent-id 1 >/dev/null
for p in 甲 乙 丙 丁; do m person add --name $p --org-id 2 --role member >/dev/null; done
m person add --name 管理员 --org-id 1 --role admin --login admin >/dev/null
m user passwd admin --password crash-test-2026 >/dev/null
m team add --name 班子 --kind leadership --org 2 --superior-org-id 1 --head-id 1 >/dev/null
for i in 1 2 3 4; do m member add --team 1 --person $i >/dev/null; done
m meeting add --team 1 --kind dlm --year 2026 >/dev/null   # 1: the changes go here
m meeting add --team 1 --kind olm --year 2026 >/dev/null   # 2: driver 1 edits its place
m meeting add --team 1 --kind dlm --year 2025 >/dev/null   # 3: driver 2 edits its place
m ledger add --meeting 1 --source self --problem 种子条目 --owner 2 --deadline 2026-12-31 >/dev/null

start_server() {
  : >"$TMP/serve.out"
  "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 --quiet >"$TMP/serve.out" 2>"$TMP/serve.err" &
  SRV=$!
  if u=$(sh "$ROOT/scripts/serve-url.sh" "$TMP/serve.out" "$SRV"); then PORT=${u##*:}; return 0; fi
  echo "not ok - the server did not start: $(cat "$TMP/serve.err")"
  exit 1
}

start_server
body=$(curl -s -c "$TMP/jar" -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"crash-test-2026"}' "http://127.0.0.1:$PORT/api/v1/login")
CSRF=$(printf '%s' "$body" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
COOKIE=$(awk '$6 == "mj_session" {print $7}' "$TMP/jar")
[ -n "$CSRF" ] && [ -n "$COOKIE" ] || { echo "not ok - login failed: $body"; exit 1; }

# One driver: random valid changes; an acknowledgement is logged only after
# curl returned 2xx with the expected answer, so ack.D is a lower bound of
# what must be in the database. Meeting edits are logged before the call
# (try.D) too: an edit in flight at the kill may or may not have been applied.
driver() {
  local k=$1 d=$2 port=$3 i=0 url=http://127.0.0.1:$3 out code id mk
  local own=$((d + 1))   # the meeting whose place this driver edits
  while :; do
    i=$((i + 1))
    mk="k$k-d$d-i$i"
    out=$TMP/resp.$d
    case $((RANDOM % 6)) in
      0) code=$(post /api/v1/records/opinion "{\"meeting_id\":1,\"channel\":\"form\",\"text\":\"$mk 意见\"}")
         [ "$code" = 201 ] && id=$(sed -n 's/^{"id":\([0-9]*\)}$/\1/p' "$out") && [ -n "$id" ] &&
           echo "opinion $id $mk 意见" >>"$TMP/ack.$d" ;;
      1) a=$((RANDOM % 4 + 1)); b=$(( (a % 4) + 1 ))
         code=$(post /api/v1/records/talk "{\"meeting_id\":1,\"a_id\":$a,\"b_id\":$b,\"date\":\"2026-11-0$((RANDOM % 9 + 1))\",\"notes\":\"$mk\"}")
         [ "$code" = 201 ] && id=$(sed -n 's/^{"id":\([0-9]*\)}$/\1/p' "$out") && [ -n "$id" ] &&
           echo "talk $id $mk" >>"$TMP/ack.$d" ;;
      2) code=$(post /api/v1/records/study "{\"meeting_id\":1,\"date\":\"2026-11-10\",\"topic\":\"$mk\"}")
         [ "$code" = 201 ] && id=$(sed -n 's/^{"id":\([0-9]*\)}$/\1/p' "$out") && [ -n "$id" ] &&
           echo "study $id $mk" >>"$TMP/ack.$d" ;;
      3) code=$(post /api/v1/records/item "{\"meeting_id\":1,\"source\":\"self\",\"problem\":\"$mk\",\"owner_id\":2,\"deadline\":\"2026-12-31\"}")
         [ "$code" = 201 ] && id=$(sed -n 's/^{"id":\([0-9]*\)}$/\1/p' "$out") && [ -n "$id" ] &&
           echo "item $id $mk" >>"$TMP/ack.$d" ;;
      4) code=$(post /api/v1/items/1/notes "{\"kind\":\"progress\",\"text\":\"$mk 进展\"}")
         [ "$code" = 201 ] && grep -q "\"text\":\"$mk 进展\"" "$out" &&
           echo "note 1 $mk 进展" >>"$TMP/ack.$d" ;;
      5) echo "$((k * 100000 + i)) $mk" >>"$TMP/try.$d"
         code=$(curl -s -o "$out" -w '%{http_code}' --max-time 5 -X PATCH -b "mj_session=$COOKIE" \
           -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
           -d "{\"place\":\"$mk\"}" "$url/api/v1/records/meeting/$own")
         [ "$code" = 200 ] && grep -q "\"place\":\"$mk\"" "$out" &&
           echo "$((k * 100000 + i)) $mk" >>"$TMP/ackplace.$d" ;;
    esac
  done
}
post() {
  curl -s -o "$out" -w '%{http_code}' --max-time 5 -b "mj_session=$COOKIE" -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$port$1"
}
export -f driver post
export TMP COOKIE CSRF

fails=0
for k in $(seq 1 "$KILLS"); do
  [ "$k" -gt 1 ] && start_server
  setsid bash -c "driver $k 1 $PORT" &
  d1=$!
  setsid bash -c "driver $k 2 $PORT" &
  d2=$!
  sleep "0.$(printf "%03d" $((RANDOM % 800 + 100)))"
  kill -9 "$SRV"
  wait "$SRV" 2>/dev/null
  SRV=""
  kill -9 -- -"$d1" -"$d2" 2>/dev/null
  wait "$d1" "$d2" 2>/dev/null
  if ! out=$("$MJ" --db "$DB" audit verify 2>&1); then
    echo "not ok - kill $k: audit verify: $out"; fails=$((fails + 1)); continue
  fi
  ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
  [ "$ic" = ok ] || { echo "not ok - kill $k: integrity_check: $ic"; fails=$((fails + 1)); }
done

# Every acknowledged change is there, with the id the server returned.
cat "$TMP"/ack.* 2>/dev/null >"$TMP/ack" || : >"$TMP/ack"
checked=$(wc -l <"$TMP/ack")
{
  echo "CREATE TEMP TABLE ack(kind TEXT, id INTEGER, text TEXT);"
  while read -r kind id text; do
    echo "INSERT INTO ack VALUES ('$kind', $id, '$text');"
  done <"$TMP/ack"
  echo "SELECT kind || ' ' || id || ' ' || text FROM ack a WHERE NOT CASE kind
    WHEN 'opinion' THEN EXISTS (SELECT 1 FROM opinion WHERE id = a.id AND text = a.text)
    WHEN 'talk' THEN EXISTS (SELECT 1 FROM talk WHERE id = a.id AND notes = a.text)
    WHEN 'study' THEN EXISTS (SELECT 1 FROM study WHERE id = a.id AND topic = a.text)
    WHEN 'item' THEN EXISTS (SELECT 1 FROM item WHERE id = a.id AND problem = a.text)
    WHEN 'note' THEN EXISTS (SELECT 1 FROM item_note WHERE item_id = a.id AND text = a.text)
    ELSE 0 END;"
} >"$TMP/check.sql"
sqlite3 "$DB" <"$TMP/check.sql" >"$TMP/missing"
missing=$(wc -l <"$TMP/missing")
[ "$missing" = 0 ] || sed 's/^/not ok - acknowledged change missing: /' "$TMP/missing" | head -20

# Meeting edits: the place is the last acknowledged one, or a later attempt.
places=0
for d in 1 2; do
  [ -s "$TMP/ackplace.$d" ] || continue
  places=$((places + $(wc -l <"$TMP/ackplace.$d")))
  last=$(tail -1 "$TMP/ackplace.$d" | cut -d' ' -f1)
  cur=$(sqlite3 "$DB" "SELECT place FROM meeting WHERE id = $((d + 1))")
  seq=$(awk -v p="$cur" '$2 == p {print $1}' "$TMP/try.$d" 2>/dev/null)
  if [ -n "$seq" ] && [ "$seq" -ge "$last" ]; then :; else
    echo "not ok - meeting $((d + 1)): place '$cur' is older than the last acknowledged edit ($(tail -1 "$TMP/ackplace.$d"))"
    missing=$((missing + 1))
  fi
done
rows=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
if [ $fails -eq 0 ]; then echo "ok - $KILLS SIGKILLs of the server survived: audit verify and integrity_check passed after each"; fi
if [ $missing -eq 0 ]; then echo "ok - all $checked acknowledged API changes present with their ids, and $places acknowledged edits kept ($rows audit entries)"; fi
[ "$checked" -gt 0 ] || { echo "not ok - no change was acknowledged: the drivers did not reach the server"; fails=$((fails + 1)); }
echo "crashtest_serve: kills=$KILLS acknowledged=$checked edits=$places missing=$missing failed_checks=$fails audit_entries=$rows"
[ $fails -eq 0 ] && [ $missing -eq 0 ]
