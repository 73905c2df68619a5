# End-to-end tests of the web API against the real server: accounts and
# sessions, rate limiting, CSRF, script-injection payloads, body limits,
# UTF-8, path traversal, security headers, and the privacy of anonymous
# opinions (nothing identifying stored or logged).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
build_world
start_server

# --- accounts and sessions ---
check "login as member" login mem memA
req mem GET /api/v1/me >/dev/null
grep -q '"login":"memA"' "$TMP/body" && grep -q '"my_role":"member"' "$TMP/body" && ok "me: user and teams" || notok "me" "$(cat "$TMP/body")"
grep -qi '^set-cookie' "$TMP/hdr" && notok "me sets no cookie" || ok "me sets no cookie"
curl -s -D "$TMP/lh" -o /dev/null -X POST -d "{\"login\":\"secA\",\"password\":\"$PW\"}" "$URL/api/v1/login"
grep -qi '^set-cookie: mj_session=[0-9a-f]\{64\}; HttpOnly; SameSite=Strict; Path=/; Max-Age=' "$TMP/lh" && ok "session cookie HttpOnly SameSite=Strict" || notok "cookie flags" "$(grep -i cookie "$TMP/lh")"
expect "wrong password -> 401" 401 "$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -d '{"login":"memA","password":"wrong-password"}' "$URL/api/v1/login")"
grep -q '"code":"EAUTH"' "$TMP/body" && ok "error JSON carries the code" || notok "error code" "$(cat "$TMP/body")"
expect "unknown login -> 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"login":"nobody","password":"whatever1"}' "$URL/api/v1/login")"
expect "malformed login body -> 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'login=x' "$URL/api/v1/login")"
expect "password: wrong old -> 403" 403 "$(req mem POST /api/v1/password '{"old":"not-it-at-all","new":"another-pass-1"}')"
expect "password: too short -> 400" 400 "$(req mem POST /api/v1/password "{\"old\":\"$PW\",\"new\":\"short\"}")"
expect "password: change -> 200" 200 "$(req mem POST /api/v1/password "{\"old\":\"$PW\",\"new\":\"new-secret-2026\"}")"
check_fails "old password no longer works" login mem2 memA
check "new password works" login mem2 memA new-secret-2026
expect "session survives own password change" 200 "$(req mem GET /api/v1/me)"
expect "logout -> 204" 204 "$(req mem POST /api/v1/logout)"
grep -qi '^set-cookie: mj_session=;.*Max-Age=0' "$TMP/hdr" && ok "logout clears the cookie" || notok "logout cookie" "$(cat "$TMP/hdr")"
expect "after logout me -> 401" 401 "$(req mem GET /api/v1/me)"
check "CLI rejects a short password" sh -c "! '$MJ' --db '$DB' user passwd memA --password abc"
check "CLI reads the password from stdin" sh -c "echo 'stdin-pass-99' | '$MJ' --db '$DB' user passwd memB2"

# --- rate limiting: 5 failures per login in 15 minutes, then 429 even for the right password ---
for i in 1 2 3 4 5; do curl -s -o /dev/null -X POST -d '{"login":"headA","password":"bad-guess-x"}' "$URL/api/v1/login"; done
expect "6th login attempt -> 429" 429 "$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -d "{\"login\":\"headA\",\"password\":\"$PW\"}" "$URL/api/v1/login")"
grep -q '"code":"ERATE"' "$TMP/body" && ok "429 body names ERATE" || notok "rate body" "$(cat "$TMP/body")"
check "other logins unaffected" login sec secA

# --- CSRF ---
T='{"meeting_id":1,"a_id":4,"b_id":5,"date":"2026-11-10"}'
expect "POST without CSRF token -> 403" 403 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/sec.jar" -X POST -d "$T" "$URL/api/v1/records/talk")"
grep -q '"code":"ECSRF"' "$TMP/body" && ok "CSRF error code" || notok "csrf code" "$(cat "$TMP/body")"
expect "POST with wrong CSRF token -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(printf '%064d' 0)" -X POST -d "$T" "$URL/api/v1/records/talk")"
expect "DELETE without CSRF -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -X DELETE "$URL/api/v1/records/talk/1")"
expect "PATCH without CSRF -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -X PATCH -d '{"place":"x"}' "$URL/api/v1/records/meeting/1")"
expect "POST with the CSRF token -> 201" 201 "$(req sec POST /api/v1/records/talk "$T")"
expect "another session's CSRF token -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(cat "$TMP/mem2.csrf")" -X POST -d "$T" "$URL/api/v1/records/talk")"

# --- generic records ---
expect "create study -> 201" 201 "$(req sec POST /api/v1/records/study '{"meeting_id":1,"date":"2026-11-02","topic":"专题学习"}')"
SID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/body")
expect "get study" 200 "$(req sec GET /api/v1/records/study/$SID)"
expect "patch study" 200 "$(req sec PATCH /api/v1/records/study/$SID '{"topic":"改后的主题","attendees":null}')"
grep -q '"topic":"改后的主题"' "$TMP/body" && ok "patch returns the row" || notok "patch row" "$(cat "$TMP/body")"

