#!/bin/sh
# Stolen sessions (docs/security.md, threat model): what a stolen cookie is
# worth. An expired session is refused; a password change ends the user's
# other sessions; logout ends the session for whoever holds the cookie; a
# cookie is useless without its CSRF token for any change, and the token of
# one session does not work with another's cookie; the token in the cookie
# is never stored (only its hash).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/web_lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { skip "sqlite3 not installed: sessions"; exit 0; }
build_world
start_server
login thief memA          # the stolen copy
login owner memA          # the owner's own session
expect "a stolen cookie works while the session lives" 200 "$(req thief GET /api/v1/me)"
expect "a stolen cookie without the CSRF token cannot change anything" 403 \
  "$(curl -s -o "$TMP/body" -w '%{http_code}' -b "$TMP/thief.jar" -H 'Content-Type: application/json' \
     -d '{"kind":"progress","text":"x"}' "$URL/api/v1/items/1/notes")"
cookie=$(awk '$6 == "mj_session" {print $7}' "$TMP/thief.jar")
n=$(sqlite3 "$DB" "SELECT count(*) FROM session WHERE token_hash = '$cookie' OR csrf = '$cookie'")
[ "$n" = 0 ] && ok "the cookie's token is not stored in the database" || notok "the cookie's token is not stored" "$n rows"
# The owner changes the password: every other session ends, the owner's goes on.
expect "password change" 200 "$(req owner POST /api/v1/password "{\"old\":\"$PW\",\"new\":\"changed-pass-26\"}")"
expect "the stolen session ended with the password change" 401 "$(req thief GET /api/v1/me)"
expect "the owner's session goes on" 200 "$(req owner GET /api/v1/me)"
# Expiry: a session past its expiry time is refused (set back behind the
# program's back, as time passing would).
login thief2 headA
expect "a fresh session works" 200 "$(req thief2 GET /api/v1/me)"
sqlite3 "$DB" "UPDATE session SET expires_at = strftime('%s','now') - 1 WHERE person_id = 4"
expect "an expired session -> 401" 401 "$(req thief2 GET /api/v1/me)"
# Logout by the owner ends the session for the holder of a copied cookie too.
login own2 secA
cp "$TMP/own2.jar" "$TMP/copy.jar"; cp "$TMP/own2.csrf" "$TMP/copy.csrf"
expect "logout" 204 "$(req own2 POST /api/v1/logout)"
expect "a copy of a logged-out cookie -> 401" 401 "$(req copy GET /api/v1/me)"
stop_server
