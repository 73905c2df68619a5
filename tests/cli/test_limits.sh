#!/bin/sh
# The limits of docs/security.md that no other suite exercised: each input at
# its limit is accepted, one past it is refused with a clear message, and the
# refusal changes nothing (the database dump is byte-identical).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { skip "sqlite3 not installed: limits"; exit 0; }
build_world
dump() { sqlite3 "$DB" .dump >"$1"; }
rep() { awk -v n="$2" -v s="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# refused NAME CMD...: the command fails, prints one line naming the problem,
# and the database is unchanged.
refused() { n=$1; shift; dump "$TMP/before.sql"
  if m "$@" >/dev/null 2>"$TMP/err"; then notok "$n" "accepted"; return; fi
  dump "$TMP/after.sql"
  if ! cmp -s "$TMP/before.sql" "$TMP/after.sql"; then notok "$n: database changed"
  elif [ ! -s "$TMP/err" ]; then notok "$n: no message"
  else ok "$n"; fi; }
# refused_msg NAME NEEDLE CMD...: the same, and the message holds NEEDLE.
refused_msg() { n=$1; needle=$2; shift 2; r=$(refused "$n" "$@")
  case $r in
    "ok - "*) if grep -q "$needle" "$TMP/err"; then echo "$r"; else notok "$n: message" "$(cat "$TMP/err")"; fi ;;
    *) echo "$r" ;;
  esac; }

# --- command line: the model's text limits, at and past the limit ---
check "name of 60 characters accepted" m person add --name "$(rep 名 60)" --role staff
refused "name of 61 characters refused" person add --name "$(rep 名 61)" --role staff
check "place (title class) of 200 characters accepted" m meeting update 1 --place "$(rep 址 200)"
refused "place of 201 characters refused" meeting update 1 --place "$(rep 址 201)"
check "opinion text of 5,000 characters accepted" m opinion add --meeting 1 --channel form --text "$(rep 意 5000)"
refused "opinion text of 5,001 characters refused" opinion add --meeting 1 --channel form --text "$(rep 意 5001)"
check "meeting summary (long text) of 20,000 characters accepted" m meeting update 1 --summary "$(rep 纪 20000)"
refused_msg "meeting summary of 20,001 characters refused, naming the limit" 20000 meeting update 1 --summary "$(rep 纪 20001)"
# A 200 KB argument: Linux itself refuses arguments over 128 KiB (E2BIG) before
# the program runs; the program's own cap (1 MiB) is the second line.
if m opinion add --meeting 1 --channel form --text "$(rep x 200000)" >/dev/null 2>&1; then
  notok "an argument of 200 KB is refused"
else ok "an argument of 200 KB is refused (by the kernel or the program)"; fi
refused "invalid UTF-8 in --as refused" --as "$(printf '\377')" opinion add --meeting 1 --channel form --text x
refused "unknown --as person refused" --as 查无此人 opinion add --meeting 1 --channel form --text x
refused "list --limit 10001 refused" opinion list --limit 10001
check "list --limit 10000 accepted" m opinion list --limit 10000
refused "list --offset -1 refused" opinion list --offset -1
refused "id past 64 bits refused" opinion show 99999999999999999999999
refused "year 1899 refused" meeting add --team 1 --kind dlm --year 1899
refused "date in year 2201 refused" meeting update 1 --planned-date 2201-01-01

# --- command line: options with ranges ---
refused "serve --threads 0 refused" serve --threads 0
refused "serve --threads 257 refused" serve --threads 257
refused "serve --listen without a port refused" serve --listen 127.0.0.1
refused "serve --listen port 70000 refused" serve --listen 127.0.0.1:70000
refused "serve --listen a host name refused (IPv4 address only)" serve --listen localhost:0
refused "remind --days 367 refused" remind --days 367
refused "remind --days -1 refused" remind --days -1
refused "password of 7 characters refused" user passwd memA --password 1234567
refused "password of 129 characters refused" user passwd memA --password "$(rep p 129)"
check "password of 128 characters accepted" m user passwd memB2 --password "$(rep p 128)"
refused "backup onto an existing file refused" backup "$DB"
refused "import of a non-JSON file refused" import /etc/hostname
printf '[%s1%s]' "$(rep '[' 3000)" "$(rep ']' 3000)" >"$TMP/deep.json"
refused "import of JSON nested 3,000 deep refused" import "$TMP/deep.json"
# a sparse file past the 256 MiB cap (no disk used)
truncate -s 257M "$TMP/huge.json" && refused_msg "import of a 257 MiB file refused at the 256 MiB cap" "268435456" import "$TMP/huge.json"
rm -f "$TMP/huge.json"

# --- files given on the command line ---
head -c 21000000 /dev/zero | tr '\0' 'a' >"$TMP/big21.txt"
printf '对照检查材料\n一、问题\n学习不够。\n' >"$TMP/small.txt"
refused_msg "review of a 21 MB file refused (20 MB each)" 上限 review "$TMP/big21.txt" --against "$TMP/small.txt"
refused_msg "review against a 21 MB file refused" 上限 review "$TMP/small.txt" --against "$TMP/big21.txt"
rm -f "$TMP/big21.txt"
cp "$TMP/small.txt" "$TMP/other.txt"
refused_msg "review --tao-authors 2 refused (3 to 1,000,000)" 1000000 review "$TMP/small.txt" --against "$TMP/other.txt" --tao-authors 2
head -c 70000000 /dev/zero | tr '\0' 'a' >"$TMP/big70.txt"
refused_msg "material add of a 70 MB file refused (64 MB)" 上限 --as memA material add --meeting 1 --member 5 "$TMP/big70.txt"
rm -f "$TMP/big70.txt"

