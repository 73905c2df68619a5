# Helpers for the web API tests: a small world built through the CLI, a
# server on a free 127.0.0.1 port, and curl wrappers that log in as a role.
# Source after lib.sh.
command -v curl >/dev/null 2>&1 || { echo "skip - curl not installed"; exit 0; }
# notok always succeeds, so "cond && notok X || ok Y" never prints both
notok(){ echo "not ok - $1"; [ -z "$2" ] || printf '  %s\n' "$2"; return 0; }
DB=$TMP/w.db
m() { "$MJ" --db "$DB" "$@"; }
id_of() { sed -n 's/.*编号 \([0-9]*\)$/\1/p'; }
PW=mingjing2026

build_world() {
  m org add --name 市委组织部 --kind superior >/dev/null          # 1
  m org add --name 市水务局 --kind unit --parent-id 1 >/dev/null  # 2
  m org add --name 规划科 --kind dept --parent-id 2 >/dev/null    # 3
  m org add --name 区委组织部 --kind superior >/dev/null          # 4
  m org add --name 区教育局 --kind unit --parent-id 4 >/dev/null  # 5
  m person add --name 管理员 --role admin --login admin >/dev/null                 # 1
  m person add --name 周组织 --org-id 1 --role organizer --login org1 >/dev/null   # 2
  m person add --name 赵秘书 --org-id 2 --role secretary --login secA >/dev/null   # 3
  m person add --name 钱局长 --org-id 2 --role member --login headA >/dev/null     # 4
  m person add --name 孙副局长 --org-id 2 --role member --login memA >/dev/null   # 5
  m person add --name 李职工 --org-id 2 --role staff --login staff >/dev/null      # 6
  m person add --name 吴局长 --org-id 5 --role member --login memB >/dev/null     # 7
  m person add --name 郑秘书 --org-id 5 --role secretary --login secB >/dev/null  # 8
  m person add --name 王组织 --org-id 4 --role organizer --login org2 >/dev/null  # 9
  m person add --name 冯副局长 --org-id 5 --role member --login memB2 >/dev/null  # 10
  m team add --name 市水务局领导班子 --kind leadership --org 2 --superior-org-id 1 --head-id 4 --secretary-id 3 >/dev/null
  m team add --name 区教育局领导班子 --kind leadership --org 5 --superior-org-id 4 --head-id 7 --secretary-id 8 >/dev/null
  m member add --team 1 --person 4 --position 局长 --is-head 1 --ord 1 >/dev/null
  m member add --team 1 --person 5 --position 副局长 --ord 2 >/dev/null
  m member add --team 2 --person 7 --position 局长 --is-head 1 --ord 1 >/dev/null
  m member add --team 2 --person 10 --position 副局长 --ord 2 >/dev/null
  m notice add --org 1 --year 2026 --kind dlm --theme 年度民主生活会 >/dev/null
  m area add --notice 1 --ord 1 --title 在带头学习方面 >/dev/null
  m notice add --org 4 --year 2026 --kind dlm --theme 区年度民主生活会 >/dev/null
  m area add --notice 2 --ord 1 --title 在带头担当方面 >/dev/null
  m meeting add --team 1 --notice 1 --kind dlm --year 2026 --planned-date 2026-12-10 >/dev/null  # 1
  m meeting add --team 2 --notice 2 --kind dlm --year 2026 --planned-date 2026-12-12 >/dev/null  # 2
  m ledger add --meeting 1 --source self --problem 甲班子问题 --owner 5 --deadline 2027-06-30 >/dev/null  # 1
  m ledger add --meeting 2 --source self --problem 乙班子问题 --owner 7 --deadline 2027-06-30 >/dev/null  # 2
  m opinion add --meeting 1 --channel form --text 甲班子意见 >/dev/null
  m opinion add --meeting 2 --channel form --text 乙班子意见 >/dev/null
  for l in admin org1 secA headA memA staff memB secB org2; do m user passwd $l --password $PW >/dev/null; done
}

SERVER_PID=""
start_server() {
  "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 >"$TMP/serve.out" 2>"$TMP/serve.log" &
  SERVER_PID=$!
  URL=$(sh "$MJ_SCRIPTS/serve-url.sh" "$TMP/serve.out" "$SERVER_PID") || { echo "not ok - server did not start: $(cat "$TMP/serve.out" "$TMP/serve.log")"; exit 1; }
}
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$TMP"' EXIT

# login ROLE LOGIN: cookie jar $TMP/ROLE.jar and CSRF token in $TMP/ROLE.csrf
login() {
  out=$(curl -s -c "$TMP/$1.jar" -H 'Content-Type: application/json' -X POST \
        -d "{\"login\":\"$2\",\"password\":\"${3:-$PW}\"}" "$URL/api/v1/login")
  printf '%s' "$out" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' > "$TMP/$1.csrf"
  [ -s "$TMP/$1.csrf" ]
}
# req ROLE METHOD PATH [BODY]: prints the status code; body in $TMP/body, headers in $TMP/hdr.
# ROLE "anon": no cookie, no CSRF.
req() {
  role=$1; method=$2; path=$3; body=${4:-}
  set -- -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -X "$method"
  if [ "$role" != anon ]; then
    set -- "$@" -b "$TMP/$role.jar" -H "X-CSRF-Token: $(cat "$TMP/$role.csrf")"
  fi
  if [ -n "$body" ]; then set -- "$@" -H 'Content-Type: application/json' --data-binary "$body"; fi
  curl "$@" "$URL$path"
}
# expect NAME WANT GOT
expect() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "want $2, got $3: $(head -c 300 "$TMP/body" 2>/dev/null)"; fi; }

# Several servers on one database (tests/cli/test_pg_multiserve.sh):
#   spawn_server_at K [THREADS]  starts server K on $DB, on a free port of its own
#   wait_server_at K             waits until server K listens; its URL in $TMP/url.K
#   start_server_at K [THREADS]  both
#   at K                         points login/req ($URL) at server K
#   stop_servers                 stops every server started by spawn_server_at
# The caller adds stop_servers to its EXIT trap.
SERVER_PIDS=""
spawn_server_at() {
  "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads "${2:-4}" >"$TMP/serve.$1.out" 2>"$TMP/serve.$1.log" &
  SERVER_PIDS="$SERVER_PIDS $!"
}
wait_server_at() {
  u=$(sh "$MJ_SCRIPTS/serve-url.sh" "$TMP/serve.$1.out" "" 30) || { echo "not ok - server $1 did not start: $(cat "$TMP/serve.$1.out" "$TMP/serve.$1.log")"; exit 1; }
  echo "$u" > "$TMP/url.$1"
}
start_server_at() { spawn_server_at "$@"; wait_server_at "$1"; }
at() { URL=$(cat "$TMP/url.$1"); }
stop_servers() { for p in $SERVER_PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; SERVER_PIDS=""; }