# --- optimistic versions: "@version" is the seq of the row's last audit entry ---
ver_of() { sed -n 's/.*"@version":\([0-9]*\).*/\1/p' "$TMP/body"; }
expect "get study again" 200 "$(req sec GET /api/v1/records/study/$SID)"
V1=$(ver_of)
AV=$(sqlite3 "$DB" "SELECT max(seq) FROM audit_log WHERE entity = 'study' AND entity_id = $SID")
[ -n "$V1" ] && [ "$V1" = "$AV" ] && ok "GET gives @version = the row's last audit seq ($V1)" || notok "GET @version" "got '$V1', audit '$AV': $(cat "$TMP/body")"
req sec GET "/api/v1/records/study?id=$SID" >/dev/null
[ "$(ver_of)" = "$V1" ] && ok "list rows carry the same @version" || notok "list @version" "$(head -c 300 "$TMP/body")"
expect "PATCH with the current @version -> 200" 200 "$(req sec PATCH /api/v1/records/study/$SID "{\"topic\":\"按版本改\",\"@version\":$V1}")"
V2=$(ver_of)
[ -n "$V2" ] && [ "$V2" -gt "$V1" ] && grep -q '"topic":"按版本改"' "$TMP/body" && ok "the answer carries the new row and a later @version ($V1 -> $V2)" || notok "version advances" "$(cat "$TMP/body")"
expect "@version given as a string works too" 200 "$(req sec PATCH /api/v1/records/study/$SID "{\"topic\":\"按版本改\",\"@version\":\"$V2\"}")"
V3=$(ver_of)
n_audit=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
expect "PATCH with the old @version -> 409" 409 "$(req sec PATCH /api/v1/records/study/$SID "{\"topic\":\"过时的修改\",\"@version\":$V1}")"
grep -q '"code":"ECONFLICT"' "$TMP/body" && grep -q '已被他人修改' "$TMP/body" && ok "409 names ECONFLICT and says the record changed" || notok "409 body" "$(cat "$TMP/body")"
[ "$(sqlite3 "$DB" "SELECT topic FROM study WHERE id = $SID")" = "按版本改" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")" = "$n_audit" ] &&
  ok "stale PATCH changed nothing (row and audit log)" || notok "stale PATCH changed something"
expect "bad @version -> 400" 400 "$(req sec PATCH /api/v1/records/study/$SID '{"topic":"x","@version":"abc"}')"
expect "@version on create -> 400" 400 "$(req sec POST /api/v1/records/study '{"meeting_id":1,"date":"2026-11-02","topic":"y","@version":1}')"
expect "PATCH without @version still works (last writer wins)" 200 "$(req sec PATCH /api/v1/records/study/$SID '{"topic":"不带版本"}')"
[ "$(ver_of)" -gt "$V3" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'study' AND entity_id = $SID AND (content LIKE '%按版本改%' OR content LIKE '%不带版本%')")" -ge 2 ] &&
  ok "unversioned write: new version, the audit log keeps both writes" || notok "unversioned write" "$(cat "$TMP/body")"
expect "ledger item GET has @version" 200 "$(req sec GET /api/v1/records/item/1)"
IV=$(ver_of)
[ -n "$IV" ] && ok "item @version $IV" || notok "item @version" "$(cat "$TMP/body")"
expect "meeting status" 200 "$(req sec GET /api/v1/meetings/1/status)"
MV=$(sed -n 's/.*"meeting":{[^}]*"@version":\([0-9]*\).*/\1/p' "$TMP/body")
[ -n "$MV" ] && [ "$MV" = "$(sqlite3 "$DB" "SELECT max(seq) FROM audit_log WHERE entity = 'meeting' AND entity_id = 1")" ] &&
  ok "the meeting status carries the meeting's @version (the UI's meeting forms)" || notok "status @version" "$(head -c 400 "$TMP/body")"

