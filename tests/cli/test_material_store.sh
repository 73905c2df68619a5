# Materials in the store, on the demo: draft with a truthful section 一, upload
# by the author only, return for rewriting, a second version and its diff,
# approval, problems into the ledger with links kept across versions, docx
# upload, bad files refused with nothing stored.
. "$(dirname "$0")/lib.sh"
DB=$TMP/m.db
m() { "$MJ" --db "$DB" "$@"; }
m demo >/dev/null 2>&1 || { notok "demo"; exit 0; }
MEET=$(sqlite3 "$DB" "SELECT x.id FROM meeting x JOIN team t ON t.id = x.team_id WHERE t.name LIKE '市发展改革委%' AND t.kind = 'leadership' AND x.year = 2026")
ZH=$(sqlite3 "$DB" "SELECT id FROM person WHERE login = 'zhanghua'")
HEAD=$(sqlite3 "$DB" "SELECT head_id FROM team WHERE name LIKE '市发展改革委%' AND kind = 'leadership'")

# --- the draft reports last year's ledger truthfully ---
m material draft --meeting "$MEET" --member zhanghua -o "$TMP/draft.md"
closed=$(sqlite3 "$DB" "SELECT count(*) FROM item i JOIN meeting x ON x.id=i.meeting_id WHERE x.team_id=(SELECT team_id FROM meeting WHERE id=$MEET) AND x.year=2025 AND i.owner_id=$ZH AND i.status='closed'")
total=$(sqlite3 "$DB" "SELECT count(*) FROM item i JOIN meeting x ON x.id=i.meeting_id WHERE x.team_id=(SELECT team_id FROM meeting WHERE id=$MEET) AND x.year=2025 AND i.owner_id=$ZH")
grep -q "收集的${total}个问题" "$TMP/draft.md" && ok "draft counts $total problems of last year" || notok "draft total" "$(head -12 "$TMP/draft.md")"
grep -q "对账销号${closed}个，尚未完成$((total - closed))个" "$TMP/draft.md" && ok "draft: $closed closed, $((total - closed)) open" || notok "draft closed/open"
n=$(grep -o '[一二三四五六七八九十]是' "$TMP/draft.md" | wc -l)
[ "$n" -eq "$total" ] && ok "draft lists exactly the $total items (invents none)" || notok "draft items" "$n vs $total"
areas=$(sqlite3 "$DB" "SELECT count(*) FROM area WHERE notice_id=(SELECT notice_id FROM meeting WHERE id=$MEET)")
got=$(m material parse "$TMP/draft.md" --json | grep -c '"marker":"（[一二三四五六七八九十]）"')
[ "$got" -ge "$areas" ] && ok "draft has one subsection per area ($areas)" || notok "draft subsections" "$got"
check "draft renders to docx" m material draft --meeting "$MEET" --member zhanghua --to docx -o "$TMP/draft.docx"

