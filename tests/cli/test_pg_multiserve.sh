# Several `mingjing serve` processes on ONE PostgreSQL database (the province
# layout of docs/deploy.md). Starts a throwaway cluster (scripts/pg-test.sh),
# starts three servers at once on one new database (each on its own port, 4
# worker threads; the schema must be migrated exactly once), writes the demo
# city into it through the command line, logs in on each server, and checks:
#   (a) two servers updating one record from the same base version: exactly
#       one 200, the other 409, and the row holds the winner's value; the
#       command line refuses a stale update too (exit 5);
#   (c) a change through one server (or the command line) is visible at once
#       through the others: records, lists, meeting status, ledger items,
#       /me, deletes, sessions (guards against a stale cache in the web layer);
#   (b) a storm of concurrent writers (3 servers x MJ_MS_LOOPS curl loops,
#       each MJ_MS_EACH creates, plain updates and versioned updates in turn,
#       beside 2 command-line loops doing the same): every success is stored,
#       every refusal stored nothing, the audit log grew by exactly the
#       number of successes, and `audit verify` passes (one chain).
# Every line is prefixed "pg multiserve: ". Prints one "skip - PostgreSQL
# unavailable: ..." line when no PostgreSQL can be had.
ROOT=${MJ_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "${MJ_TEST_PG:-}" ] || [ -z "${MJ_PG_HOST:-}" ] || [ -z "${MJ_PG_BIN:-}" ]; then
  exec sh "$ROOT/scripts/pg-test.sh" sh "$0"
fi
MJ_BACKEND=pg; . "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/cli/web_lib.sh"
trap 'stop_servers; rm -rf "$TMP"' EXIT
T="pg multiserve"

