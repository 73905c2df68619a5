# End-to-end test of the foundation through the real binary: records, rules
# (talk coverage, quorum, deadlines, ledger machine and colours, carry-over),
# permissions, export/import round trip, audit tamper detection, bad input.
# Runs on SQLite, and on PostgreSQL with MJ_BACKEND=pg (tests/cli/test_pg.sh).
. "$(dirname "$0")/lib.sh"
DB=$(db_new f)
G=$(db_new g)
m() { "$MJ" --db "$DB" "$@"; }
id_of() { sed -n 's/.*编号 \([0-9]*\)$/\1/p'; }

# --- a small world ---
m org add --name 市委组织部 --kind superior >/dev/null
m org add --name 市水务局 --kind unit --parent-id 1 >/dev/null
m org add --name 规划科 --kind dept --parent-id 2 >/dev/null
m org add --name 工程科 --kind dept --parent-id 2 >/dev/null
m person add --name 周organizer --org-id 1 --role organizer >/dev/null   # 1
m person add --name 赵秘书 --org-id 2 --role secretary >/dev/null       # 2
m person add --name 钱局长 --org-id 2 --role member --title 局长 >/dev/null  # 3
m person add --name 孙副局长 --org-id 2 --role member >/dev/null       # 4
m person add --name 李副局长 --org-id 2 --role member >/dev/null       # 5
m person add --name 吴科长 --org-id 3 --role staff >/dev/null          # 6
m person add --name 郑科长 --org-id 4 --role staff >/dev/null          # 7
m person add --name 外单位人员 --org-id 1 --role member >/dev/null     # 8
m org update 3 --head-id 6 >/dev/null
m org update 4 --head-id 7 >/dev/null
check "team add" m team add --name 市水务局领导班子 --kind leadership --org 2 --superior-org-id 1 --head-id 3 --secretary-id 2
m member add --team 1 --person 3 --position 局长 --is-head 1 --ord 1 >/dev/null
m member add --team 1 --person 4 --position 副局长 --ord 2 >/dev/null
m member add --team 1 --person 5 --position 副局长 --ord 3 >/dev/null
m oversee add --team 1 --person 4 --dept 3 >/dev/null
m oversee add --team 1 --person 5 --dept 4 >/dev/null
check "notice add" m notice add --org 1 --year 2025 --kind dlm --theme 年度民主生活会 --plan-lead-days 10 --report-due-days 15 --warn-days 3
m area add --notice 1 --ord 1 --title 在带头学习方面 >/dev/null
check "meeting add (2025)" m meeting add --team 1 --notice 1 --kind dlm --year 2025 --planned-date 2025-12-20 --actual-date 2025-12-20 --status held
check "meeting add (2026)" m meeting add --team 1 --notice 1 --kind dlm --year 2026 --planned-date 2026-12-10

# --- talk coverage: required = 3 member pairs + 2 oversee pairs = 5 ---
m talk add --meeting 2 --a-id 3 --b-id 4 --date 2026-11-01 --mode face >/dev/null
m talk add --meeting 2 --a-id 5 --b-id 3 --date 2026-11-02 >/dev/null
m talk add --meeting 2 --a-id 4 --b-id 6 --date 2026-11-03 >/dev/null
out=$(m --json status --meeting 2)
case "$out" in *'"required": 5'*'"covered": 3'*'"percent": 60'*) ok "talk coverage 3 of 5";; *) notok "talk coverage" "$out";; esac
st=$(m status --meeting 2)
case "$st" in *"缺：孙副局长 — 李副局长（成员之间）"*) ok "missing member pair named";; *) notok "missing member pair" "$st";; esac
case "$st" in *"缺：李副局长 — 郑科长（分管部门负责人）"*) ok "missing oversee pair named";; *) notok "missing oversee pair" "$st";; esac
case "$st" in *"应于 2026-11-30 前报送，尚未报送（还有 10 天）"*) ok "plan due in 10 days";; *) notok "plan due" "$st";; esac

# --- quorum: 2 of 3 met ---
m attendance add --meeting 1 --person 3 --should-attend 1 --attended 1 >/dev/null
m attendance add --meeting 1 --person 4 --should-attend 1 --attended 1 >/dev/null
m attendance add --meeting 1 --person 5 --should-attend 1 --attended 0 --absence-reason 因公出差 >/dev/null
check_contains "quorum 2 of 3 met" "达到法定人数" m status --meeting 1
check_fails "attended with absence reason refused" m attendance update 1 --absence-reason 请假

