# The roll-up's charts over the web (GET /api/v1/charts/KIND: SVG for
# organizers and administrators, over the teams they may read only) and
# each person's reminders (GET /api/v1/me/reminders), which must be the
# digest `mingjing remind` gives for the same person and day
# (MINGJING_TODAY 2026-11-20).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
build_world
# reminders: memA (5) owns one item overdue and one due in two days; the
# plan of meeting 1 (planned 2026-12-10, sent 10 days before) is due on
# 2026-11-30, told to its secretary secA (3) and head headA (4)
m ledger add --meeting 1 --source self --problem 逾期的问题 --owner 5 --leader 4 --deadline 2026-11-01 >/dev/null
m ledger add --meeting 1 --source self --problem 两天后到期的问题 --owner 5 --deadline 2026-11-22 >/dev/null
# a material of team A whose problems go into the ledger: one area counted
printf '二、存在的问题\n\n（一）在带头学习方面\n\n一是学习不够系统。只参加了两次集中学习。\n' > "$TMP/mat.txt"
m --as 5 material add --meeting 1 --member 5 "$TMP/mat.txt" >/dev/null
m material to-ledger 1 --deadline 2027-03-31 >/dev/null
start_server
login admin admin; login org org1; login org2 org2; login sec secA; login mem memA; login head headA; login staff staff

# --- charts ---
for k in ledger areas trend talks; do
  expect "chart $k as admin -> 200" 200 "$(req admin GET "/api/v1/charts/$k?year=2026")"
  grep -qi '^content-type: image/svg+xml' "$TMP/hdr" && ok "chart $k: image/svg+xml" || notok "chart $k type" "$(grep -i content-type "$TMP/hdr")"
  if command -v xmllint >/dev/null 2>&1; then check "chart $k: well-formed SVG" xmllint --noout "$TMP/body"; fi
  grep -qi "^content-security-policy: default-src 'self'" "$TMP/hdr" && ok "chart $k: CSP header" || notok "chart $k csp" "$(cat "$TMP/hdr")"
  cp "$TMP/body" "$TMP/admin-$k.svg"
done
check "admin ledger chart: both teams" sh -c "grep -q '市水务局领导班子' '$TMP/admin-ledger.svg' && grep -q '区教育局领导班子' '$TMP/admin-ledger.svg'"
check "admin ledger chart: one bar per team (2)" test "$(grep -o 'class="bar"' "$TMP/admin-ledger.svg" | wc -l)" -eq 2
# team A's bar: 4 items, all 待整改 (three added here + one listed from the material)
A=$(grep -A1 '>市水务局领导班子<' "$TMP/admin-ledger.svg" | tail -1 | sed 's/.*>\([0-9.]*\)<\/text>$/\1/')
check "admin ledger chart: team A counts its 4 items ($A)" test "$A" = 4
AREA=$(grep -A1 '>在带头学习方面<' "$TMP/admin-areas.svg" | tail -1 | sed 's/.*>\([0-9.]*\)<\/text>$/\1/')
check "areas chart: the item listed from the material counts under its area ($AREA)" test "$AREA" = 1
check_contains "areas chart: the other items are 未归入对照方面" "未归入对照方面" cat "$TMP/admin-areas.svg"
check_contains "trend chart: the year" "2026年度" cat "$TMP/admin-trend.svg"
check_contains "talks chart: percent" "谈心谈话覆盖率" cat "$TMP/admin-talks.svg"
# an organizer sees only the teams under its organisation
expect "chart ledger as organizer of A -> 200" 200 "$(req org GET "/api/v1/charts/ledger?year=2026")"
grep -q '市水务局领导班子' "$TMP/body" && ! grep -q '区教育局领导班子' "$TMP/body" && ok "organizer's chart: only its own teams" || notok "organizer chart scope" "$(head -c 600 "$TMP/body")"
expect "chart talks as organizer of B -> 200" 200 "$(req org2 GET "/api/v1/charts/talks?year=2026")"
grep -q '区教育局领导班子' "$TMP/body" && ! grep -q '市水务局领导班子' "$TMP/body" && ok "other organizer's chart: only B" || notok "organizer2 chart scope" "$(head -c 600 "$TMP/body")"
expect "areas chart as organizer of B -> 200" 200 "$(req org2 GET "/api/v1/charts/areas?year=2026")"
grep -q '在带头学习方面' "$TMP/body" && notok "organizer of B sees A's areas" "$(head -c 400 "$TMP/body")" || ok "organizer of B: no area of A's notice"
expect "chart without year -> 200 (latest year)" 200 "$(req admin GET /api/v1/charts/ledger)"
expect "unknown chart -> 404" 404 "$(req admin GET /api/v1/charts/pie)"
expect "bad year -> 400" 400 "$(req admin GET "/api/v1/charts/ledger?year=20x6")"
expect "year out of range -> 400" 400 "$(req admin GET "/api/v1/charts/ledger?year=1999")"
expect "chart as member -> 403" 403 "$(req mem GET /api/v1/charts/ledger)"
expect "chart as secretary -> 403" 403 "$(req sec GET /api/v1/charts/ledger)"
expect "chart not logged in -> 401" 401 "$(req anon GET /api/v1/charts/ledger)"
# the roll-up page shows them as images (no inline script or style: CSP)
expect "p_rollup.js served" 200 "$(req anon GET /static/p_rollup.js)"
check_contains "roll-up page: chart images from the API" '/api/v1/charts/${kind}?year=' cat "$TMP/body"