DB=$(db_new ms) || { notok "$T: create the database"; exit 1; }
# q SQL: one value (or rows, '|'-separated) straight from the database
q() { "$MJ_PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# three servers started at once on an empty database: it is migrated once
for k in 1 2 3; do spawn_server_at $k; done
for k in 1 2 3; do wait_server_at $k; done
[ "$(cat "$TMP/url.1")" != "$(cat "$TMP/url.2")" ] && [ "$(cat "$TMP/url.2")" != "$(cat "$TMP/url.3")" ] &&
  [ "$(cat "$TMP/url.1")" != "$(cat "$TMP/url.3")" ] &&
  ok "$T: three servers started at once on one empty database, three ports" || notok "$T: ports" "$(cat "$TMP"/url.*)"
sv=$(q "SELECT count(*) || ' ' || count(DISTINCT version) || ' ' || max(version) FROM schema_version")
set -- $sv
[ "$1" = "$2" ] && [ "$2" = "$3" ] && [ "$1" -gt 0 ] && ok "$T: the schema migrated exactly once ($3 versions)" ||
  notok "$T: concurrent migration" "rows, distinct, max: $sv"
check "$T: demo city written into PostgreSQL while they run" m demo
for l in zhangxukai liqiang; do m user passwd $l --password $PW >/dev/null; done
MID=$(q "SELECT m.id FROM meeting m JOIN team t ON t.id = m.team_id WHERE t.name = '市发展改革委领导班子' AND m.year = 2026")
OA=$(q "SELECT min(id) FROM org WHERE kind = 'dept'")
OB=$(q "SELECT max(id) FROM org WHERE kind = 'dept'")
IID=$(q "SELECT min(id) FROM item WHERE status <> 'closed'")
ME=$(q "SELECT id FROM person WHERE login = 'zhangxukai'")
[ -n "$MID" ] && [ -n "$OA" ] && [ -n "$OB" ] && [ "$OA" != "$OB" ] && [ -n "$IID" ] && [ -n "$ME" ] ||
  { notok "$T: demo ids" "meeting=$MID orgs=$OA,$OB item=$IID me=$ME"; exit 1; }
for k in 1 2 3; do
  at $k
  check "$T: log in on server $k ($URL)" login s$k zhangxukai
done

# hit K ROLE METHOD PATH BODY OUT: one request to server K; prints the status
# code, the response body goes to OUT (safe to run in parallel).
hit() {
  if [ -n "$5" ]; then
    curl -s -o "$6" -w '%{http_code}' -X "$3" -b "$TMP/$2.jar" -H "X-CSRF-Token: $(cat "$TMP/$2.csrf")" \
      -H 'Content-Type: application/json' --data-binary "$5" "$(cat "$TMP/url.$1")$4"
  else
    curl -s -o "$6" -w '%{http_code}' -X "$3" -b "$TMP/$2.jar" -H "X-CSRF-Token: $(cat "$TMP/$2.csrf")" \
      "$(cat "$TMP/url.$1")$4"
  fi
}
# field NAME FILE: a string or integer field of a compact JSON body
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" "$2" | head -1; }
version() { m --json "$1" show "$2" | sed -n 's/.*"row_version": \([0-9]*\).*/\1/p'; }
# webver K ENTITY ID [FILE]: the "@version" server K's GET answers for the
# record (FILE: where the body goes, distinct for parallel callers)
webver() {
  wf=${4:-$TMP/wv.$1}
  hit "$1" s"$1" GET "/api/v1/records/$2/$3" "" "$wf" >/dev/null && field @version "$wf"
}
seq_of() { q "SELECT coalesce(max(seq), 0) FROM audit_log WHERE entity = '$1' AND entity_id = $2"; }

# --- sessions live in the database: any server answers any session ---
at 2
expect "$T: a session from server 1 works on server 2" 200 "$(req s1 GET /api/v1/me)"
at 1; login x liqiang
at 2; expect "$T: log out on server 2" 204 "$(req x POST /api/v1/logout)"
at 3; expect "$T: that session is gone on server 3" 401 "$(req x GET /api/v1/me)"
at 1; expect "$T: and on server 1 where it began" 401 "$(req x GET /api/v1/me)"

# --- (a) same base version through two servers: one wins, one gets 409 ---
# race ENTITY ID PATH FIELD VERSION VALUE1 VALUE2: PATCH from server 1 and
# server 2 at once with the same base version; checks one 200 + one 409 and
# that servers 3 and the database hold the winner's value.
race_bad=""
race() {
  hit 1 s1 PATCH "$3" "{\"$4\":\"$6\",\"@version\":$5}" "$TMP/r1" >"$TMP/c1" & p1=$!
  hit 2 s2 PATCH "$3" "{\"$4\":\"$7\",\"@version\":$5}" "$TMP/r2" >"$TMP/c2" & p2=$!
  wait $p1; wait $p2
  c="$(cat "$TMP/c1") $(cat "$TMP/c2")"
  case "$c" in
    "200 409") win=$6; lose=$TMP/r2;;
    "409 200") win=$7; lose=$TMP/r1;;
    *) race_bad="$race_bad [$1 $2: codes $c: $(cat "$TMP/r1") $(cat "$TMP/r2")]"; return;;
  esac
  grep -q '"code":"ECONFLICT"' "$lose" && grep -q '记录已被他人修改，请刷新后重试' "$lose" ||
    race_bad="$race_bad [$1 $2: loser body $(cat "$lose")]"
  hit 3 s3 GET "/api/v1/records/$1/$2" "" "$TMP/r3" >/dev/null
  [ "$(field "$4" "$TMP/r3")" = "$win" ] || race_bad="$race_bad [$1 $2: server 3 reads $(cat "$TMP/r3"), winner $win]"
  [ "$(q "SELECT $4 FROM $1 WHERE id = $2")" = "$win" ] || race_bad="$race_bad [$1 $2: stored $(q "SELECT $4 FROM $1 WHERE id = $2"), winner $win]"
}
ROUNDS=${MJ_MS_ROUNDS:-5}
before=$(q "SELECT max(seq) FROM audit_log")
r=1
while [ $r -le $ROUNDS ]; do
  race org "$OA" "/api/v1/records/org/$OA" name "$(webver 3 org "$OA")" "甲服务器改名$r" "乙服务器改名$r"
  r=$((r + 1))
done
[ -z "$race_bad" ] && ok "$T: $ROUNDS races on one org: each exactly one 200 and one 409, the winner's name stored" ||
  notok "$T: org races" "$race_bad"
[ "$(q "SELECT max(seq) FROM audit_log")" = "$((before + ROUNDS))" ] && ok "$T: the races wrote one audit entry each (the 409s none)" ||
  notok "$T: audit entries of the races" "before $before, now $(q "SELECT max(seq) FROM audit_log"), rounds $ROUNDS"
race_bad=""
wv=$(webver 3 item "$IID")
[ -n "$wv" ] && [ "$wv" = "$(seq_of item "$IID")" ] && [ "$(webver 1 org "$OA")" = "$(version org "$OA")" ] &&
  ok "$T: the web's @version is the row's last audit seq, the same the command line shows" ||
  notok "$T: web @version" "item: web '$wv', audit $(seq_of item "$IID"); org: web $(webver 1 org "$OA"), CLI $(version org "$OA")"