# --- a write that times out on the database lock: 503 + Retry-After, nothing changed ---
(printf 'BEGIN IMMEDIATE;\n'; sleep 8; printf 'ROLLBACK;\n') | sqlite3 "$DB" & LOCKER=$!
sleep 1
expect "write while the database is locked -> 503" 503 "$(req sec PATCH /api/v1/records/study/$SID '{"topic":"锁住时的修改"}')"
grep -q '"code":"EBUSY"' "$TMP/body" && grep -q '数据库正忙' "$TMP/body" && ok "503 names EBUSY" || notok "503 body" "$(cat "$TMP/body")"
grep -qi '^retry-after: 1' "$TMP/hdr" && ok "503 carries Retry-After" || notok "Retry-After" "$(cat "$TMP/hdr")"
wait "$LOCKER"
[ "$(sqlite3 "$DB" "SELECT topic FROM study WHERE id = $SID")" = "不带版本" ] && ok "busy write changed nothing" || notok "busy write stored"
expect "after the lock the same write succeeds" 200 "$(req sec PATCH /api/v1/records/study/$SID '{"topic":"锁住时的修改"}')"
expect "numbers and booleans accepted" 201 "$(req sec POST /api/v1/records/attendance '{"meeting_id":1,"person_id":4,"should_attend":true,"attended":1}')"
expect "invalid date -> 400" 400 "$(req sec POST /api/v1/records/study '{"meeting_id":1,"date":"2026-02-30","topic":"x"}')"
expect "unknown entity -> 404" 404 "$(req sec GET /api/v1/records/nosuch)"
expect "unknown id -> 404" 404 "$(req sec GET /api/v1/records/study/999)"
expect "object value -> 400" 400 "$(req sec POST /api/v1/records/study '{"meeting_id":1,"date":"2026-11-02","topic":{"a":1}}')"
login admin2 admin
expect "internal field refused -> 400" 400 "$(req admin2 PATCH /api/v1/records/person/5 '{"password_hash":"x"}')"
expect "list limit over 500 -> 400" 400 "$(req sec GET '/api/v1/records/study?limit=501')"
expect "list with paging" 200 "$(req sec GET '/api/v1/records/study?meeting_id=1&limit=1&offset=0')"
grep -q '"limit":1' "$TMP/body" && grep -q '"total":1' "$TMP/body" && ok "list returns total/limit/offset" || notok "list shape" "$(cat "$TMP/body")"
expect "unknown filter -> 400" 400 "$(req sec GET '/api/v1/records/study?colour=red')"
expect "delete study -> 204" 204 "$(req sec DELETE /api/v1/records/study/$SID)"
expect "wrong method -> 405" 405 "$(req sec PUT /api/v1/records/study/1)"
expect "unknown api path -> 404" 404 "$(req sec GET /api/v1/nothing)"

# --- the cycle ---
expect "meeting status" 200 "$(req sec GET /api/v1/meetings/1/status)"
grep -q '"talks"' "$TMP/body" && grep -q '"ledger"' "$TMP/body" && ok "status has talks and ledger" || notok "status body" "$(head -c 300 "$TMP/body")"
expect "ledger with filters" 200 "$(req sec GET '/api/v1/meetings/1/ledger?status=todo&color=none')"
grep -q '甲班子问题' "$TMP/body" && ok "ledger lists the item" || notok "ledger body" "$(cat "$TMP/body")"
# the ledger page is cached per server connection (4 here): every answer must
# follow a change made by another process (the CLI) and one made over the web
# (another connection), and the cache never skips the permission check
ledger_all_have() {
  n=0
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
    [ "$(req sec GET /api/v1/meetings/1/ledger)" = 200 ] && grep -q "$1" "$TMP/body" && n=$((n + 1))
  done
  [ $n = 12 ]
}
ledger_all_have 甲班子问题 && ok "ledger page served repeatedly" || notok "ledger repeated" "$(cat "$TMP/body")"
m ledger update 1 --measure 命令行修改的措施 >/dev/null
ledger_all_have 命令行修改的措施 && ok "ledger page follows a change by another process" || notok "stale ledger after CLI change" "$(cat "$TMP/body")"
expect "measure changed over the web" 200 "$(req sec PATCH /api/v1/records/item/1 '{"measure":"网页修改的措施"}')"
ledger_all_have 网页修改的措施 && ok "ledger page follows a change over the web" || notok "stale ledger after web change" "$(cat "$TMP/body")"
login memB memB
expect "cached ledger page still refused to another team" 403 "$(req memB GET /api/v1/meetings/1/ledger)"
login memA memA new-secret-2026
expect "owner starts item" 200 "$(req memA POST /api/v1/items/1/actions/start '{}')"
grep -q '"status":"doing"' "$TMP/body" && ok "action returns the item" || notok "action body" "$(cat "$TMP/body")"
expect "finish needs a note -> 400" 400 "$(req memA POST /api/v1/items/1/actions/finish '{}')"
expect "finish with note" 200 "$(req memA POST /api/v1/items/1/actions/finish '{"note":"已完成整改"}')"
login org org1
expect "organizer sends back" 200 "$(req org POST /api/v1/items/1/actions/send_back '{"note":"佐证不足"}')"
expect "unknown action -> 404" 404 "$(req org POST /api/v1/items/1/actions/explode '{}')"
expect "forbidden transition -> 409" 409 "$(req memA POST /api/v1/items/1/actions/start '{}')"
expect "item note" 201 "$(req memA POST /api/v1/items/1/notes '{"kind":"evidence","text":"会议纪要"}')"
expect "item with notes" 200 "$(req memA GET /api/v1/items/1)"
grep -q '"notes":\[' "$TMP/body" && grep -q '会议纪要' "$TMP/body" && ok "item returns its notes" || notok "item notes" "$(cat "$TMP/body")"
m meeting update 1 --actual-date 2026-11-15 --report-sent-on 2026-11-18 --status reported >/dev/null
expect "rollup" 200 "$(req org GET '/api/v1/rollup?year=2026')"
grep -q '"team_name":"市水务局领导班子"' "$TMP/body" && ! grep -q '区教育局' "$TMP/body" && ok "rollup: only the organizer's teams" || notok "rollup teams" "$(cat "$TMP/body")"
login org2 org2
m team add --name 区第二班子 --kind leadership --org 5 --superior-org-id 4 >/dev/null
m meeting add --team 2 --kind olm --year 2025 >/dev/null
m meeting update 2 --actual-date 2026-11-01 --report-sent-on 2026-11-10 >/dev/null
req org2 GET '/api/v1/rollup?year=2026' >/dev/null
first=$(sed -n 's/.*"teams":\[{"team_id":\([0-9]*\).*/\1/p' "$TMP/body")
[ "$first" = 3 ] && ok "rollup: teams without a report first" || notok "rollup order" "$(cat "$TMP/body")"
grep -q '"report_on_time":true' "$TMP/body" && ok "rollup: report on time" || notok "rollup on time" "$(cat "$TMP/body")"
expect "rollup bad year -> 400" 400 "$(req org GET '/api/v1/rollup?year=abc')"
# the roll-up is cached per server connection (4 here) like the ledger page:
# every answer follows a change made by another process (the CLI) and one
# made over the web, and no reader ever gets another reader's roll-up
# rollup_all ROLE YEAR HAS [HASNOT]: 12 answers in a row, each with HAS and without HASNOT
rollup_all() {
  n=0
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
    [ "$(req "$1" GET "/api/v1/rollup?year=$2")" = 200 ] && grep -q "$3" "$TMP/body" &&
      { [ -z "${4:-}" ] || ! grep -q "$4" "$TMP/body"; } && n=$((n + 1))
  done
  [ $n = 12 ]
}
rollup_all org 2026 '"planned_date":"2026-12-10"' && ok "rollup served repeatedly" || notok "rollup repeated" "$(cat "$TMP/body")"
m meeting update 1 --planned-date 2026-12-05 >/dev/null
rollup_all org 2026 '"planned_date":"2026-12-05"' '"planned_date":"2026-12-10"' && ok "rollup follows a change by another process" ||
  notok "stale rollup after CLI change" "$(cat "$TMP/body")"
