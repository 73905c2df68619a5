# The status of a whole year (`status --year`, mj_status_overview) is computed
# with a few set-wide queries (status.c, mj_status_many). This test recomputes
# its figures the straightforward way, meeting by meeting in plain SQL, on the
# demo data plus awkward cases added behind the program's back: a second
# notice with a wider warning window and a meeting under it, a second meeting
# of one team in the same year, a team with no members, items with no
# deadline, due today, inside and beyond the window, sent back, and open items
# several years old. Also: every meeting of the overview equals
# `status --meeting N`, and the status keys keep the order they had.
. "$(dirname "$0")/lib.sh"
DB=$TMP/s.db
m() { "$MJ" --db "$DB" "$@"; }
q() { sqlite3 -separator ' ' "$DB" "$1"; }
m demo >/dev/null 2>&1 || { notok "demo data"; exit 0; }

T1=$(q "SELECT team_id FROM meeting WHERE year = 2026 ORDER BY id LIMIT 1")
M1=$(q "SELECT id FROM meeting WHERE year = 2026 ORDER BY id LIMIT 1")
q "INSERT INTO notice (org_id, year, kind, theme, warn_days) VALUES (1, 2026, 'special', '专题', 12);
   INSERT INTO meeting (team_id, notice_id, kind, year, planned_date)
     VALUES ($T1, (SELECT max(id) FROM notice), 'special', 2026, '2026-12-30');
   INSERT INTO org (name, kind) VALUES ('空班子单位', 'unit');
   INSERT INTO team (name, kind, org_id, superior_org_id) VALUES ('空领导班子', 'leadership', (SELECT max(id) FROM org), 1);
   INSERT INTO meeting (team_id, notice_id, kind, year) VALUES ((SELECT max(id) FROM team), NULL, 'dlm', 2026);"
M2=$(q "SELECT max(id) FROM meeting WHERE team_id = $T1")
P1=$(q "SELECT person_id FROM member WHERE team_id = $T1 LIMIT 1")
MOLD=$(q "SELECT id FROM meeting WHERE team_id = $T1 AND year < 2026 ORDER BY year LIMIT 1")
for d in NULL "'2026-11-20'" "'2026-11-21'" "'2026-11-23'" "'2026-11-24'" "'2026-12-01'" "'2026-12-02'" "'2025-01-01'"; do
  for st in todo doing done closed; do
    for sb in 0 1; do
      q "INSERT INTO item (meeting_id, source, problem, owner_id, deadline, status, sent_back)
         VALUES ($M2, 'self', '问题', $P1, $d, '$st', $sb), ($MOLD, 'self', '旧问题', $P1, $d, '$st', $sb)"
    done
  done
done
check "the added items are there" test "$(q "SELECT count(*) FROM item WHERE meeting_id = $M2")" -eq 64