race item "$IID" "/api/v1/records/item/$IID" measure "$wv" "甲服务器的整改措施" "乙服务器的整改措施"
[ -z "$race_bad" ] && ok "$T: race on a ledger item (ledger rules path): one 200, one 409" || notok "$T: item race" "$race_bad"
# the command line refuses an update based on a version the web has moved past
v=$(version org "$OA")
at 1; expect "$T: web update moves the version" 200 "$(req s1 PATCH "/api/v1/records/org/$OA" '{"name":"网页改的名字"}')"
out=$(m org update "$OA" --name 命令行改的名字 --expect-version "$v" 2>&1); rc=$?
[ $rc -eq 5 ] && case "$out" in *记录已被他人修改，请刷新后重试*) true;; *) false;; esac &&
  ok "$T: stale command-line update refused (exit 5)" || notok "$T: stale CLI update" "exit $rc: $out"
[ "$(q "SELECT name FROM org WHERE id = $OA")" = 网页改的名字 ] && ok "$T: the refused update changed nothing" ||
  notok "$T: refused CLI update" "$(q "SELECT name FROM org WHERE id = $OA")"
v=$(version org "$OA")
check "$T: command-line update with the current version" m org update "$OA" --name 命令行改的名字 --expect-version "$v"
at 3; expect "$T: a web update based on the old version is then refused" 409 "$(req s3 PATCH "/api/v1/records/org/$OA" "{\"name\":\"又一个名字\",\"@version\":$v}")"

# --- (c) a change through one server is visible at once through the others ---
N=${MJ_MS_VISIBLE:-3}
bad=""
i=1
while [ $i -le $N ]; do
  w=$((i % 3 + 1)); o1=$(((i + 1) % 3 + 1)); o2=$(((i + 2) % 3 + 1))
  # warm the readers first, so a cache (if any) holds the old answers
  for o in $o1 $o2; do
    hit $o s$o GET "/api/v1/records/meeting/$MID" "" "$TMP/v" >/dev/null
    hit $o s$o GET "/api/v1/meetings/$MID/status" "" "$TMP/v" >/dev/null
    hit $o s$o GET "/api/v1/records/opinion?meeting_id=$MID&limit=1" "" "$TMP/v" >/dev/null
    hit $o s$o GET "/api/v1/items/$IID" "" "$TMP/v" >/dev/null
    hit $o s$o GET /api/v1/me "" "$TMP/v" >/dev/null
  done
  place="第${i}会议室（经服务器$w）"
  c=$(hit $w s$w PATCH "/api/v1/records/meeting/$MID" "{\"place\":\"$place\"}" "$TMP/v")
  [ "$c" = 200 ] || bad="$bad [$i: PATCH meeting $c]"
  c=$(hit $w s$w POST /api/v1/records/opinion "{\"meeting_id\":$MID,\"channel\":\"form\",\"text\":\"可见性意见$i\"}" "$TMP/v")
  [ "$c" = 201 ] || bad="$bad [$i: POST opinion $c]"
  oid=$(field id "$TMP/v")
  c=$(hit $w s$w POST "/api/v1/items/$IID/notes" "{\"kind\":\"progress\",\"text\":\"可见性进展$i\"}" "$TMP/v")
  [ "$c" = 201 ] || bad="$bad [$i: POST note $c]"
  c=$(hit $w s$w PATCH "/api/v1/records/person/$ME" "{\"title\":\"职务$i\"}" "$TMP/v")
  [ "$c" = 200 ] || bad="$bad [$i: PATCH person $c]"
  nops=$(q "SELECT count(*) FROM opinion WHERE meeting_id = $MID")
  for o in $o1 $o2; do
    hit $o s$o GET "/api/v1/records/meeting/$MID" "" "$TMP/v" >/dev/null
    [ "$(field place "$TMP/v")" = "$place" ] || bad="$bad [$i: server $o meeting place: $(field place "$TMP/v")]"
    hit $o s$o GET "/api/v1/records/opinion/$oid" "" "$TMP/v" >/dev/null
    grep -q "可见性意见$i" "$TMP/v" || bad="$bad [$i: server $o new opinion: $(head -c 200 "$TMP/v")]"
    hit $o s$o GET "/api/v1/records/opinion?meeting_id=$MID&limit=1" "" "$TMP/v" >/dev/null
    [ "$(field total "$TMP/v")" = "$nops" ] || bad="$bad [$i: server $o opinion list total $(field total "$TMP/v") != $nops]"
    hit $o s$o GET "/api/v1/meetings/$MID/status" "" "$TMP/v" >/dev/null
    grep -q "\"opinions\":{\"total\":$nops," "$TMP/v" || bad="$bad [$i: server $o status: $(grep -o '"opinions":{[^}]*' "$TMP/v" | head -c 80) != $nops]"
    grep -q "\"place\":\"$place\"" "$TMP/v" || bad="$bad [$i: server $o status place]"
    hit $o s$o GET "/api/v1/items/$IID" "" "$TMP/v" >/dev/null
    grep -q "可见性进展$i" "$TMP/v" || bad="$bad [$i: server $o item note missing]"
    hit $o s$o GET /api/v1/me "" "$TMP/v" >/dev/null
    grep -q "\"title\":\"职务$i\"" "$TMP/v" || bad="$bad [$i: server $o /me title: $(field title "$TMP/v")]"
  done
  # delete through another server: gone everywhere at once
  c=$(hit $o1 s$o1 DELETE "/api/v1/records/opinion/$oid" "" "$TMP/v")
  [ "$c" = 204 ] || bad="$bad [$i: DELETE opinion $c]"
  for o in $w $o2; do
    c=$(hit $o s$o GET "/api/v1/records/opinion/$oid" "" "$TMP/v")
    [ "$c" = 404 ] || bad="$bad [$i: server $o deleted opinion answers $c]"
  done
  i=$((i + 1))
