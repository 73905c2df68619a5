# Review of stored materials (scenario 3): a member's material that copies
# from a template collection a reviewer loaded with `corpus add`; the review
# names the copied passages and their source, the missing area, and last
# year's unreported item; the index is persisted and reused; the seed, stored
# as a material, is reviewed against a collection holding a copy of parts of it.
. "$(dirname "$0")/lib.sh"
DB=$TMP/r.db
# The stored index in the database (the blob) is what this file tests; the
# index file mapped beside the database has its own suite (test_review_cache).
export MINGJING_INDEX_CACHE=off
m() { "$MJ" --db "$DB" "$@"; }
m demo >/dev/null 2>&1 || { notok "demo"; exit 0; }
MEET=$(sqlite3 "$DB" "SELECT x.id FROM meeting x JOIN team t ON t.id = x.team_id WHERE t.name LIKE '市发展改革委%' AND t.kind='leadership' AND x.year = 2026")
# the template collection: one model text of our own
mkdir -p "$TMP/tpl"
TPL="在理论学习方面，存在学用脱节的问题，满足于读原文、记笔记，结合分管工作深入思考不够，运用理论解决发展难题的本领还不强。在担当作为方面，面对矛盾问题有时存在畏难情绪，习惯于按部就班，主动破题的办法不多。"
printf '范文一\n\n%s\n' "$TPL" > "$TMP/tpl/fanwen1.txt"
printf '范文二\n\n办公经费管理需要进一步规范，公务接待标准执行有松懈的苗头。\n' > "$TMP/tpl/fanwen2.txt"
check "organizer loads the template collection" m --as wangmin corpus add 范文 "$TMP/tpl"
check_fails "a member cannot load collections" m --as zhanghua corpus add 私货 "$TMP/tpl"
check_contains "corpus list" "范文：2 篇" m corpus list
# 张华's material: areas 1,2,4,5 covered (3 missing), area 1 copies the template
{
  echo "# 张华同志对照检查材料"; echo
  echo "现将个人对照检查情况报告如下。"; echo
  echo "一、上年度整改措施落实情况及有关情况说明"; echo
  echo "（一）上年度整改措施落实情况"; echo
  echo "上年度本人负责的问题已大部分整改。"; echo
  echo "（二）有关情况说明"; echo
  echo "本人已如实报告个人有关事项。"; echo
  echo "二、存在的问题"; echo
  i=0
  sqlite3 "$DB" "SELECT title FROM area WHERE notice_id=(SELECT notice_id FROM meeting WHERE id=$MEET) ORDER BY ord" | while read -r t; do
    i=$((i+1)); [ $i -eq 3 ] && continue
    cn=$(echo "一 二 三 四 五" | cut -d' ' -f$i)
    echo "（$cn）$t"; echo
    if [ $i -eq 1 ]; then echo "一是$TPL"; else echo "一是今年五月到价格管理科调研时只听取汇报，没有到窗口核实${i}项收费清单。"; fi
    echo
  done
  echo "三、原因剖析"; echo; echo "一是理论学习抓得不紧。"; echo
  echo "四、整改措施"; echo; echo "一是每季度到分管科室调研一次，2027年6月底前完成。"
} > "$TMP/zh.md"
m --as zhanghua material add --meeting "$MEET" --member zhanghua "$TMP/zh.md" >/dev/null
MAT=$(sqlite3 "$DB" "SELECT id FROM material WHERE meeting_id=$MEET AND person_id=(SELECT id FROM person WHERE login='zhanghua') AND kind='member'")
out=$(m review --material "$MAT")
case "$out" in *"比对库“范文”：fanwen1.txt"*) ok "copied passage names its source";; *) notok "source named" "$(printf '%s' "$out" | tail -20)";; esac
# the middle of the template: where a passage starts and ends next to 套话
# (the headings every material shares) moves by up to w - 1 characters
case "$out" in *"结合分管工作深入思考不够"*) ok "the copied passage is quoted";; *) notok "passage quoted";; esac
case "$out" in *"没有查摆出问题"*) ok "the missing area is reported";; *) notok "missing area" "$(printf '%s' "$out" | head -8)";; esac
case "$out" in *"在上年度整改落实情况中未见报告"*) ok "last year's unreported items are named";; *) notok "ledger coverage";; esac
j=$(m --json review --material "$MAT")
case "$j" in *'"checks"'*'"area_missing"'*) ok "JSON carries the checks";; *) notok "json checks";; esac
ratio=$(printf '%s' "$j" | sed -n 's/.*"copy_ratio": \([0-9.]*\).*/\1/p' | head -1)
awk -v r="$ratio" 'BEGIN { exit !(r > 0.15 && r < 0.6) }' && ok "copy ratio $ratio (template share of the text)" || notok "copy ratio" "$ratio"
n=$(sqlite3 "$DB" "SELECT count(*) FROM review_index")
[ "$n" -ge 1 ] && ok "the corpus index is persisted" || notok "index persisted"
sig=$(sqlite3 "$DB" "SELECT signature FROM review_index")
m review --material "$MAT" >/dev/null
[ "$(sqlite3 "$DB" "SELECT signature FROM review_index")" = "$sig" ] && ok "unchanged corpus reuses the index" || notok "index reuse"
# With the stored index the texts are fetched one by one, for the candidates
# only; without it every text is read and the index built: the same report.
m --json review --material "$MAT" >"$TMP/lazy.json"
sqlite3 "$DB" "DELETE FROM review_index"
m --json review --material "$MAT" >"$TMP/full.json"
cmp -s "$TMP/lazy.json" "$TMP/full.json" && ok "stored index (texts fetched on demand) gives the report of a fresh build" ||
  notok "lazy vs full" "$(diff "$TMP/lazy.json" "$TMP/full.json" | head -5)"