req org GET '/api/v1/rollup?year=2026' >/dev/null
lt=$(sed -n 's/.*"team_id":1,.*"ledger_total":\([0-9]*\).*/\1/p' "$TMP/body")
expect "ledger item added over the web" 201 "$(req sec POST /api/v1/records/item '{"meeting_id":1,"source":"self","problem":"网页新增的问题","owner_id":5,"deadline":"2027-03-31"}')"
rollup_all org 2026 "\"ledger_total\":$((lt + 1))}" && ok "rollup follows a change over the web ($lt -> $((lt + 1)) items)" ||
  notok "stale rollup after web change" "$(cat "$TMP/body")"
rollup_all org2 2026 区教育局领导班子 市水务局领导班子 && ok "another organizer never gets the first one's rollup" ||
  notok "rollup of another organizer" "$(cat "$TMP/body")"
rollup_all org 2026 市水务局领导班子 区教育局领导班子 && ok "nor the first the second's" || notok "rollup back" "$(cat "$TMP/body")"
rollup_all admin2 2026 市水务局领导班子 && grep -q 区教育局领导班子 "$TMP/body" && ok "the administrator's rollup has every team" ||
  notok "admin rollup" "$(cat "$TMP/body")"
rollup_all org 2025 '"status":"none"' '"planned_date"' && ok "rollup of another year is not the cached one" || notok "rollup 2025" "$(cat "$TMP/body")"
login memA3 memA new-secret-2026
expect "cached rollup still refused to a member" 403 "$(req memA3 GET '/api/v1/rollup?year=2026')"