done
[ -z "$bad" ] && ok "$T: $N rounds: record, list total, status, item notes, /me and a delete seen at once by the other two servers" ||
  notok "$T: visibility across servers" "$bad"
bad=""
m meeting update "$MID" --place 命令行设定的会场 >/dev/null || bad="CLI update failed"
for k in 1 2 3; do
  hit $k s$k GET "/api/v1/records/meeting/$MID" "" "$TMP/v" >/dev/null
  [ "$(field place "$TMP/v")" = 命令行设定的会场 ] || bad="$bad [server $k: $(field place "$TMP/v")]"
done
[ -z "$bad" ] && ok "$T: a command-line change is seen at once by all three servers" || notok "$T: CLI change visibility" "$bad"
# the roll-up (the organizers' overview, the costliest page): a planned date
# changed through server 1 shows at once in the roll-up of servers 2 and 3
c=$(hit 2 s2 GET "/api/v1/rollup?year=2026" "" "$TMP/v")
if [ "$c" = 200 ]; then
  hit 3 s3 GET "/api/v1/rollup?year=2026" "" "$TMP/v" >/dev/null
  bad=""
  for d in 2026-12-11 2026-12-14; do
    c=$(hit 1 s1 PATCH "/api/v1/records/meeting/$MID" "{\"planned_date\":\"$d\"}" "$TMP/v")
    [ "$c" = 200 ] || bad="$bad [PATCH planned_date $c: $(head -c 200 "$TMP/v")]"
    for k in 2 3; do
      hit $k s$k GET "/api/v1/rollup?year=2026" "" "$TMP/v" >/dev/null
      grep -o "\"meeting_id\":$MID,[^}]*" "$TMP/v" | grep -q "\"planned_date\":\"$d\"" ||
        bad="$bad [server $k roll-up: $(grep -o "\"meeting_id\":$MID,[^}]*" "$TMP/v" | head -c 160)]"
    done
  done
  [ -z "$bad" ] && ok "$T: a planned date changed on server 1 shows at once in the roll-up of servers 2 and 3" ||
    notok "$T: roll-up visibility" "$bad"
else
  skip "$T: the roll-up on PostgreSQL answers $c ($(head -c 160 "$TMP/v")), its visibility is not checked"
fi

