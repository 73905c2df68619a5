#!/bin/sh
# `mingjing demo`: the demo city is complete, consistent, audited, refuses a
# non-empty database, and is byte-for-byte the same on every run.
. "$(dirname "$0")/lib.sh"
export MINGJING_NOW=2026-11-20T08:00:00Z

check "demo into an empty database" "$MJ" --db "$TMP/d.db" demo
check_contains "demo prints a summary and the status hint" "mingjing" \
  "$MJ" --db "$TMP/j.db" demo
check_contains "demo --json prints the counts" '"teams":' "$MJ" --db "$TMP/k.db" --json demo

teams=$("$MJ" --db "$TMP/d.db" --json team list | grep -c '"kind": "leadership"')
if [ "$teams" -ge 12 ]; then ok "at least 12 leadership teams ($teams)"; else notok "at least 12 leadership teams" "got $teams"; fi

bad=""
for id in $("$MJ" --db "$TMP/d.db" --json team list --kind leadership | sed -n 's/^ *"id": \([0-9]*\),*$/\1/p'); do
  n=$("$MJ" --db "$TMP/d.db" --json member list --team-id "$id" | grep -c '"person_id":')
  if [ "$n" -lt 5 ] || [ "$n" -gt 9 ]; then bad="$bad team $id has $n members;"; fi
done
if [ -z "$bad" ]; then ok "every leadership team has 5 to 9 members"; else notok "every leadership team has 5 to 9 members" "$bad"; fi

check_contains "audit verify passes on the demo" "审计校验通过" "$MJ" --db "$TMP/d.db" audit verify