# --- reminders: the same digest as `mingjing remind` ---
same_digest() { # ROLE PERSON [DAYS]
  q=""; opt=""; [ -n "$3" ] && { q="?days=$3"; opt="--days $3"; }
  expect "reminders of $1 -> 200" 200 "$(req "$1" GET "/api/v1/me/reminders$q")"
  cp "$TMP/body" "$TMP/api-$1.json"
  m --json remind --person "$2" $opt > "$TMP/cli-$1.json"
  api=$(jq -c '.entries' "$TMP/api-$1.json")
  cli=$(jq -c '.people[0].entries // []' "$TMP/cli-$1.json")
  [ "$api" = "$cli" ] && ok "reminders of $1: entries equal the CLI's" || notok "reminders of $1 entries" "api $api cli $cli"
  jq -j '.text' "$TMP/api-$1.json" > "$TMP/api-$1.txt"
  m remind --person "$2" $opt > "$TMP/cli-$1.txt"
  if [ "$(jq '.entries | length' "$TMP/api-$1.json")" -gt 0 ]; then
    cmp -s "$TMP/api-$1.txt" "$TMP/cli-$1.txt" && ok "reminders of $1: text equals the CLI digest" || notok "reminders of $1 text" "$(diff "$TMP/api-$1.txt" "$TMP/cli-$1.txt" | head -5)"
  fi
}
same_digest mem 5
check "member: two items (one overdue, one due)" test "$(jq '.entries | length' "$TMP/api-mem.json")" -eq 2
check "member: the overdue item first" test "$(jq -r '.entries[0].problem' "$TMP/api-mem.json")" = 逾期的问题
check "member: overdue by 19 days" test "$(jq '.entries[0].days_left' "$TMP/api-mem.json")" -eq -19
check "member: items carry their meeting (for the ledger link)" test "$(jq '.entries[0].meeting_id' "$TMP/api-mem.json")" -eq 1
check_contains "member: CLI text names the person" "== 孙副局长（2 项）==" cat "$TMP/api-mem.txt"
same_digest head 4
check "head: leader of the overdue item only (plan not due within 3 days)" test "$(jq -r '[.entries[].what] | join(",")' "$TMP/api-head.json")" = item
same_digest sec 3 15
check "secretary with days=15: the plan due 2026-11-30" test "$(jq -r '.entries[0].what + " " + .entries[0].due' "$TMP/api-sec.json")" = "plan 2026-11-30"
same_digest head 4 15
check "head with days=15: plan and item" test "$(jq '.entries | length' "$TMP/api-head.json")" -eq 2
same_digest org 2
check "organizer: nothing due" test "$(jq '.entries | length' "$TMP/api-org.json")" -eq 0
expect "reminders: bad days -> 400" 400 "$(req mem GET "/api/v1/me/reminders?days=abc")"
expect "reminders: days over 366 -> 400" 400 "$(req mem GET "/api/v1/me/reminders?days=400")"
expect "reminders as staff -> 403" 403 "$(req staff GET /api/v1/me/reminders)"
expect "reminders not logged in -> 401" 401 "$(req anon GET /api/v1/me/reminders)"
# a closed item is no longer told
check "ledger: start and finish the overdue item" sh -c "'$MJ' --db '$DB' ledger start 3 >/dev/null && '$MJ' --db '$DB' ledger finish 3 --note 已完成 >/dev/null"
expect "reminders after finishing the due item" 200 "$(req mem GET /api/v1/me/reminders)"
check "member: the finished item is gone" test "$(jq '[.entries[] | select(.id == 3)] | length' "$TMP/body")" -eq 0
expect "p_home.js served" 200 "$(req anon GET /static/p_home.js)"
check_contains "home page: reminders panel from the API" "get('/me/reminders')" cat "$TMP/body"
stop_server
