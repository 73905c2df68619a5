#!/bin/sh
# Guessing passwords from one address (docs/security.md, limits and threat
# model): besides 5 failures per login, at most 30 failed logins per client
# address in 15 minutes. Spread over many logins (each under its own limit),
# the 31st attempt from the same address is refused with 429 even for a
# right password, and the refusal does not depend on the login existing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
build_world
start_server
try() { curl -s -o "$TMP/body" -w '%{http_code}' -X POST -d "{\"login\":\"$1\",\"password\":\"$2\"}" "$URL/api/v1/login"; }
expect "a right password logs in before any failure" 200 "$(try memA "$PW")"
fails=0
for i in $(seq 1 30); do
  # 10 logins, 3 failures each: no login reaches its own limit of 5
  code=$(try "guess$((i % 10))" "wrong-guess-$i")
  [ "$code" = 401 ] && fails=$((fails + 1))
done
[ "$fails" = 30 ] && ok "30 failures from one address over 10 logins -> 401 each" || notok "30 failures" "$fails of 30 were 401"
expect "the 31st attempt from that address -> 429, right password or not" 429 "$(try memA "$PW")"
grep -q '"code":"ERATE"' "$TMP/body" && ok "the refusal names ERATE" || notok "ERATE" "$(cat "$TMP/body")"
expect "an unknown login from that address -> 429 too" 429 "$(try nobody-at-all "$PW")"
stop_server