# --- ledger: machine, roles, colours, carry-over ---
m ledger add --meeting 1 --source self --problem 调查研究不够深入 --owner 4 --leader 3 --deadline 2026-06-30 >/dev/null  # 1 red
m ledger add --meeting 1 --source opinion --problem 基层走访次数偏少 --owner 5 --deadline 2026-11-22 >/dev/null      # 2 blue
m ledger add --meeting 1 --source talk --problem 会议文件偏多 --owner 4 --deadline 2026-12-31 >/dev/null            # 3
m ledger add --meeting 2 --source self --problem 本年度新问题 --owner 4 --deadline 2027-06-30 >/dev/null            # 4
out=$(m --json ledger list --meeting 2)
case "$out" in *'"color": "red"'*) ok "overdue item is red";; *) notok "red" "$out";; esac
n=$(m ledger list --meeting 2 | tail -1)
[ "$n" = "共 4 项" ] && ok "carried-over items listed with this year's" || notok "carry-over count" "$n"
check_contains "blue within 3 days" "基层走访" m ledger list --meeting 2 --color blue
check "owner starts" m --as 孙副局长 ledger start 3
check_fails "finish needs a note" m --as 孙副局长 ledger finish 3
check "owner finishes with note" m --as 孙副局长 ledger finish 3 --note 已精简会议文件三成
check_fails "secretary cannot close" m --as 赵秘书 ledger close 3
check_fails "operator (admin) cannot close" m ledger close 3
check_fails "organizer send back needs reason" m --as 周organizer ledger sendback 3
check "organizer sends back" m --as 周organizer ledger sendback 3 --note 佐证材料不足
check_contains "sent back is yellow" "会议文件偏多" m ledger list --meeting 2 --color yellow
m --as 孙副局长 ledger finish 3 --note 补充了佐证材料 >/dev/null
check "organizer closes" m --as 周organizer ledger close 3
check_fails "closed item cannot be edited" m ledger update 3 --measure 改
check_contains "close recorded with closer" "销号人：1" m ledger show 3
n=$(m ledger list --meeting 2 | tail -1)
[ "$n" = "共 3 项" ] && ok "closed item no longer carried" || notok "carry after close" "$n"
check_fails "outsider cannot add talk" m --as 外单位人员 talk add --meeting 2 --a-id 4 --b-id 5 --date 2026-11-05
check "member records own talk" m --as 孙副局长 talk add --meeting 2 --a-id 4 --b-id 5 --date 2026-11-05
check_fails "secretary cannot issue notice" m --as 赵秘书 notice add --org 1 --year 2026 --kind dlm --theme X

# --- export / import round trip ---
m export --meeting 2 -o "$TMP/e1.json" 2>/dev/null
check "import into empty db" "$MJ" --db "$G" import "$TMP/e1.json"
"$MJ" --db "$G" export --meeting 2 -o "$TMP/e2.json" 2>/dev/null
cmp -s "$TMP/e1.json" "$TMP/e2.json" && ok "export-import-export identical" || notok "round trip" "$(diff "$TMP/e1.json" "$TMP/e2.json" | head -5)"
check "import again is idempotent" "$MJ" --db "$G" import "$TMP/e1.json"
check "imported db audit verifies" "$MJ" --db "$G" audit verify
sed 's/本年度新问题/被改动的问题/' "$TMP/e1.json" > "$TMP/e3.json"
check_fails "conflicting import refused" "$MJ" --db "$G" import "$TMP/e3.json"

# --- bad input leaves the database byte for byte unchanged ---
check "audit verify before" m audit verify
db_dump "$DB" "$TMP/before.dump"
bad() { n=$1; shift; if m "$@" >/dev/null 2>"$TMP/err"; then notok "$n" "accepted"; elif db_dump "$DB" "$TMP/after.dump"; ! cmp -s "$TMP/after.dump" "$TMP/before.dump"; then diff "$TMP/before.dump" "$TMP/after.dump" | head -5;  notok "$n: db changed"; elif [ "$(wc -l < "$TMP/err")" -ne 1 ]; then notok "$n: not one line" "$(cat "$TMP/err")"; else ok "$n"; fi; }
bad "unknown id" talk add --meeting 99 --a-id 3 --b-id 4 --date 2026-11-01
bad "impossible date" talk add --meeting 2 --a-id 3 --b-id 4 --date 2026-02-30
bad "invalid utf-8" opinion add --meeting 2 --channel form --text "$(printf 'bad\377text')"
bad "text over limit" person add --name "$(printf '%070d' 0)" --role staff
bad "unknown enum" opinion add --meeting 2 --channel 飞鸽传书 --text 意见
bad "forbidden transition" ledger start 3
bad "role forbids" --as 外单位人员 ledger start 1
bad "malformed import" import /dev/null
bad "unknown option" talk list --colour red
bad "same person talk" talk add --meeting 2 --a-id 3 --b-id 3 --date 2026-11-01
printf '{"format":"mingjing-meeting","version":1,"records":{"org":[{"id":50,"name":"","kind":"unit"}]}}' > "$TMP/badimp.json"
bad "invalid row in import" import "$TMP/badimp.json"

# --- audit tamper detection ---
check "audit verify passes" m audit verify
T1=$(db_copy "$DB" t1); db_sql "$T1" "UPDATE item SET problem='悄悄改动' WHERE id=1"
out=$("$MJ" --db "$T1" audit verify 2>&1) && notok "direct UPDATE caught" || case "$out" in *"整改台账条目编号 1"*) ok "direct UPDATE caught and named";; *) notok "direct UPDATE message" "$out";; esac
T2=$(db_copy "$DB" t2); db_sql "$T2" "UPDATE audit_log SET content=replace(content,'钱局长','某某') WHERE seq=(SELECT min(seq) FROM audit_log WHERE content LIKE '%钱局长%')"
check_fails "edited audit entry caught" "$MJ" --db "$T2" audit verify
T3=$(db_copy "$DB" t3); db_sql "$T3" "DELETE FROM audit_log WHERE seq=5"
check_contains "deleted audit entry caught" "第 5 条" "$MJ" --db "$T3" audit verify
T4=$(db_copy "$DB" t4); db_sql_nofk "$T4" "DELETE FROM talk WHERE id=1"
check_contains "deleted row caught" "talk:1" "$MJ" --db "$T4" audit verify
T5=$(db_copy "$DB" t5); db_sql "$T5" "INSERT INTO study(meeting_id,date,topic) VALUES (2,'2026-11-01','x')"
check_contains "inserted row caught" "没有对应的审计记录" "$MJ" --db "$T5" audit verify

# --- help and usage ---
check_contains "help lists commands" "status" "$MJ" --help
check_contains "entity help lists fields" "--planned-date" "$MJ" meeting --help
check_fails "unknown command" "$MJ" frobnicate