# --- (b) the storm: many concurrent writers on three servers and the CLI ---
LOOPS=${MJ_MS_LOOPS:-8}; EACH=${MJ_MS_EACH:-6}
BEFORE=$(q "SELECT max(seq) FROM audit_log")
for k in 1 2 3; do wc -l < "$TMP/serve.$k.log" > "$TMP/logpos.$k"; done
T0=$(date +%s)
# web loop K L: creates (study), plain updates (meeting place), versioned
# updates (org name, version read just before); one line per request:
# KIND CODE TAG [ID]
web_loop() {
  n=0; o="$TMP/storm.w$1.$2"; b="$TMP/sb.$1.$2"
  while [ $n -lt "$EACH" ]; do
    n=$((n + 1)); tag="MS-w$1-$2-$n"
    case $((n % 3)) in
      1) c=$(hit $1 s$1 POST /api/v1/records/study "{\"meeting_id\":$MID,\"date\":\"2026-11-18\",\"topic\":\"$tag\"}" "$b")
         echo "C $c $tag $(field id "$b")";;
      2) c=$(hit $1 s$1 PATCH "/api/v1/records/meeting/$MID" "{\"place\":\"$tag\"}" "$b"); echo "U $c $tag";;
      0) c=$(hit $1 s$1 PATCH "/api/v1/records/org/$OB" "{\"name\":\"$tag\",\"@version\":$(webver $1 org "$OB" "$b.v")}" "$b")
         echo "V $c $tag";;
    esac >>"$o"
    case $c in
      2??) ;;
      409) grep -q '记录已被他人修改' "$b" || { echo "V 409-not-stale $tag" >>"$o"; cp "$b" "$TMP/fail.w$1.$2.$n"; };;
      *) cp "$b" "$TMP/fail.w$1.$2.$n";;
    esac
  done
}
# command-line loop L: opinions (create), place updates, versioned org renames
# (exit 0 = done, 5 = refused as stale)
cli_loop() {
  n=0; o="$TMP/storm.c$1"
  while [ $n -lt "$EACH" ]; do
    n=$((n + 1)); tag="MS-c$1-$n"
    case $((n % 3)) in
      1) m opinion add --meeting "$MID" --channel form --text "$tag" >/dev/null 2>>"$TMP/cli.err"; echo "O $? $tag";;
      2) m meeting update "$MID" --place "$tag" >/dev/null 2>>"$TMP/cli.err"; echo "U $? $tag";;
      0) m org update "$OB" --name "$tag" --expect-version "$(version org "$OB")" >/dev/null 2>"$TMP/cli.e$1"; c=$?
         [ $c = 5 ] && ! grep -q '记录已被他人修改' "$TMP/cli.e$1" && c=5-not-stale
         cat "$TMP/cli.e$1" >>"$TMP/cli.err"; echo "V $c $tag";;
    esac >>"$o"
  done
}
pids=""
for k in 1 2 3; do
  l=1
  while [ $l -le "$LOOPS" ]; do web_loop $k $l & pids="$pids $!"; l=$((l + 1)); done
done
for l in 1 2; do cli_loop $l & pids="$pids $!"; done
for p in $pids; do wait "$p"; done
SECS=$(($(date +%s) - T0))
cat "$TMP"/storm.w* > "$TMP/web.all" 2>/dev/null; cat "$TMP"/storm.c* > "$TMP/cli.all" 2>/dev/null
# successes, by kind
awk '($1=="C" && $2=="201") || ($1=="U" && $2=="200") || ($1=="V" && $2=="200")' "$TMP/web.all" > "$TMP/web.ok"
awk '$2=="0"' "$TMP/cli.all" > "$TMP/cli.ok"
wbad=$(awk '!(($1=="C" && $2=="201") || ($1=="U" && $2=="200") || ($1=="V" && ($2=="200" || $2=="409")))' "$TMP/web.all" | head -5)
cbad=$(awk '!($2=="0" || ($1=="V" && $2=="5"))' "$TMP/cli.all" | head -5)
nweb=$(wc -l < "$TMP/web.all"); nwok=$(wc -l < "$TMP/web.ok"); n409=$(awk '$2=="409"' "$TMP/web.all" | wc -l)
ncli=$(wc -l < "$TMP/cli.all"); ncok=$(wc -l < "$TMP/cli.ok"); n5=$(awk '$2=="5"' "$TMP/cli.all" | wc -l)
echo "# storm: $SECS s, 3 servers x $LOOPS loops x $EACH writes: $nweb requests, $nwok done, $n409 refused (409); CLI: $ncli commands, $ncok done, $n5 refused; load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$wbad" ] && ok "$T: storm: every web write answered 2xx, or 409 for a stale version ($nwok of $nweb done)" ||
  notok "$T: storm: unexpected web answers" "$wbad $(cat "$TMP"/fail.* 2>/dev/null | head -c 400)"
[ -z "$cbad" ] && ok "$T: storm: every command-line write done, or refused as stale ($ncok of $ncli done)" ||
  notok "$T: storm: command-line failures" "$cbad $(sort "$TMP/cli.err" | uniq -c | head -3)"
for kind in C U V; do
  [ "$(awk -v k=$kind '$1==k' "$TMP/web.ok" | wc -l)" -gt 0 ] || notok "$T: storm: no successful web write of kind $kind"