# --- script-injection payloads stay JSON strings ---
X1='<script>alert(1)</script>'
X2='\"><img src=x onerror=alert(1)>'
for f in "opinion|{\"meeting_id\":1,\"channel\":\"form\",\"text\":\"$X1 $X2\"}" \
         "talk|{\"meeting_id\":1,\"a_id\":4,\"b_id\":5,\"date\":\"2026-11-03\",\"notes\":\"$X1 $X2\"}" \
         "item|{\"meeting_id\":1,\"source\":\"self\",\"problem\":\"$X1 $X2\",\"measure\":\"$X1 $X2\",\"source_ref\":\"$X1\"}" \
         "criticism|{\"meeting_id\":1,\"from_id\":4,\"to_id\":5,\"text\":\"$X1 $X2\"}" \
         "study|{\"meeting_id\":1,\"date\":\"2026-11-04\",\"topic\":\"$X1 $X2\",\"attendees\":\"$X2\"}"; do
  ent=${f%%|*}; body=${f#*|}
  expect "payload stored in $ent" 201 "$(req sec POST /api/v1/records/$ent "$body")"
  id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/body")
  req sec GET /api/v1/records/$ent/$id >/dev/null
  if grep -qi '^content-type: application/json' "$TMP/hdr" && grep -qF "$X1" "$TMP/body" && grep -qF "$X2" "$TMP/body"; then
    ok "$ent payload returned verbatim as a JSON string"; else notok "$ent payload" "$(cat "$TMP/hdr" "$TMP/body")"; fi
done
IID=$(req sec GET '/api/v1/records/item?source_ref=%3Cscript%3Ealert(1)%3C%2Fscript%3E' >/dev/null; sed -n 's/.*"items":\[{"id":\([0-9]*\).*/\1/p' "$TMP/body")
expect "payload in item note" 201 "$(req sec POST /api/v1/items/$IID/notes "{\"kind\":\"progress\",\"text\":\"$X1\"}")"
html_hits=0
for p in / /static/app.js /o/abc /api/v1/meetings/1/status /api/v1/meetings/1/ledger "/api/v1/records/opinion" "/api/v1/items/$IID" /api/v1/records/talk; do
  req sec GET "$p" >/dev/null
  if grep -qF '<script>alert(1)' "$TMP/body" || grep -qF 'onerror=alert(1)' "$TMP/body"; then
    grep -qi '^content-type: application/json' "$TMP/hdr" || html_hits=$((html_hits + 1))
  fi
done
[ $html_hits -eq 0 ] && ok "no non-JSON response contains a payload" || notok "payload in non-JSON response ($html_hits)"

# --- limits and bad input ---
head -c 1100000 /dev/zero | tr '\0' 'a' > "$TMP/big"
expect "body over 1 MB -> 413" 413 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(cat "$TMP/sec.csrf")" -X POST --data-binary @"$TMP/big" "$URL/api/v1/records/study")"
printf '{"meeting_id":1,"date":"2026-11-02","topic":"bad\377\376"}' > "$TMP/bad"
expect "invalid UTF-8 body -> 400" 400 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(cat "$TMP/sec.csrf")" -X POST --data-binary @"$TMP/bad" "$URL/api/v1/records/study")"
grep -q '"code":"EUTF8"' "$TMP/body" && ok "UTF-8 error code" || notok "utf8 code" "$(cat "$TMP/body")"
expect "invalid UTF-8 query -> 400" 400 "$(req sec GET '/api/v1/records/study?topic=%FF%FE')"
expect "invalid JSON -> 400" 400 "$(req sec POST /api/v1/records/study '{"meeting_id":1,')"
expect "text over model limit -> 413" 413 "$(req sec POST /api/v1/records/study "{\"meeting_id\":1,\"date\":\"2026-11-02\",\"topic\":\"$(printf '%0201d' 0)\"}")"
for p in '/static/../../etc/passwd' '/static/%2e%2e/%2e%2e/etc/passwd' '/static/..%2f..%2fetc%2fpasswd' '/static/%2E%2E/mingjing.db' '/o/../../etc/passwd' '/static//etc/passwd' '/static/.%2e/index.html' '/static/app.js%00.html'; do
  expect "traversal $p -> 404" 404 "$(curl -s --path-as-is -o "$TMP/body" -w '%{http_code}' "$URL$p")"
  grep -q 'root:' "$TMP/body" && notok "traversal leaked $p"
done
expect "unknown static -> 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/static/nothing.js")"

# --- security headers ---
for p in /api/v1/me / /static/app.css /nothing; do
  curl -s -D "$TMP/h" -o /dev/null -b "$TMP/sec.jar" "$URL$p"
  miss=""
  grep -qiF "content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'" "$TMP/h" || miss="$miss csp"
  grep -qi '^x-content-type-options: nosniff' "$TMP/h" || miss="$miss nosniff"
  grep -qi '^x-frame-options: DENY' "$TMP/h" || miss="$miss xfo"
  grep -qi '^referrer-policy: no-referrer' "$TMP/h" || miss="$miss referrer"
  [ -z "$miss" ] && ok "security headers on $p" || notok "headers on $p:$miss" "$(cat "$TMP/h")"
done
curl -s -D "$TMP/h" -o /dev/null -b "$TMP/sec.jar" "$URL/api/v1/me"
grep -qi '^cache-control: no-store' "$TMP/h" && ok "API responses are no-store" || notok "no-store" "$(cat "$TMP/h")"
curl -s -D "$TMP/h" -o /dev/null "$URL/"
grep -qi '^content-type: text/html' "$TMP/h" && ok "index served as HTML" || skip "index.html not embedded yet"