# --- the API: bodies, parameters, headers ---
start_server
login admin admin
login sec secA
login mem memA
dump "$TMP/api_before.sql"
expect "opinion text of 5,001 characters -> 413" 413 \
  "$(req sec POST /api/v1/records/opinion "{\"meeting_id\":1,\"channel\":\"form\",\"text\":\"$(rep 意 5001)\"}")"
expect "progress note of 5,001 characters -> 413" 413 \
  "$(req mem POST /api/v1/items/1/notes "{\"kind\":\"progress\",\"text\":\"$(rep 进 5001)\"}")"
expect "progress note of unknown kind -> 400" 400 \
  "$(req mem POST /api/v1/items/1/notes '{"kind":"gossip","text":"x"}')"
expect "item action note of 5,001 characters -> 413" 413 \
  "$(req mem POST /api/v1/items/1/actions/start "{\"note\":\"$(rep 进 5001)\"}")"
expect "field value of the wrong JSON type -> 400" 400 \
  "$(req sec POST /api/v1/records/opinion '{"meeting_id":1,"channel":"form","text":["a"]}')"
expect "setting the id -> 400" 400 "$(req sec POST /api/v1/records/opinion '{"id":99,"meeting_id":1,"channel":"form","text":"x"}')"
expect "duplicate key in a body -> 400" 400 "$(req sec POST /api/v1/records/opinion '{"text":"a","text":"b"}')"
expect "body that is a JSON array -> 400" 400 "$(req sec POST /api/v1/records/opinion '[1,2]')"
rep '[' 100000 >"$TMP/deep"
expect "body nested 100,000 deep -> 400" 400 "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/sec.jar" \
  -H "X-CSRF-Token: $(cat "$TMP/sec.csrf")" --data-binary @"$TMP/deep" "$URL/api/v1/records/opinion")"
expect "opinion link closing on an impossible date -> 400" 400 \
  "$(req sec POST /api/v1/meetings/1/opinion-links '{"closes_on":"2026-02-30"}')"
expect "list offset -1 -> 400" 400 "$(req sec GET '/api/v1/records/opinion?offset=-1')"
expect "list limit abc -> 400" 400 "$(req sec GET '/api/v1/records/opinion?limit=abc')"
expect "rollup year 1999 -> 400" 400 "$(req admin GET '/api/v1/rollup?year=1999')"
expect "query value not UTF-8 -> 400" 400 "$(req sec GET '/api/v1/records/opinion?text=%FF')"
expect "record id of 16 digits -> 404" 404 "$(req sec GET /api/v1/records/opinion/1234567890123456)"
expect "unknown entity -> 404" 404 "$(req sec GET /api/v1/records/nosuch)"
expect "login name of 61 characters -> 400" 400 "$(req anon POST /api/v1/login "{\"login\":\"$(rep a 61)\",\"password\":\"whatever-1\"}")"
expect "password of 513 bytes at login -> 400" 400 "$(req anon POST /api/v1/login "{\"login\":\"memA\",\"password\":\"$(rep p 513)\"}")"
expect "new password of 129 characters -> 400" 400 \
  "$(req mem POST /api/v1/password "{\"old\":\"$PW\",\"new\":\"$(rep p 129)\"}")"
printf '对照检查材料\n一、问题\n学习不够。\n' >"$TMP/up.md"
up() { curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/mem.jar" -H "X-CSRF-Token: $(cat "$TMP/mem.csrf")" \
  --data-binary @"$TMP/up.md" "$URL/api/v1/meetings/1/materials/upload?member=5&kind=member&filename=$1"; }
expect "upload file name with a path separator -> 400" 400 "$(up '..%2Fetc%2Fpasswd')"
expect "upload file name of 201 bytes -> 400" 400 "$(up "$(rep f 198).md")"
# Request headers past libmicrohttpd's per-connection memory (32 KiB): refused
# by the HTTP layer before any handler; the server goes on serving.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(rep h 40000)" "$URL/api/v1/me")
case $code in 4*) ok "a 40 KB request header is refused ($code)";; *) notok "a 40 KB request header is refused" "got $code";; esac
expect "the server still answers after the oversized header" 200 "$(req sec GET /api/v1/me)"
dump "$TMP/api_after.sql"
# sessions are the only rows the refused calls may touch (login writes one, last_seen moves)
grep -v '^INSERT INTO session\b\|^INSERT INTO "session"' "$TMP/api_before.sql" >"$TMP/b2.sql"
grep -v '^INSERT INTO session\b\|^INSERT INTO "session"' "$TMP/api_after.sql" >"$TMP/a2.sql"
cmp -s "$TMP/b2.sql" "$TMP/a2.sql" && ok "no refused API call changed a record" || notok "no refused API call changed a record" "$(diff "$TMP/b2.sql" "$TMP/a2.sql" | head -5)"
stop_server
check_contains "audit verify after the refused calls" "审计校验通过" m audit verify