done
[ "$(awk '$1=="O"' "$TMP/cli.ok" | wc -l)" -gt 0 ] || notok "$T: storm: no successful command-line opinion"
# every create stored with the id it was answered with
awk '$1=="C" {print $4 " " $3}' "$TMP/web.ok" | sort > "$TMP/want.c"
q "SELECT id || ' ' || topic FROM study WHERE topic LIKE 'MS-%'" | sort > "$TMP/have.c"
cmp -s "$TMP/want.c" "$TMP/have.c" && ok "$T: storm: all $(wc -l < "$TMP/want.c") created studies stored, ids as answered" ||
  notok "$T: storm: created studies" "$(diff "$TMP/want.c" "$TMP/have.c" | head -5)"
awk '$1=="O" {print $3}' "$TMP/cli.ok" | sort > "$TMP/want.o"
q "SELECT text FROM opinion WHERE text LIKE 'MS-%'" | sort > "$TMP/have.o"
cmp -s "$TMP/want.o" "$TMP/have.o" && ok "$T: storm: all $(wc -l < "$TMP/want.o") command-line opinions stored" ||
  notok "$T: storm: command-line opinions" "$(diff "$TMP/want.o" "$TMP/have.o" | head -5)"
# every successful update is in the audit log exactly once; no refused one is
{ awk '$1=="U" {print $3}' "$TMP/web.ok"; awk '$1=="U" {print $3}' "$TMP/cli.ok"; } | sort > "$TMP/want.u"
q "SELECT content::json->>'place' FROM audit_log WHERE seq > $BEFORE AND entity = 'meeting' AND entity_id = $MID" | sort > "$TMP/have.u"
cmp -s "$TMP/want.u" "$TMP/have.u" && ok "$T: storm: all $(wc -l < "$TMP/want.u") place updates (web and CLI) recorded, none lost" ||
  notok "$T: storm: place updates" "$(diff "$TMP/want.u" "$TMP/have.u" | head -5)"
{ awk '$1=="V" {print $3}' "$TMP/web.ok"; awk '$1=="V" {print $3}' "$TMP/cli.ok"; } | sort > "$TMP/want.v"
q "SELECT content::json->>'name' FROM audit_log WHERE seq > $BEFORE AND entity = 'org' AND entity_id = $OB" | sort > "$TMP/have.v"
cmp -s "$TMP/want.v" "$TMP/have.v" && ok "$T: storm: all $(wc -l < "$TMP/want.v") versioned renames recorded, none of the $((n409 + n5)) refused ones" ||
  notok "$T: storm: versioned renames" "$(diff "$TMP/want.v" "$TMP/have.v" | head -5)"
last=$(q "SELECT content::json->>'place' FROM audit_log WHERE entity = 'meeting' AND entity_id = $MID ORDER BY seq DESC LIMIT 1")
[ "$(q "SELECT place FROM meeting WHERE id = $MID")" = "$last" ] && ok "$T: storm: the row holds the last recorded place" ||
  notok "$T: storm: final place" "row $(q "SELECT place FROM meeting WHERE id = $MID"), last entry $last"
# the audit log: grew by exactly the successes, one unbroken chain
nok=$((nwok + ncok))
grew=$(q "SELECT count(*) || ' ' || (max(seq) - $BEFORE) FROM audit_log WHERE seq > $BEFORE")
[ "$grew" = "$nok $nok" ] && ok "$T: storm: audit log grew by exactly the $nok successful writes" ||
  notok "$T: storm: audit growth" "entries, seq span: $grew; successes $nok"
[ "$(q "SELECT count(*) - count(DISTINCT prev_hash) FROM audit_log")" = 0 ] &&
  [ "$(q "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1 WHERE b.prev_hash <> a.hash")" = 0 ] &&
  ok "$T: storm: no fork (each entry links to the one before, no two share a predecessor)" ||
  notok "$T: storm: the chain forks"
check_contains "$T: audit verify after the storm: one valid chain" "审计校验通过" m audit verify
e5=$(for k in 1 2 3; do tail -n +$(($(cat "$TMP/logpos.$k") + 1)) "$TMP/serve.$k.log"; done | grep ' 5[0-9][0-9]$' | head -3)
[ -z "$e5" ] && ok "$T: storm: no server answered 5xx" || notok "$T: storm: 5xx in the access logs" "$e5"
for k in 1 2 3; do
  expect "$T: server $k still answers" 200 "$(hit $k s$k GET /api/v1/me "" "$TMP/v")"
done
stop_servers