# --- anonymous opinions: nothing identifying is stored or logged ---
expect "secretary creates a link" 201 "$(req sec POST /api/v1/meetings/1/opinion-links '{"closes_on":"2026-12-31"}')"
TOKEN=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' "$TMP/body")
LID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/body")
grep -q "\"url\":\"/o/$TOKEN\"" "$TMP/body" && ok "link url /o/<token>" || notok "link url" "$(cat "$TMP/body")"
expect "link closing in the past refused" 400 "$(req sec POST /api/v1/meetings/1/opinion-links '{"closes_on":"2026-01-01"}')"
expect "list links" 200 "$(req sec GET /api/v1/meetings/1/opinion-links)"
grep -q "$TOKEN" "$TMP/body" && notok "link list shows no token" || ok "link list shows no token"
: > "$TMP/serve.log"
UA='PrivacyProbe/9.9 (secret-agent)'
expect "anonymous form page" 200 "$(curl -s -A "$UA" -o "$TMP/page" -w '%{http_code}' "$URL/o/$TOKEN")"
expect "anonymous form data" 200 "$(curl -s -A "$UA" -o "$TMP/body" -w '%{http_code}' "$URL/api/v1/anon/$TOKEN")"
grep -q '"team":"市水务局领导班子"' "$TMP/body" && grep -q '"areas":\[{"id":1' "$TMP/body" && grep -q '"name":"孙副局长"' "$TMP/body" && grep -q '"closes_on":"2026-12-31"' "$TMP/body" \
  && ok "form: team, areas, members, closes_on" || notok "form body" "$(cat "$TMP/body")"
BEFORE=$(sqlite3 "$DB" "SELECT max(id) FROM opinion")
expect "anonymous opinion submitted (no cookie, no CSRF)" 201 "$(curl -s -A "$UA" -H 'X-Forwarded-For: 203.0.113.77' -H 'Content-Type: application/json' -o "$TMP/body" -w '%{http_code}' -X POST -d '{"about_id":5,"area_id":1,"text":"希望多下基层调研"}' "$URL/api/v1/anon/$TOKEN")"
expect "member of another team refused" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"about_id":7,"text":"x"}' "$URL/api/v1/anon/$TOKEN")"
expect "unknown field refused" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"text":"x","submitter_id":3}' "$URL/api/v1/anon/$TOKEN")"
expect "bad token -> 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/anon/$(printf '%064d' 1)")"
row=$(sqlite3 "$DB" "SELECT anonymous, coalesce(submitter_id,'null'), received_on, channel, about_id, area_id FROM opinion WHERE id > $BEFORE")
[ "$row" = "1|null|2026-11-20|online|5|1" ] && ok "stored: anonymous, no submitter, date only, online" || notok "stored opinion" "$row"
aud=$(sqlite3 "$DB" "SELECT at, actor FROM audit_log WHERE entity = 'opinion' ORDER BY seq DESC LIMIT 1")
[ "$aud" = "2026-11-20T00:00:00Z|匿名" ] && ok "audit entry: actor 匿名 at the date only" || notok "audit entry" "$aud"
sqlite3 "$DB" .dump > "$TMP/dump.sql"
leak=""
for needle in 127.0.0.1 203.0.113.77 PrivacyProbe secret-agent "$TOKEN" curl/; do grep -qF -- "$needle" "$TMP/dump.sql" && leak="$leak $needle"; done
[ -z "$leak" ] && ok "database dump holds no IP, user agent or token" || notok "dump leaks:$leak"
grep -q "希望多下基层调研" "$TMP/dump.sql" && ok "the opinion itself is stored" || notok "opinion missing from dump"
tslines=$(grep -F "希望多下基层调研" "$TMP/dump.sql" | grep -oE '20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}' | grep -v 'T00:00:00' | head -1)
[ -z "$tslines" ] && ok "no time of day stored with the opinion" || notok "time of day stored" "$tslines"
if [ -s "$TMP/serve.log" ]; then notok "server logged anonymous requests" "$(cat "$TMP/serve.log")"; else ok "server log empty for /o/ and /api/v1/anon/"; fi
grep -qF "$TOKEN" "$TMP/serve.out" && notok "token in server output" || ok "token not in server output"
expect "revoke link" 204 "$(req sec DELETE /api/v1/opinion-links/$LID)"
expect "revoked link -> 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"text":"x"}' "$URL/api/v1/anon/$TOKEN")"
expect "second link" 201 "$(req sec POST /api/v1/meetings/1/opinion-links '{"closes_on":"2026-11-20"}')"
T2=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' "$TMP/body")
expect "link open on its last day" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/anon/$T2")"
sqlite3 "$DB" "UPDATE opinion_link SET closes_on = '2026-11-19' WHERE closes_on = '2026-11-20'"
expect "closed link -> 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/anon/$T2")"
: > "$TMP/serve.log"
req sec GET /api/v1/me >/dev/null
grep -q 'GET /api/v1/me 200' "$TMP/serve.log" && ok "ordinary requests are logged" || notok "access log" "$(cat "$TMP/serve.log")"
curl -s -o /dev/null "$URL/api/v1/x%0aFORGED%20LINE%0d"
grep -q '^FORGED' "$TMP/serve.log" && notok "log line forged by a decoded newline" || ok "no log injection through the path"