# The story anchors of docs/scenarios.md.
q() { sqlite3 "$TMP/d.db" "$1"; }
if command -v sqlite3 >/dev/null 2>&1; then
  [ "$(q "select count(*) from person where name='王敏' and role='organizer' and login='wangmin'")" = 1 ] \
    && ok "王敏 is an organizer (wangmin)" || notok "王敏 is an organizer (wangmin)"
  [ "$(q "select count(*) from team t join person p on p.id=t.secretary_id where p.name='李强' and t.name like '市发展改革委%'")" = 1 ] \
    && ok "李强 is the secretary of 市发展改革委" || notok "李强 is the secretary of 市发展改革委"
  zh=$(q "select id from person where name='张华'")
  n=$(q "select count(*) from item where owner_id=$zh")
  c=$(q "select count(*) from item where owner_id=$zh and status='closed'")
  [ "$n" = 7 ] && [ "$c" = 5 ] && ok "张华 has 7 items from 2025, 5 closed" || notok "张华 has 7 items from 2025, 5 closed" "got $n / $c"
  n=$(q "select count(*) from opinion o join meeting m on m.id=o.meeting_id join team t on t.id=m.team_id
         where m.year=2026 and t.name='市发展改革委领导班子'")
  [ "$n" = 23 ] && ok "市发展改革委 has 23 opinions" || notok "市发展改革委 has 23 opinions" "got $n"
  missing=$(q "select count(*) from oversee v join org o on o.id=v.dept_id join meeting m on m.team_id=v.team_id and m.year=2026
               where v.person_id=$zh and not exists (select 1 from talk k where k.meeting_id=m.id
                 and ((k.a_id=v.person_id and k.b_id=o.head_id) or (k.b_id=v.person_id and k.a_id=o.head_id)))")
  [ "$missing" = 1 ] && ok "张华 has not talked with one department head" || notok "张华 has not talked with one department head" "got $missing"
  n=$(q "select count(*) from item where status in ('todo','doing') and deadline < '2026-11-20'")
  [ "$n" -ge 3 ] && ok "some ledger items are overdue ($n)" || notok "some ledger items are overdue" "got $n"
  n=$(q "select count(distinct state) from material")
  [ "$n" = 4 ] && ok "materials in all four states" || notok "materials in all four states" "got $n"
  n=$(q "select count(*) from material_version where content is null or text is null or length(text) < 500")
  [ "$n" = 0 ] && ok "every material version has its text" || notok "every material version has its text" "got $n short"
else
  skip "sqlite3 not installed: story checks"
fi

# Deterministic: two fresh databases, identical dumps (but for the review
# corpus's stamp, a random token by design: docs/scale.md).
"$MJ" --db "$TMP/a.db" demo >/dev/null 2>&1
"$MJ" --db "$TMP/b.db" demo >/dev/null 2>&1
dump() { sqlite3 "$1" .dump | grep -v '^INSERT INTO review_stamp '; }
if command -v sqlite3 >/dev/null 2>&1; then
  dump "$TMP/a.db" >"$TMP/a.sql"
  dump "$TMP/b.db" >"$TMP/b.sql"
  if [ -s "$TMP/a.sql" ] && cmp -s "$TMP/a.sql" "$TMP/b.sql"; then ok "two runs give identical databases"
  else notok "two runs give identical databases" "$(diff "$TMP/a.sql" "$TMP/b.sql" | head -5)"; fi

  # Refuses a non-empty database and changes nothing (the stamp included).
  sqlite3 "$TMP/a.db" .dump >"$TMP/a1.sql"
  check_fails "demo refuses a database that has data" "$MJ" --db "$TMP/a.db" demo
  check_contains "the refusal says why" "空数据库" "$MJ" --db "$TMP/a.db" demo
  sqlite3 "$TMP/a.db" .dump >"$TMP/a2.sql"
  if cmp -s "$TMP/a1.sql" "$TMP/a2.sql"; then ok "a refused demo changes nothing"; else notok "a refused demo changes nothing"; fi
else
  skip "sqlite3 not installed: determinism"
fi

check_fails "demo rejects extra arguments" "$MJ" --db "$TMP/e.db" demo extra

# All or nothing: a clash halfway (李强's login already taken) leaves no trace.
"$MJ" --db "$TMP/h.db" person add --name 某人 --role staff --login liqiang >/dev/null 2>&1
check_fails "demo fails when a login it needs is taken" "$MJ" --db "$TMP/h.db" demo
if command -v sqlite3 >/dev/null 2>&1; then
  n=$(sqlite3 "$TMP/h.db" "select (select count(*) from org) || '/' || (select count(*) from person) || '/' || (select count(*) from audit_log)")
  [ "$n" = "0/1/1" ] && ok "a failed demo writes nothing" || notok "a failed demo writes nothing" "orgs/people/audit: $n"
fi
check_contains "audit still verifies after a failed demo" "审计校验通过" "$MJ" --db "$TMP/h.db" audit verify

# --teams N scales the city for load tests: the same units in districts, same
# story shape, still audited and deterministic; out-of-range N is refused.
check_fails "demo --teams 13 is refused (fewer than the city)" "$MJ" --db "$TMP/t13.db" demo --teams 13
check_fails "demo --teams 575 is refused (past the limit)" "$MJ" --db "$TMP/t575.db" demo --teams 575
check_fails "demo --teams abc is refused" "$MJ" --db "$TMP/tabc.db" demo --teams abc
[ ! -s "$TMP/t13.db" ] || [ "$(sqlite3 "$TMP/t13.db" "select count(*) from org" 2>/dev/null)" = 0 ] \
  && ok "a refused --teams writes no organisation" || notok "a refused --teams writes no organisation"
check "demo --teams 30" "$MJ" --db "$TMP/t30.db" demo --teams 30
if command -v sqlite3 >/dev/null 2>&1; then
  n=$(sqlite3 "$TMP/t30.db" "select count(*) from team where kind='leadership'")
  [ "$n" = 30 ] && ok "demo --teams 30 has 30 leadership teams" || notok "demo --teams 30 has 30 leadership teams" "got $n"
  n=$(sqlite3 "$TMP/t30.db" "select count(*) from org where name='城东区财政局' and kind='unit'")
  [ "$n" = 1 ] && ok "district units are named after their district (城东区财政局)" || notok "district units are named after their district" "got $n"
  n=$(sqlite3 "$TMP/t30.db" "select count(*) from meeting where (year=2026 and planned_date > '2027-01-31') or (year=2025 and actual_date > '2026-02-28')")
  [ "$n" = 0 ] && ok "scaled meetings stay inside the notice windows" || notok "scaled meetings stay inside the notice windows" "got $n outside"
  "$MJ" --db "$TMP/t30b.db" demo --teams 30 >/dev/null 2>&1
  dump "$TMP/t30.db" >"$TMP/t30.sql"; dump "$TMP/t30b.db" >"$TMP/t30b.sql"
  cmp -s "$TMP/t30.sql" "$TMP/t30b.sql" && ok "demo --teams 30 is deterministic" || notok "demo --teams 30 is deterministic"
fi
check_contains "audit verify passes on demo --teams 30" "审计校验通过" "$MJ" --db "$TMP/t30.db" audit verify
