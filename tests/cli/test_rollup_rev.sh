# The web roll-up's lines kept per meeting revision (meeting_rev, schema.c;
# mj_web_rollup, web_store.c). Three servers on one database: server 1 keeps
# lines, server 2 computes every line afresh (MINGJING_ROLLUP_FRESH=1),
# server 3 keeps lines too and takes writes over the API. After each kind of
# write (through the command line, i.e. another process, or server 3) the
# roll-up of server 1, asked for before the write as well, must equal server
# 2's byte for byte; where the write shows in the roll-up, it must also
# differ from the roll-up before it (so a missing revision bump fails).
# The day is moved under the running servers too (kept lines serve later
# days: the colours are decided when answering), and the revisions a notice
# or an org write raises are checked to be only those it must.
# Last, with one trigger dropped behind the program's back, a new talk must
# leave server 1's roll-up stale: the lines really are kept, and the
# comparison sees it (and MJ_RR_DROP drops any one trigger from the start:
# some check must fail then). Either backend: MJ_BACKEND=pg (test_pg.sh runs it so).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
trap 'stop_servers; rm -rf "$TMP"' EXIT
T="rollup rev${MJ_BACKEND:+ ($MJ_BACKEND)}"
DB=$(db_new rr) || { notok "$T: create the database"; exit 1; }
if [ "${MJ_BACKEND:-sqlite}" = pg ]; then
  q() { "$MJ_PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
else
  q() { sqlite3 "$DB" "$1"; }
fi
m demo >/dev/null 2>&1 || { notok "$T: demo data"; exit 1; }
m user passwd zhangxukai --password $PW >/dev/null
# MJ_RR_DROP="TRIGGER[ ON TABLE]": runs the whole suite with that trigger
# dropped, to see that some check then fails (not part of the normal run)
[ -n "${MJ_RR_DROP:-}" ] && q "DROP TRIGGER $MJ_RR_DROP"
# the day is read from a file at every call (util/date.c), so the running
# servers can be moved to another day
echo 2026-11-20 > "$TMP/today"
export MINGJING_TODAY="@$TMP/today"
start_server_at 1
export MINGJING_ROLLUP_FRESH=1
start_server_at 2
unset MINGJING_ROLLUP_FRESH
start_server_at 3
for k in 1 2 3; do at $k; login s$k zhangxukai || { notok "$T: log in on server $k"; exit 1; }; done

# rollup K FILE [YEAR]: server K's roll-up of YEAR (2026) into FILE
rollup() { at "$1"; req s"$1" GET "/api/v1/rollup?year=${3:-2026}" >/dev/null; cp "$TMP/body" "$2"; }
# same NAME [changed|unchanged]: server 1 (asked before the write too) equals
# server 2 (fresh); "changed": the write shows in the roll-up
same() {
  rollup 1 "$TMP/after"; rollup 2 "$TMP/fresh"
  if ! cmp -s "$TMP/after" "$TMP/fresh"; then
    notok "$T: $1: kept lines equal a fresh roll-up" "$(diff "$TMP/after" "$TMP/fresh" | head -c 400)"
  elif [ "${2:-}" = changed ] && cmp -s "$TMP/before" "$TMP/fresh"; then
    notok "$T: $1: the write shows in the roll-up" "roll-up unchanged"
  elif [ "${2:-}" = unchanged ] && ! cmp -s "$TMP/before" "$TMP/fresh"; then
    notok "$T: $1: the roll-up is unchanged" "$(diff "$TMP/before" "$TMP/fresh" | head -c 400)"
  else
    ok "$T: $1: roll-up equals a fresh one${2:+ ($2)}"
  fi
}
# warm: server 1 computes (and keeps) every line, as the write's "before"
warm() { rollup 1 "$TMP/before"; rollup 3 "$TMP/before3"; }

warm; same "no write" unchanged
grep -q '"ledger_by_color"' "$TMP/fresh" && grep -q '"talk_percent"' "$TMP/fresh" ||
  notok "$T: the roll-up has lines" "$(head -c 300 "$TMP/fresh")"
M26=$(q "SELECT id FROM meeting WHERE team_id = 1 AND year = 2026")
M25=$(q "SELECT id FROM meeting WHERE team_id = 1 AND year = 2025")
M26B=$(q "SELECT id FROM meeting WHERE team_id = 2 AND year = 2026")
P1=$(q "SELECT person_id FROM member WHERE team_id = 1 ORDER BY ord, id LIMIT 1")
P2=$(q "SELECT person_id FROM member WHERE team_id = 1 ORDER BY ord, id LIMIT 1 OFFSET 1")
[ -n "$M26" ] && [ -n "$M25" ] && [ -n "$M26B" ] && [ -n "$P1" ] && [ -n "$P2" ] ||
  { notok "$T: demo ids" "$M26 $M25 $M26B $P1 $P2"; exit 1; }

# --- the ledger ---
warm; I=$(m ledger add --meeting "$M26" --source self --problem 新问题 --owner "$P1" --deadline 2027-03-01 | id_of)
same "item added (command line)" changed
warm; m ledger update "$I" --deadline 2026-11-01 >/dev/null
same "item edited: overdue now" changed
warm; m ledger update "$I" --deadline 2026-11-22 >/dev/null
same "item edited: due within warn_days" changed
m ledger start "$I" >/dev/null
warm; m ledger finish "$I" --note 已整改 >/dev/null
same "item finished" changed
SUP=$(q "SELECT p.id FROM person p JOIN team t ON t.superior_org_id = p.org_id WHERE t.id = 1 AND p.role = 'organizer' ORDER BY p.id LIMIT 1")
warm; m --as "$SUP" ledger close "$I" --note 已完成 >/dev/null
same "item closed (done and closed show alike)"
warm; m ledger delete "$I" >/dev/null 2>&1 || q "DELETE FROM item_note WHERE item_id = $I; DELETE FROM item WHERE id = $I"
same "item deleted" changed
warm; I25=$(m ledger add --meeting "$M25" --source self --problem 上年度问题 --owner "$P1" --deadline 2026-12-31 | id_of)
same "an earlier year's open item is carried" changed
warm; m ledger update "$I25" --deadline 2026-10-01 >/dev/null
same "an earlier year's item edited" changed
m ledger start "$I25" >/dev/null; m ledger finish "$I25" --note 已整改 >/dev/null
warm; m --as "$SUP" ledger close "$I25" --note 已完成 >/dev/null
same "an earlier year's item closed: no longer carried" changed
# values the program does not write (behind its back): a sent_back of 2 and an
# unknown status (taken as todo), each with a later deadline, counted alike
ODD1=$(m ledger add --meeting "$M26" --source self --problem 怪值一 --owner "$P1" --deadline 2026-12-01 | id_of)
ODD2=$(m ledger add --meeting "$M25" --source self --problem 怪值二 --owner "$P1" --deadline 2026-11-22 | id_of)
warm; q "UPDATE item SET sent_back = 2 WHERE id = $ODD1; UPDATE item SET status = 'reopened' WHERE id = $ODD2"
same "odd sent_back and status (SQL)" changed
warm; echo 2026-12-02 > "$TMP/today"
same "odd values on a later day" changed
echo 2026-11-20 > "$TMP/today"
q "DELETE FROM item WHERE id IN ($ODD1, $ODD2)"
# --- talks, opinions, materials, members ---
P3=$(q "SELECT person_id FROM member WHERE team_id = 1 ORDER BY ord, id LIMIT 1 OFFSET 2")
warm; q "DELETE FROM talk WHERE meeting_id = $M26"
same "talks deleted (SQL)" changed
warm; m talk add --meeting-id "$M26" --a-id "$P1" --b-id "$P2" --date 2026-11-18 >/dev/null
same "talk added" changed
warm; m talk add --meeting-id "$M26" --a-id "$P1" --b-id "$P3" --date 2026-11-18 >/dev/null
TK=$(q "SELECT max(id) FROM talk")
same "talk added" changed
warm; m talk delete "$TK" >/dev/null
same "talk deleted" changed
warm; m opinion add --meeting "$M26" --channel form --text 一条意见 >/dev/null
same "opinion added" unchanged
MAT=$(q "SELECT id FROM material WHERE meeting_id = $M26 AND kind = 'member' AND state = 'final' ORDER BY id LIMIT 1")
warm; q "UPDATE material SET state = 'draft' WHERE id = $MAT"
same "material state changed (SQL)" changed
printf '一、存在的问题\n（一）学习不够深入。\n' > "$TMP/m.txt"
NP=$(m person add --name 新成员 --org-id 2 --role member | id_of)
warm; m member add --team 1 --person "$NP" --ord 9 >/dev/null
same "member added" changed
warm; m material add --meeting "$M26" --member "$NP" "$TMP/m.txt" >/dev/null
same "material version added" 
warm; q "UPDATE material SET state = 'final' WHERE meeting_id = $M26 AND person_id = $NP"
same "new material final (SQL)" changed
# --- the meeting, the team, the notice, orgs, persons ---
warm; m meeting update "$M25" --year 2024 >/dev/null
same "meeting edited (still earlier)" unchanged
warm; m meeting update "$M25" --year 2027 >/dev/null
same "meeting edited: its open items no longer carried" changed
m meeting update "$M25" --year 2025 >/dev/null
NID=$(q "SELECT notice_id FROM meeting WHERE id = $M26")
IW=$(m ledger add --meeting "$M26B" --source self --problem 临近期限 --owner "$(q "SELECT person_id FROM member WHERE team_id = 2 LIMIT 1")" --deadline 2026-11-27 | id_of)
# revs: every meeting's "id:rev"; raised FILE1 FILE2: the ids whose rev moved
revs() { q "SELECT meeting_id || ':' || rev FROM meeting_rev ORDER BY meeting_id"; }
raised() { sort "$1" >"$1.s"; sort "$2" >"$2.s"; comm -13 "$1.s" "$2.s" | sed 's/:.*//' | sort -n | tr '\n' ' '; }
warm; revs >"$TMP/r0"; m notice update "$NID" --warn-days 10 >/dev/null; revs >"$TMP/r1"
same "notice warn_days changed" changed
[ -z "$(raised "$TMP/r0" "$TMP/r1")" ] && ok "$T: a notice write raises no revision (the window is applied when answering)" ||
  notok "$T: a notice write raised revisions" "$(raised "$TMP/r0" "$TMP/r1")"
# --- the day moves under the running servers (no write) ---
DAYI=$(m ledger add --meeting "$M26" --source self --problem 按日变色 --owner "$P1" --deadline 2026-12-01 | id_of)
warm; echo 2026-11-21 > "$TMP/today"
same "a new day: an item enters the warning window" changed
warm; echo 2026-12-02 > "$TMP/today"
same "days later: the item is overdue" changed
warm; echo 2026-11-19 > "$TMP/today"
same "a day back (lines kept from a later day are not used)" changed
warm; echo 2026-11-20 > "$TMP/today"
same "today again" changed
m ledger delete "$DAYI" >/dev/null 2>&1 || q "DELETE FROM item_note WHERE item_id = $DAYI; DELETE FROM item WHERE id = $DAYI"
warm; m team update 1 --head-id "$P3" >/dev/null
same "team head changed (only which talks count as the head's: same figures)" unchanged
warm; m team update 1 --name 改名后的班子 >/dev/null
same "team renamed" changed
# the talk pairs of an oversee entry (member and the department's head) counted
# as covered first, so that changing either shows in talk_percent
DEPT=$(q "SELECT dept_id FROM oversee WHERE team_id = 1 ORDER BY id LIMIT 1")
OVM=$(q "SELECT person_id FROM oversee WHERE team_id = 1 ORDER BY id LIMIT 1")
m talk add --meeting-id "$M26" --a-id "$OVM" --b-id "$(q "SELECT head_id FROM org WHERE id = $DEPT")" --date 2026-11-18 >/dev/null
warm; revs >"$TMP/r0"; m org update "$DEPT" --head-id "$P3" >/dev/null; revs >"$TMP/r1"
same "a department's head changed (org)" changed
WANT=$(q "SELECT id FROM meeting WHERE team_id IN (SELECT team_id FROM oversee WHERE dept_id = $DEPT) ORDER BY id" | tr '\n' ' ')
[ "$(raised "$TMP/r0" "$TMP/r1")" = "$WANT" ] && ok "$T: a department's head raises the meetings of the teams it oversees, only those" ||
  notok "$T: org head: raised revisions" "raised $(raised "$TMP/r0" "$TMP/r1"), want $WANT"
warm; revs >"$TMP/r0"; m org update "$DEPT" --name 改名后的部门 >/dev/null; revs >"$TMP/r1"
same "org renamed" unchanged
[ -z "$(raised "$TMP/r0" "$TMP/r1")" ] && ok "$T: an org renamed raises no revision" ||
  notok "$T: an org renamed raised revisions" "$(raised "$TMP/r0" "$TMP/r1")"
warm; m person update "$P1" --name 改了名字 >/dev/null
same "person renamed" unchanged
OV=$(q "SELECT id FROM oversee WHERE team_id = 1 ORDER BY id LIMIT 1 OFFSET 1")
m talk add --meeting-id "$M26" --a-id "$(q "SELECT person_id FROM oversee WHERE id = $OV")" \
  --b-id "$(q "SELECT g.head_id FROM oversee o JOIN org g ON g.id = o.dept_id WHERE o.id = $OV")" --date 2026-11-18 >/dev/null
warm; m oversee delete "$OV" >/dev/null
same "oversee deleted" changed
warm; NM=$(m meeting add --team 1 --notice "$NID" --kind dlm --year 2026 --planned-date 2026-12-20 | id_of)
same "meeting added" changed
[ -n "$(q "SELECT rev FROM meeting_rev WHERE meeting_id = $NM")" ] && ok "$T: a new meeting has its revision row" ||
  notok "$T: no revision row for meeting $NM"
warm; m ledger add --meeting "$NM" --source self --problem 专题会问题 --owner "$P1" --deadline 2026-11-10 >/dev/null
same "item of the new meeting" changed
warm; q "DELETE FROM item WHERE meeting_id = $NM"; m meeting delete "$NM" >/dev/null
same "meeting deleted" changed
# --- a write through another server (server 3, which keeps lines too) ---
warm; at 3; st=$(req s3 POST /api/v1/records/item "{\"meeting_id\":$M26,\"source\":\"self\",\"problem\":\"网页新增\",\"owner_id\":$P1}")
expect "$T: item added through server 3" 201 "$st"
same "item added on another server" changed
rollup 3 "$TMP/s3"
cmp -s "$TMP/s3" "$TMP/fresh" && ok "$T: server 3's own kept lines equal a fresh roll-up" ||
  notok "$T: server 3 after its own write" "$(diff "$TMP/s3" "$TMP/fresh" | head -c 300)"
# an earlier year asked too (its lines kept separately)
rollup 1 "$TMP/y1" 2025; rollup 2 "$TMP/y2" 2025
cmp -s "$TMP/y1" "$TMP/y2" && ok "$T: 2025 roll-up equals a fresh one" || notok "$T: 2025 roll-up" "$(diff "$TMP/y1" "$TMP/y2" | head -c 300)"

# --- control: without the talk trigger a new talk leaves the kept line stale ---
if [ "${MJ_BACKEND:-sqlite}" = pg ]; then q "DROP TRIGGER mrev_talk ON talk"; else q "DROP TRIGGER mrev_talk_i"; fi
warm; m talk add --meeting-id "$M26" --a-id "$P2" --b-id "$P3" --date 2026-11-19 >/dev/null
rollup 1 "$TMP/after"; rollup 2 "$TMP/fresh"
if ! cmp -s "$TMP/after" "$TMP/fresh" && cmp -s "$TMP/after" "$TMP/before"; then
  ok "$T: control: with the trigger dropped the kept line goes stale (so the lines are kept and compared)"
else
  notok "$T: control: dropped trigger not noticed" "$(diff "$TMP/after" "$TMP/fresh" | head -c 300)"
fi