# --- materials: upload raw file bytes (author only), review, versions, diff, download ---
# upload ROLE PATH FILE: raw body; prints the status code, body in $TMP/body
upload() {
  curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/$1.jar" -H "X-CSRF-Token: $(cat "$TMP/$1.csrf")" \
    -H 'Content-Type: application/octet-stream' -X POST --data-binary "@$3" "$URL$2"
}
mat() {  # $1 file, $2 extra problem (optional)
  { echo "# 孙副局长个人对照检查材料"; echo; echo "现将对照检查情况报告如下。"; echo
    echo "一、上年度整改措施落实情况"; echo; echo "上年度问题已整改。"; echo
    echo "二、存在的问题"; echo; echo "（一）在带头学习方面"; echo
    echo "一是理论学习不够系统。今年只参加了两次集中学习。二是调研不够深入。没有到项目现场核实。"; echo
    [ -n "$2" ] && { echo "三是$2。十月份一次督办会议准备不足。"; echo; }
    echo "三、原因剖析"; echo; echo "宗旨意识有所淡化。"; echo
    echo "四、整改措施"; echo; echo "加强学习，深入调研。"; } > "$1"
}
mat "$TMP/v1.md"
stop_server; start_server   # a fresh server: headA's login was rate-limited above
login sec secA; login memA memA new-secret-2026; login headA headA; login memB memB
expect "secretary may not upload for a member (不得代写) -> 403" 403 "$(upload sec '/api/v1/meetings/1/materials/upload?member=5&kind=member&filename=v1.md' "$TMP/v1.md")"
expect "author uploads md -> 201" 201 "$(upload memA '/api/v1/meetings/1/materials/upload?member=5&kind=member&filename=v1.md' "$TMP/v1.md")"
MAT=$(sed -n 's/.*"material_id":\([0-9]*\).*/\1/p' "$TMP/body")
grep -q '"version":1' "$TMP/body" && ok "upload returns material_id and version 1" || notok "upload body" "$(cat "$TMP/body")"
expect "get material" 200 "$(req sec GET /api/v1/materials/$MAT)"
grep -q '"problems":\[{' "$TMP/body" && grep -q '"filename":"v1.md"' "$TMP/body" && ok "material has current version and problems" || notok "material body" "$(head -c 400 "$TMP/body")"
expect "other team may not read the material -> 403" 403 "$(req memB GET /api/v1/materials/$MAT)"
expect "return without reason -> 400" 400 "$(req headA POST /api/v1/materials/$MAT/actions/return '{}')"
expect "head returns with reason and deadline" 200 "$(req headA POST /api/v1/materials/$MAT/actions/return '{"reason":"问题查摆不够具体","rewrite_due":"2026-12-01"}')"
grep -q '"state":"returned"' "$TMP/body" && ok "material returned" || notok "return body" "$(cat "$TMP/body")"
# 不得代写: an administrator reviews but never writes or submits a member's material
login admin admin
nv=$(sqlite3 "$DB" "SELECT count(*) FROM material_version")
expect "administrator may not upload a version for a member (不得代写) -> 403" 403 "$(upload admin "/api/v1/materials/$MAT/versions?filename=a.md" "$TMP/v1.md")"
expect "administrator may not upload as a member (不得代写) -> 403" 403 "$(upload admin '/api/v1/meetings/1/materials/upload?member=5&kind=member&filename=a.md' "$TMP/v1.md")"
expect "administrator may not submit for a member -> 403" 403 "$(req admin POST /api/v1/materials/$MAT/actions/submit '{}')"
check_fails "CLI --as admin may not add a member's version (不得代写)" m --as admin material add --meeting 1 --member 5 "$TMP/v1.md"
check_fails "CLI --as the head may not add a member's version (不得代写)" m --as 4 material add --meeting 1 --member 5 "$TMP/v1.md"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM material_version")" = "$nv" ] && ok "refused uploads stored nothing" || notok "refused upload stored a version"
req memA GET /api/v1/materials/$MAT >/dev/null
grep -q '"state":"returned"' "$TMP/body" && ok "material still returned" || notok "state after refused uploads" "$(head -c 300 "$TMP/body")"
head -c 3000 /dev/urandom > "$TMP/bad.docx"; printf 'PK\003\004' | cat - "$TMP/bad.docx" > "$TMP/corrupt.docx"
nv=$(sqlite3 "$DB" "SELECT count(*) FROM material_version")
expect "corrupt docx -> 400" 400 "$(upload memA "/api/v1/materials/$MAT/versions?filename=v2.docx" "$TMP/corrupt.docx")"
grep -q '"code":"EFORMAT"' "$TMP/body" && grep -q '"message":"[^"]*文' "$TMP/body" && ok "corrupt docx: Chinese message" || notok "corrupt message" "$(cat "$TMP/body")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM material_version")" = "$nv" ] && ok "corrupt docx: nothing stored" || notok "corrupt docx stored"
mat "$TMP/v2.md" 督办落实不够有力
m material render "$TMP/v2.md" --to docx -o "$TMP/v2.docx" >/dev/null
expect "author uploads docx as version 2 -> 201" 201 "$(upload memA "/api/v1/materials/$MAT/versions?filename=v2.docx" "$TMP/v2.docx")"
grep -q '"version":2' "$TMP/body" && ok "docx stored as version 2" || notok "v2 body" "$(cat "$TMP/body")"
head -c $((20 * 1024 * 1024 + 10)) /dev/zero | tr '\0' 'a' > "$TMP/big.md"
expect "upload over 20 MB -> 413" 413 "$(upload memA "/api/v1/materials/$MAT/versions?filename=big.md" "$TMP/big.md")"
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$TMP/json2m"
expect "JSON route keeps its 1 MB cap -> 413" 413 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(cat "$TMP/sec.csrf")" -X POST --data-binary "@$TMP/json2m" "$URL/api/v1/records/study")"
expect "upload without CSRF -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/memA.jar" -X POST --data-binary "@$TMP/v1.md" "$URL/api/v1/materials/$MAT/versions")"
expect "versions list" 200 "$(req memA GET /api/v1/materials/$MAT/versions)"
grep -q '"version":1' "$TMP/body" && grep -q '"version":2' "$TMP/body" && grep -q '"filename":"v2.docx"' "$TMP/body" && ok "versions 1 and 2 listed" || notok "versions" "$(cat "$TMP/body")"
expect "diff 1..2" 200 "$(req memA GET "/api/v1/materials/$MAT/diff?from=1&to=2")"
grep -q '督办落实不够有力' "$TMP/body" && ok "diff shows the added problem" || notok "diff" "$(head -c 600 "$TMP/body")"
expect "diff without versions -> 400" 400 "$(req memA GET "/api/v1/materials/$MAT/diff")"
expect "member may not approve -> 403" 403 "$(req memA POST /api/v1/materials/$MAT/actions/approve '{}')"
expect "head approves" 200 "$(req headA POST /api/v1/materials/$MAT/actions/approve '{}')"
grep -q '"state":"final"' "$TMP/body" && ok "material approved (final)" || notok "approve body" "$(cat "$TMP/body")"
expect "problems to ledger" 200 "$(req sec POST /api/v1/materials/$MAT/to-ledger '{"deadline":"2027-06-30"}')"
grep -q '"created":[1-9]' "$TMP/body" && ok "ledger items created from problems" || notok "to-ledger" "$(cat "$TMP/body")"
expect "download docx" 200 "$(curl -s -o "$TMP/dl.docx" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/memA.jar" "$URL/api/v1/materials/$MAT/download?format=docx")"
[ "$(head -c 2 "$TMP/dl.docx")" = PK ] && ok "download starts with PK" || notok "docx magic"
grep -qi '^content-type: application/vnd.openxmlformats-officedocument.wordprocessingml.document' "$TMP/hdr" && grep -qi '^content-disposition: attachment' "$TMP/hdr" && ok "docx content type and attachment" || notok "download headers" "$(cat "$TMP/hdr")"
expect "download md of version 1" 200 "$(req memA GET "/api/v1/materials/$MAT/download?format=md&version=1")"
grep -q '理论学习不够系统' "$TMP/body" && ok "md download has the text" || notok "md download" "$(head -c 300 "$TMP/body")"
expect "download unknown format -> 400" 400 "$(req memA GET "/api/v1/materials/$MAT/download?format=pdf")"
expect "unknown material -> 404" 404 "$(req memA GET /api/v1/materials/9999)"
# the local operator (no --as: holds the database file) may import a member's
# existing material when migrating; recorded in the audit log
check "CLI operator imports a member's material (migration)" m material add --meeting 2 --member 10 "$TMP/v1.md"