# An index stored in format 1 (fingerprints of the earlier k-gram hash) is
# refused, rebuilt and stored again in the current format: the same report.
sqlite3 "$DB" "UPDATE review_index SET blob = CAST(X'4D4A495801000000' || substr(blob, 9) AS BLOB)"
[ "$(sqlite3 "$DB" "SELECT hex(substr(blob, 1, 8)) FROM review_index")" = 4D4A495801000000 ] || notok "format-1 blob planted"
m --json review --material "$MAT" >"$TMP/stale.json"
cmp -s "$TMP/stale.json" "$TMP/full.json" && ok "an index of the earlier format is not used: the report of a fresh build" ||
  notok "stale index" "$(diff "$TMP/stale.json" "$TMP/full.json" | head -5)"
[ "$(sqlite3 "$DB" "SELECT hex(substr(blob, 5, 4)) FROM review_index")" = 02000000 ] && ok "the rebuilt index replaces it (format 2)" ||
  notok "stale index replaced" "$(sqlite3 "$DB" "SELECT hex(substr(blob, 1, 8)) FROM review_index")"
check_contains "meeting review lists the material" "张华" m review --meeting "$MEET"
check "audit verifies (index is derived data)" m audit verify
check_fails "unknown material" m review --material 99999
check_fails "material and meeting together" m review --material "$MAT" --meeting "$MEET"
check "html report" m review --material "$MAT" --html "$TMP/r.html"
grep -q "<mark" "$TMP/r.html" && ok "html highlights copied passages" || notok "html mark"
# the seed as a stored material, against a collection copying parts of it
SEED="${MJ_SEED_DIR:-../shared/seed}/000_357417ef9be4b89b.txt"
if [ -f "$SEED" ]; then
  mkdir -p "$TMP/copy"
  { awk '{ print length($0) " " $0 }' "$SEED" | sort -rn | head -1 | cut -d' ' -f2- | tail -c 900; echo; echo "本文其余部分为另行撰写的内容，用来检验比对。"; } > "$TMP/copy/copied.txt"
  m --as wangmin corpus add 收集 "$TMP/copy" >/dev/null
  ONE=$(sqlite3 "$DB" "SELECT p.login FROM member mb JOIN person p ON p.id=mb.person_id WHERE mb.team_id=(SELECT team_id FROM meeting WHERE id=$MEET) AND p.login NOT IN ('zhanghua') AND NOT EXISTS (SELECT 1 FROM material x WHERE x.meeting_id=$MEET AND x.person_id=p.id AND x.state='final') ORDER BY mb.ord DESC LIMIT 1")
  ID=$(sqlite3 "$DB" "SELECT id FROM person WHERE login='$ONE'")
  OLD=$(sqlite3 "$DB" "SELECT count(*) FROM material WHERE meeting_id=$MEET AND person_id=$ID AND state='final'")
  if [ "$OLD" = 0 ]; then
    m --as "$ONE" material add --meeting "$MEET" --member "$ONE" "$SEED" >/dev/null
    SM=$(sqlite3 "$DB" "SELECT id FROM material WHERE meeting_id=$MEET AND person_id=$ID AND kind='member'")
    check_contains "seed reviewed: passage from the collection found" "比对库“收集”：copied.txt" m review --material "$SM" --corpus 收集
  else
    skip "seed review: chosen member's material already final"
  fi
else
  skip "seed absent"
fi