# --- a material written by its author ---
write_material() {  # $1 file, $2 extra problem (optional)
  {
    echo "# 张华同志个人对照检查材料"
    echo
    echo "按照通知要求，本人认真学习研讨，广泛听取意见，现将对照检查情况报告如下。"
    echo
    echo "一、上年度整改措施落实情况及有关情况说明"
    echo
    echo "（一）上年度整改措施落实情况"
    echo
    echo "上年度本人负责的问题大部分已经销号，其余问题正在推进。"
    echo
    echo "（二）有关情况说明"
    echo
    echo "本人已如实报告个人有关事项，本年度未收到函询。"
    echo
    echo "二、存在的问题"
    echo
    i=0
    sqlite3 "$DB" "SELECT title FROM area WHERE notice_id=(SELECT notice_id FROM meeting WHERE id=$MEET) ORDER BY ord" | while read -r t; do
      i=$((i+1))
      cn=$(echo "一 二 三 四 五 六 七 八 九" | cut -d' ' -f$i)
      echo "（$cn）$t"
      echo
      echo "一是第${i}方面调研不够深入。今年三月到社会发展科调研只听了汇报，没有到项目现场核实。二是第${i}方面跟踪落实不够。两项重点任务推进会后没有再过问进度。"
      echo
    done
    [ -n "$2" ] && { echo "（六）补充问题"; echo; echo "一是$2。十月份一次督办会议准备不足。"; echo; }
    echo "三、原因剖析"
    echo
    echo "一是理论学习不够系统。二是宗旨意识有所淡化。"
    echo
    echo "四、整改措施"
    echo
    echo "一是每季度到分管科室蹲点调研一次，2027年3月底前完成首轮。二是建立重点任务台账，每月调度。"
  } > "$1"
}
write_material "$TMP/v1.md"
cp "$DB" "$TMP/before.db"
check_fails "secretary cannot write another's material (不得代写)" m --as liqiang material add --meeting "$MEET" --member zhanghua "$TMP/v1.md"
cmp -s "$DB" "$TMP/before.db" && ok "refused upload changed nothing" || notok "refused upload changed db"
out=$(m --as zhanghua material add --meeting "$MEET" --member zhanghua "$TMP/v1.md")
MAT=$(sqlite3 "$DB" "SELECT id FROM material WHERE meeting_id=$MEET AND person_id=$ZH AND kind='member'")
case "$out" in *"第 2 版"*|*"第 1 版"*) ok "author uploads a version ($out)";; *) notok "upload" "$out";; esac
V1=$(sqlite3 "$DB" "SELECT current_version FROM material WHERE id=$MAT")
check_fails "author cannot approve own material" m --as zhanghua material approve "$MAT"
check_fails "return needs a reason and deadline" m --as "$HEAD" material return "$MAT"
check "head returns with reason and deadline" m --as "$HEAD" material return "$MAT" --reason 问题不够具体 --due 2026-11-28
check_contains "status shows the rewrite deadline" "退回重写，期限 2026-11-28" m status --meeting "$MEET"
write_material "$TMP/v2.md" "对年轻干部关心不够"
check "author uploads a rewrite" m --as zhanghua material add --meeting "$MEET" --member zhanghua "$TMP/v2.md"
V2=$(sqlite3 "$DB" "SELECT current_version FROM material WHERE id=$MAT")
d=$(m material diff "$MAT" "$V1" "$V2")
case "$d" in *"新增问题（1）"*"对年轻干部关心不够"*"删去问题（0）"*) ok "diff shows the one new problem";; *) notok "diff" "$d";; esac
created=$(m --json material to-ledger "$MAT" --deadline 2027-06-30)
case "$created" in *'"created": 11'*) ok "11 problems into the ledger";; *) notok "to-ledger" "$created";; esac
again=$(m --json material to-ledger "$MAT")
case "$again" in *'"created": 0, "already_linked": 11'*) ok "to-ledger is idempotent";; *) notok "to-ledger again" "$again";; esac
check_contains "show links problems to ledger items" "→ 台账" m material show "$MAT"
# a docx of the same content keeps the links of unchanged problems
m material render "$TMP/v2.md" --to docx -o "$TMP/v3.docx"
check "docx upload" m --as zhanghua material add --meeting "$MEET" --member zhanghua "$TMP/v3.docx"
linked=$(m --json material show "$MAT" | grep -c '"item_id": [0-9]')
[ "$linked" -eq 11 ] && ok "new version keeps the 11 links" || notok "links kept" "$linked"
check "organizer (督导) approves" m --as wangmin material approve "$MAT"
check_fails "no upload after 定稿" m --as zhanghua material add --meeting "$MEET" --member zhanghua "$TMP/v2.md"

# --- bad files: clear message, nothing stored ---
cp "$DB" "$TMP/before2.db"
printf 'PK\003\004garbage' > "$TMP/bad.docx"
check_fails "corrupt docx refused" m --as zhanghua material add --meeting "$MEET" --member 李强 "$TMP/bad.docx"
printf '这只是一段随手写的话，没有任何章节。\n' > "$TMP/notmat.txt"
ONE=$(sqlite3 "$DB" "SELECT p.login FROM member mb JOIN person p ON p.id=mb.person_id WHERE mb.team_id=(SELECT team_id FROM meeting WHERE id=$MEET) AND p.id NOT IN ($ZH, $HEAD) LIMIT 1")
check_contains "a file that is not a material is refused" "没有找到对照检查材料的章节" m --as "$ONE" material add --meeting "$MEET" --member "$ONE" "$TMP/notmat.txt"
cmp -s "$DB" "$TMP/before2.db" && ok "bad files stored nothing" || notok "bad files changed the db"
check "audit verifies after the material flow" m audit verify