# --- concurrent writers and readers on the thread pool ---
pids=""
for i in $(seq 1 16); do
  curl -s -o /dev/null -w '%{http_code}\n' -b "$TMP/sec.jar" -H "X-CSRF-Token: $(cat "$TMP/sec.csrf")" -X POST \
    -d "{\"meeting_id\":1,\"date\":\"2026-11-05\",\"topic\":\"并发$i\"}" "$URL/api/v1/records/study" >>"$TMP/par" & pids="$pids $!"
  curl -s -o /dev/null -w '%{http_code}\n' -b "$TMP/sec.jar" "$URL/api/v1/meetings/1/status" >>"$TMP/par" & pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n=$(grep -c '^20[01]$' "$TMP/par")
[ "$n" = 32 ] && ok "32 concurrent requests all succeed" || notok "concurrent requests: $n of 32" "$(sort "$TMP/par" | uniq -c)"

# --- a bad request never kills the server; clean stop ---
curl -s -o /dev/null --max-time 2 -X POST -H 'Content-Length: 5' -d 'abc' "$URL/api/v1/login" || true
printf 'GARBAGE\r\n\r\n' | (command -v nc >/dev/null && nc -q1 127.0.0.1 "${URL##*:}" >/dev/null 2>&1 || true)
expect "server alive after malformed requests" 200 "$(req sec GET /api/v1/me)"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; rc=$?; SERVER_PID=""
[ $rc -eq 0 ] && ok "SIGTERM stops the server cleanly" || notok "exit status $rc"
check "audit verify after the web session" m audit verify