# the figures of every meeting of a year, straight from the tables (warning
# colours as in core/rules.c: red open and overdue, yellow sent back, blue
# open and due within the notice's warn_days, default 3)
expected() {
  q "WITH x AS (SELECT m.id, m.team_id, m.year,
       CASE WHEN n.warn_days IS NULL THEN 3 WHEN n.warn_days < 0 THEN 3 ELSE n.warn_days END AS w
       FROM meeting m LEFT JOIN notice n ON n.id = m.notice_id WHERE m.year = $1),
     l AS (SELECT x.id AS mid, i.status, i.deadline, i.sent_back, CASE WHEN i.meeting_id = x.id THEN 0 ELSE 1 END AS carried,
       CASE WHEN i.status = 'closed' THEN 'none'
            WHEN i.status IN ('todo', 'doing') AND i.deadline < '2026-11-20' THEN 'red'
            WHEN i.sent_back <> 0 THEN 'yellow'
            WHEN i.status IN ('todo', 'doing') AND i.deadline <= date('2026-11-20', '+' || x.w || ' days') THEN 'blue'
            ELSE 'none' END AS color
       FROM x JOIN meeting m2 ON m2.team_id = x.team_id JOIN item i ON i.meeting_id = m2.id
       WHERE i.meeting_id = x.id OR (i.status <> 'closed' AND m2.year < x.year))
     SELECT x.id,
       (SELECT count(*) FROM l WHERE mid = x.id), (SELECT count(*) FROM l WHERE mid = x.id AND carried = 1),
       (SELECT count(*) FROM l WHERE mid = x.id AND color = 'red'), (SELECT count(*) FROM l WHERE mid = x.id AND color = 'yellow'),
       (SELECT count(*) FROM l WHERE mid = x.id AND color = 'blue'),
       (SELECT count(*) FROM l WHERE mid = x.id AND status = 'todo'), (SELECT count(*) FROM l WHERE mid = x.id AND status = 'doing'),
       (SELECT count(*) FROM l WHERE mid = x.id AND status = 'done'), (SELECT count(*) FROM l WHERE mid = x.id AND status = 'closed'),
       (SELECT count(*) FROM opinion WHERE meeting_id = x.id),
       (SELECT count(*) FROM opinion WHERE meeting_id = x.id AND about_id IS NULL),
       (SELECT count(*) FROM attendance WHERE meeting_id = x.id AND should_attend <> 0 AND is_supervisor = 0),
       (SELECT count(*) FROM attendance WHERE meeting_id = x.id AND should_attend <> 0 AND attended <> 0 AND is_supervisor = 0),
       (SELECT count(*) FROM member WHERE team_id = x.team_id),
       (SELECT count(*) FROM member mb JOIN material t ON t.person_id = mb.person_id AND t.meeting_id = x.id
          AND t.kind = 'member' AND t.state = 'final' WHERE mb.team_id = x.team_id)
     FROM x JOIN team t ON t.id = x.team_id ORDER BY t.id, x.id"
}
actual() {
  m --json status --year "$1" | jq -r '.meetings[] | [.meeting.id, .ledger.total, .ledger.carried,
    (.ledger.by_color.red // 0), (.ledger.by_color.yellow // 0), (.ledger.by_color.blue // 0),
    (.ledger.by_status.todo // 0), (.ledger.by_status.doing // 0), (.ledger.by_status.done // 0),
    (.ledger.by_status.closed // 0), .opinions.total, .opinions.about_team, .attendance.should,
    .attendance.attended, (.materials.members | length), (.materials.by_state.final // 0)] | map(tostring) | join(" ")'
}
for y in 2025 2026; do
  expected $y > "$TMP/exp.$y"
  actual $y > "$TMP/act.$y"
  check "status --year $y: $(wc -l < "$TMP/exp.$y") meetings, figures as computed one by one in SQL" \
    diff "$TMP/exp.$y" "$TMP/act.$y"
done
# the text overview is printed from the brief roll-up (mj_status_overview_brief),
# not from the full detail: its figures must be those of --json
for y in 2025 2026; do
  m status --year $y | awk '$1 ~ /^[0-9]+$/ { print $1, $6, $7, $8, $9 }' > "$TMP/txt.$y"
  m --json status --year $y | jq -r '.meetings[] | "\(.meeting.id) \(.opinions.total) \(if .talks.percent < 0 then 0 else .talks.percent end)%" +
    " \(.materials.by_state.final // 0)/\(.materials.members | length)" +
    " \(.ledger.by_color.red // 0)/\(.ledger.by_color.yellow // 0)/\(.ledger.by_color.blue // 0)"' > "$TMP/js.$y"
  check "status --year $y as text: $(wc -l < "$TMP/txt.$y") lines, the figures of --json" cmp "$TMP/js.$y" "$TMP/txt.$y"
done
check "the text overview shows talk coverage and ledger colours" \
  awk '$3 != "0%" { t = 1 } $5 != "0/0/0" { l = 1 } END { exit !(t && l) }' "$TMP/txt.2026"
check "the test data has red, yellow and blue items" \
  awk '$4 > 0 { r = 1 } $5 > 0 { y = 1 } $6 > 0 { b = 1 } END { exit !(r && y && b) }' "$TMP/exp.2026"
# the two meetings of team T1 see the same carried items but with their own
# notice's warning window: the special notice (12 days) has more blue items
check "a wider warning window gives more blue items" \
  test "$(awk -v m="$M2" '$1 == m { print $6 }' "$TMP/act.2026")" -gt 0
check "the meeting of a team without members" grep -q "^$(q "SELECT max(id) FROM meeting") 0 0 " "$TMP/act.2026"

# every meeting of the overview is what status --meeting says of it
m --json status --year 2026 | jq -S -c '.meetings[]' > "$TMP/over"
: > "$TMP/one"
for id in $(q "SELECT m.id FROM meeting m WHERE m.year = 2026 ORDER BY m.team_id, m.id"); do
  m --json status --meeting "$id" | jq -S -c . >> "$TMP/one"
done
check "overview entries equal status --meeting ($(wc -l < "$TMP/one") meetings)" cmp "$TMP/over" "$TMP/one"
# by_status keys come in the order of their first item by (year, id), as before
ORDER=$(q "SELECT i.status FROM item i JOIN meeting m2 ON m2.id = i.meeting_id WHERE m2.team_id = $T1
  AND (i.meeting_id = $M2 OR (i.status <> 'closed' AND m2.year < 2026)) ORDER BY m2.year, i.id" | awk '!s[$0]++' | paste -sd' ')
GOT=$(m --json status --meeting "$M2" | jq -r '.ledger.by_status | keys_unsorted | join(" ")')
check "by_status keys in order of first item ($ORDER)" test "$GOT" = "$ORDER"
check_contains "a missing meeting is refused" "会议编号 999999 不存在" m status --meeting 999999

