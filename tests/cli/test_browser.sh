# Real-browser tests of the web interface: Debian chromium driven by
# playwright-core (tests/browser/flows.mjs) against a real `mingjing serve` on
# a temporary database. Skips (never fails) when chromium or node cannot be had.
. "$(dirname "$0")/lib.sh"
ROOT=${MJ_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BT="$ROOT/tests/browser"
case "$MJ" in /*) ;; *) MJ="$ROOT/$MJ";; esac

# --- what the browser tests need ---
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; }
fi
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
  skip "browser tests: chromium or node not available"; exit 0
fi
# --- static checks of the web files (no browser needed) ---
bad=""
for f in "$ROOT"/web/static/*.js; do
  cp "$f" "$TMP/m.mjs"   # .mjs: parsed as a module by any node version
  node --check "$TMP/m.mjs" >"$TMP/parse.log" 2>&1 || bad="$bad $(basename "$f"): $(grep -m1 Error "$TMP/parse.log")"
done
[ -z "$bad" ] && ok "every web module parses" || notok "every web module parses" "$bad"
if grep -n 'innerHTML\|outerHTML\|insertAdjacentHTML\|document.write\|eval(\|new Function' "$ROOT"/web/static/*.js >"$TMP/grep.log"; then
  notok "no HTML injection or eval in web modules" "$(head -3 "$TMP/grep.log")"
else ok "no HTML injection or eval in web modules"; fi
if grep -n -i '<script>\|<script [^>]*>[^<]\| style=\|<style\| on[a-z]*=' "$ROOT"/web/static/*.html >"$TMP/grep.log"; then
  notok "no inline script or style in the HTML pages (CSP)" "$(head -3 "$TMP/grep.log")"
else ok "no inline script or style in the HTML pages (CSP)"; fi

if [ ! -d "$BT/node_modules/playwright-core" ]; then
  ( cd "$BT" && { npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; } ) >/dev/null 2>&1
fi
if [ ! -d "$BT/node_modules/playwright-core" ]; then
  skip "browser tests: playwright-core could not be installed from npm"; exit 0
fi
if ! "$MJ" serve --help >/dev/null 2>&1; then
  skip "browser tests: this build has no 'serve' command"; exit 0
fi

# --- a small world (fresh database, so the ids below are known) ---
DB=$TMP/b.db
m() { "$MJ" --db "$DB" "$@" >/dev/null; }
PW=Test-pass-2026
m org add --name 市委组织部 --kind superior                              # org 1
m org add --name 市发展改革委 --kind unit --parent-id 1                  # org 2
m org add --name 综合规划科 --kind dept --parent-id 2                    # org 3
m org add --name 产业发展科 --kind dept --parent-id 2                    # org 4
m person add --name 王敏 --org-id 1 --role organizer --login wangmin     # 1
m person add --name 李强 --org-id 2 --role secretary --login liqiang     # 2
m person add --name 陈主任 --org-id 2 --role member --title 主任 --login chenzr   # 3
m person add --name 张华 --org-id 2 --role member --title 副主任 --login zhanghua # 4
m person add --name 刘明 --org-id 2 --role member --title 副主任 --login liuming  # 5
m person add --name 赵科长 --org-id 3 --role staff                       # 6
m person add --name 钱科长 --org-id 4 --role staff                       # 7
m person add --name 孙督导 --org-id 1 --role organizer --login sundd     # 8
m org update 3 --head-id 6
m org update 4 --head-id 7
m team add --name 市发展改革委领导班子 --kind leadership --org 2 --superior-org-id 1 --head-id 3 --secretary-id 2
m member add --team 1 --person 3 --position 主任 --is-head 1 --ord 1
m member add --team 1 --person 4 --position 副主任 --ord 2
m member add --team 1 --person 5 --position 副主任 --ord 3
m oversee add --team 1 --person 4 --dept 3
m oversee add --team 1 --person 5 --dept 4
m notice add --org 1 --year 2026 --kind dlm --title 关于召开2026年度民主生活会的通知 --theme 深入学习贯彻党的创新理论，以钉钉子精神抓好整改落实 --plan-lead-days 10 --report-due-days 15 --warn-days 3
m area add --notice 1 --ord 1 --title 在带头深化理论武装方面
m area add --notice 1 --ord 2 --title 在带头践行以人民为中心的发展思想方面
m area add --notice 1 --ord 3 --title 在带头履职尽责、担当作为方面
m area add --notice 1 --ord 4 --title 在带头落实全面从严治党政治责任方面
m meeting add --team 1 --notice 1 --kind dlm --year 2026 --planned-date 2026-12-20 --place 机关三楼会议室
m talk add --meeting 1 --a-id 3 --b-id 4 --date 2026-11-02 --mode face
m talk add --meeting 1 --a-id 3 --b-id 5 --date 2026-11-03 --mode face
m opinion add --meeting 1 --channel forum --text 班子成员到基层调研的次数偏少 --received-on 2026-11-05
m opinion add --meeting 1 --channel form --about-id 4 --area-id 3 --text 分管科室的文件材料审核把关不够严格 --received-on 2026-11-06
m ledger add --meeting 1 --source self --problem 调查研究不够深入 --measure 每季度到基层蹲点调研一次 --owner 4 --leader 3 --deadline 2027-03-31
m ledger add --meeting 1 --source opinion --problem 会议文件偏多偏长 --owner 5 --deadline 2026-10-31
m ledger add --meeting 1 --source talk --problem 联系服务企业不够主动 --owner 5 --deadline 2026-11-22
# two more teams under the same 组织部, so the roll-up has something to order
m org add --name 市水务局 --kind unit --parent-id 1                      # org 5
m org add --name 市教育局 --kind unit --parent-id 1                      # org 6
m person add --name 周局长 --org-id 5 --role member --title 局长         # 9
m person add --name 吴局长 --org-id 6 --role member --title 局长         # 10
m team add --name 市水务局领导班子 --kind leadership --org 5 --superior-org-id 1 --head-id 9
m team add --name 市教育局领导班子 --kind leadership --org 6 --superior-org-id 1 --head-id 10
m member add --team 2 --person 9 --position 局长 --is-head 1 --ord 1
m member add --team 3 --person 10 --position 局长 --is-head 1 --ord 1
m meeting add --team 2 --notice 1 --kind dlm --year 2026 --planned-date 2026-11-10 --actual-date 2026-11-10 --plan-sent-on 2026-10-28 --report-sent-on 2026-11-18 --status reported
for u in wangmin liqiang zhanghua chenzr liuming sundd; do
  if ! "$MJ" --db "$DB" user passwd "$u" --password "$PW" >"$TMP/pw.log" 2>&1; then
    notok "set password for $u" "$(head -3 "$TMP/pw.log")"; exit 0
  fi
done
cat > "$TMP/fixture.json" <<JSON
{"meeting_id": 1, "notice_id": 1, "team_name": "市发展改革委领导班子", "item_problem": "调查研究不够深入",
 "users": {"organizer": {"login": "wangmin", "password": "$PW", "name": "王敏"},
           "secretary": {"login": "liqiang", "password": "$PW", "name": "李强"},
           "member": {"login": "zhanghua", "password": "$PW", "name": "张华"},
           "owner": {"login": "liuming", "password": "$PW", "name": "刘明"}}}
JSON

# --- the server, on a free port ---
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18437)
"$MJ" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$TMP"' EXIT
up=""
for i in $(seq 1 50); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then up=1; break; fi
  kill -0 $SPID 2>/dev/null || break
  sleep 0.1
done
if [ -z "$up" ]; then notok "server starts" "$(tail -5 "$TMP/serve.log")"; exit 0; fi
ok "server starts for the browser tests"
# MJ_BROWSER_HOLD=1 keeps the server up for manual work instead of running the flows
if [ -n "$MJ_BROWSER_HOLD" ]; then echo "# serving http://127.0.0.1:$PORT (db $DB)"; wait $SPID; exit 0; fi

node "$BT/flows.mjs" "http://127.0.0.1:$PORT" "$TMP/fixture.json" >"$TMP/flows.log" 2>&1
grep -E '^(ok|not ok|skip) - |^  |^#' "$TMP/flows.log"
grep -q '^# browser flows:' "$TMP/flows.log" || grep -q '^skip - chromium' "$TMP/flows.log" ||
  notok "browser flows ran to the end" "$(grep -vE '^(ok|not ok|skip) - ' "$TMP/flows.log" | tail -5)"
