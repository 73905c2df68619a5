# End-to-end test of `mingjing report` on the demo data (MINGJING_TODAY
# 2026-11-20): the 情况报告 of a meeting to Markdown and .docx (sections,
# counts checked against the database, the due date, the three lists of the
# rectification plan; rendered through LibreOffice when installed), the
# roll-up of a notice to .xlsx/.docx (one row per team, teams without a
# report first) with native charts in both, the SVG charts (by team, by
# area, over the years, talk coverage), the attachments on pages of their
# own, and refusal of unknown meetings/notices.
. "$(dirname "$0")/lib.sh"
DB=$TMP/r.db
m() { "$MJ" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
m demo >/dev/null 2>&1 || { notok "demo data"; exit 0; }
# A leadership team under the same superior with no meeting at all.
m team add --name 市测试局领导班子 --kind leadership --org 3 --superior-org-id 1 >/dev/null

# 1. The 2025 meeting of 市发展改革委 (held and reported).
MID=$(q "SELECT m.id FROM meeting m JOIN team t ON t.id=m.team_id WHERE t.name='市发展改革委领导班子' AND m.year=2025")
m report --meeting "$MID" --to md > "$TMP/r.md" 2>"$TMP/err"
check "report --meeting --to md exits 0" test -s "$TMP/r.md"
check_contains "title" "# 关于市发展改革委领导班子2025年度民主生活会召开情况的报告" cat "$TMP/r.md"
for s in 一、会前准备情况 二、会议召开情况 三、查摆的主要问题 四、整改方案 附件1：会议记录 附件2：整改方案 （一）问题清单 （二）任务清单 （三）责任清单; do
  check_contains "section $s" "$s" cat "$TMP/r.md"
done
SH=$(q "SELECT count(*) FROM attendance WHERE meeting_id=$MID AND should_attend<>0 AND is_supervisor=0")
AT=$(q "SELECT count(*) FROM attendance WHERE meeting_id=$MID AND should_attend<>0 AND attended<>0 AND is_supervisor=0")
check_contains "attendance 应到/实到 ($SH/$AT)" "会议应到${SH}人，实到${AT}人" cat "$TMP/r.md"
NI=$(q "SELECT count(*) FROM item WHERE meeting_id=$MID")
check_contains "items count ($NI)" "共列出整改事项${NI}项" cat "$TMP/r.md"
check "one 任务清单 entry per item" test "$(grep -c '^第[0-9]*项　整改措施' "$TMP/r.md")" -eq "$NI"
check "one 责任清单 entry per item" test "$(grep -c '^第[0-9]*项　责任人' "$TMP/r.md")" -eq "$NI"
NC=$(q "SELECT count(*) FROM criticism WHERE meeting_id=$MID")
check_contains "criticisms count ($NC)" "共提出相互批评意见${NC}条" cat "$TMP/r.md"
DUE=$(q "SELECT date(m.actual_date, '+' || n.report_due_days || ' days') FROM meeting m JOIN notice n ON n.id=m.notice_id WHERE m.id=$MID")
DUECN=$(echo "$DUE" | awk -F- '{printf "%d年%d月%d日", $1, $2, $3}')
check_contains "due date ($DUECN)" "本报告应于${DUECN}前" cat "$TMP/r.md"
P1=$(q "SELECT problem FROM item WHERE meeting_id=$MID ORDER BY id LIMIT 1" | sed 's/。.*//')
check_contains "a problem of the ledger is listed" "$P1" cat "$TMP/r.md"
check_contains "problems grouped by area" "（一）$(q "SELECT a.title FROM area a JOIN meeting m ON m.notice_id=a.notice_id WHERE m.id=$MID ORDER BY a.ord LIMIT 1")" cat "$TMP/r.md"

# 2. A meeting with opinions and talks recorded: the counts.
M2=$(q "SELECT meeting_id FROM talk GROUP BY meeting_id ORDER BY meeting_id LIMIT 1")
m report --meeting "$M2" --to md > "$TMP/r2.md"
OP=$(q "SELECT count(*) FROM opinion WHERE meeting_id=$M2")
TK=$(q "SELECT count(*) FROM talk WHERE meeting_id=$M2")
check_contains "opinions total ($OP)" "共征求意见建议${OP}条" cat "$TMP/r2.md"
check_contains "talks and 人次 ($TK, $((TK * 2)))" "共开展谈心谈话${TK}次、$((TK * 2))人次" cat "$TMP/r2.md"
ST=$(q "SELECT count(*) FROM study WHERE meeting_id=$M2")
check_contains "study sessions ($ST)" "学习研讨${ST}次" cat "$TMP/r2.md"

# 3. docx.
m report --meeting "$MID" --to docx -o "$TMP/r.docx" >/dev/null
unzip -p "$TMP/r.docx" word/document.xml > "$TMP/doc.xml" 2>/dev/null
check_contains "docx: title" "关于市发展改革委领导班子2025年度民主生活会召开情况的报告" cat "$TMP/doc.xml"
for s in 问题清单 任务清单 责任清单; do check_contains "docx: $s" "$s" cat "$TMP/doc.xml"; done
# the attachments: each starts a page with "附件N" in 黑体, then its title centred (Title style)
tr '<' '\n' < "$TMP/doc.xml" | grep -n '' > "$TMP/doc.lines"
for a in 1:会议记录 2:整改方案; do
  an=${a%%:*} at=${a#*:}
  L=$(grep -n ">附件$an\$" "$TMP/doc.lines" | head -1 | cut -d: -f1)
  check "docx: 附件$an is a paragraph of its own" test -n "$L"
  check "docx: 附件$an starts a new page" sh -c "head -n '${L:-1}' '$TMP/doc.lines' | tail -n 12 | grep -q 'w:pageBreakBefore'"
  check "docx: 附件$an title '$at' follows in the Title style" sh -c "sed -n '${L:-1},\$p' '$TMP/doc.lines' | head -20 | grep -q 'w:val=\"Title\"' && sed -n '${L:-1},\$p' '$TMP/doc.lines' | head -30 | grep -q '>$at\$'"
done
check "docx: exactly two page breaks (the two attachments)" test "$(grep -o 'w:pageBreakBefore' "$TMP/doc.xml" | wc -l)" -eq 2
check_contains "docx: the list of attachments before the signature" "附件：1.会议记录　2.整改方案（问题清单、任务清单、责任清单）" cat "$TMP/doc.xml"
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
  (cd "$TMP" && timeout 180 soffice --headless --norestore "-env:UserInstallation=file://$TMP/lo" \
     --convert-to pdf --outdir "$TMP" "$TMP/r.docx" >/dev/null 2>&1)
  if [ -s "$TMP/r.pdf" ]; then
    pdftotext "$TMP/r.pdf" - | tr -d ' \n' > "$TMP/r.txt"
    check_contains "pdf: title" "关于市发展改革委领导班子2025年度民主生活会召开情况的报告" cat "$TMP/r.txt"
    check_contains "pdf: a problem" "$(echo "$P1" | tr -d ' ')" cat "$TMP/r.txt"
    pdftoppm -png -r 50 -f 1 -l 1 "$TMP/r.pdf" "$TMP/page" && check "pdf: page 1 as PNG" test -s "$TMP/page-1.png" -o -s "$TMP/page-01.png"
    [ -n "$MJ_KEEP_PAGE" ] && cp "$TMP"/page-*1.png "$MJ_KEEP_PAGE"
    # 附件1 and 附件2 each open a page: the first line of some page
    NP=$(pdfinfo "$TMP/r.pdf" | sed -n 's/^Pages: *//p')
    for an in 1 2; do
      found=""
      for pg in $(seq 1 "$NP"); do
        [ "$(pdftotext -f "$pg" -l "$pg" "$TMP/r.pdf" - | head -1 | tr -d ' ')" = "附件$an" ] && found=$pg
      done
      check "pdf: 附件$an heads a page (page ${found:-none})" test -n "$found"
    done
  else
    notok "libreoffice converts the report to pdf"
  fi
else
  skip "libreoffice/pdftotext not installed: pdf check"
fi

# 4. Roll-up of the notice of the 2025 meetings.
NID=$(q "SELECT notice_id FROM meeting WHERE id=$MID")
NT=$(q "SELECT count(*) FROM team WHERE superior_org_id=(SELECT org_id FROM notice WHERE id=$NID) AND kind='leadership'")
m report --notice "$NID" --rollup --to xlsx -o "$TMP/ru.xlsx" >/dev/null
check "rollup xlsx written" test -s "$TMP/ru.xlsx"
unzip -p "$TMP/ru.xlsx" xl/worksheets/sheet1.xml > "$TMP/s1.xml"
unzip -p "$TMP/ru.xlsx" xl/sharedStrings.xml | grep -o '<t[^>]*>[^<]*</t>' | sed 's/<[^>]*>//g' > "$TMP/ss.txt"
check "rollup: one row per team ($NT) + header" test "$(grep -o '<row ' "$TMP/s1.xml" | wc -l)" -eq $((NT + 1))
check "rollup: frozen header and autofilter" sh -c "grep -q '<pane ' '$TMP/s1.xml' && grep -q autoFilter '$TMP/s1.xml'"
check "rollup: second sheet with totals" sh -c "unzip -p '$TMP/ru.xlsx' xl/workbook.xml | grep -q '合计'"
NR=$(q "SELECT count(*) FROM meeting WHERE notice_id=$NID AND report_sent_on IS NOT NULL")
# rows in order: the first $((NT - NR)) team names are the ones without a report
FIRST=$(sed -n 19p "$TMP/ss.txt")
check_contains "rollup: a team without a report comes first ($FIRST)" "$FIRST" sh -c "sqlite3 '$DB' \"SELECT name FROM team WHERE id NOT IN (SELECT team_id FROM meeting WHERE notice_id=$NID AND report_sent_on IS NOT NULL)\""
check_contains "rollup: the team without a meeting is 未安排" "未安排" cat "$TMP/ss.txt"
LASTUNREP=$(m report --notice "$NID" --rollup --to docx -o "$TMP/ru.docx" >/dev/null; unzip -p "$TMP/ru.docx" word/document.xml)
check_contains "rollup docx: the team without a meeting" "市测试局领导班子" echo "$LASTUNREP"
check_contains "rollup docx: counts" "已报送情况报告${NR}个" echo "$LASTUNREP"

# 4b. The roll-up's charts as native charts: four in the .docx, four in the .xlsx.
NAREA=$(q "SELECT count(*) FROM area WHERE notice_id=$NID")
check "rollup docx: four chart parts" test "$(unzip -l "$TMP/ru.docx" | grep -c 'word/charts/chart[0-9]*\.xml')" -eq 4
check "rollup docx: four drawings in the text" test "$(echo "$LASTUNREP" | grep -o '<c:chart ' | wc -l)" -eq 4
check_contains "rollup docx: chart content type" "drawingml.chart+xml" sh -c "unzip -p '$TMP/ru.docx' '\\[Content_Types\\].xml'"
check "rollup docx: chart relationships" test "$(unzip -p "$TMP/ru.docx" word/_rels/document.xml.rels | grep -o 'relationships/chart"' | wc -l)" -eq 4
for i in 1 2 3 4; do
  if command -v xmllint >/dev/null 2>&1; then
    check "rollup docx: chart$i.xml well-formed" sh -c "unzip -p '$TMP/ru.docx' word/charts/chart$i.xml | xmllint --noout -"
  fi
done
unzip -p "$TMP/ru.docx" word/charts/chart1.xml > "$TMP/c1.xml"
check "docx chart 1: one category per team ($NT)" test "$(grep -o '<c:ptCount val="[0-9]*"/>' "$TMP/c1.xml" | head -1 | tr -dc 0-9)" -eq "$NT"
check_contains "docx chart 1: stacked by status" '<c:grouping val="stacked"/>' cat "$TMP/c1.xml"
for st in 已销号 已整改 整改中 待整改; do check_contains "docx chart 1: series $st" "<c:v>$st</c:v>" cat "$TMP/c1.xml"; done
# the values are the database's counts: the sum over the 已销号 series
CLOSED=$(q "SELECT count(*) FROM item i JOIN meeting m ON m.id=i.meeting_id WHERE m.notice_id=$NID AND i.status='closed'")
SUM=$(sed 's|</c:ser>|\n|g' "$TMP/c1.xml" | grep '<c:v>已销号</c:v>' | grep -o '<c:pt idx="[0-9]*"><c:v>[0-9.]*</c:v>' | sed 's/.*<c:v>//; s/<.*//' | awk '{s+=$1} END {print s+0}')
check "docx chart 1: 已销号 sums to the database's $CLOSED" test "$SUM" -eq "$CLOSED"
unzip -p "$TMP/ru.docx" word/charts/chart2.xml > "$TMP/c2.xml"
check_contains "docx chart 2: an area of the notice" "$(q "SELECT title FROM area WHERE notice_id=$NID ORDER BY ord LIMIT 1")" cat "$TMP/c2.xml"
check_contains "docx chart 3: the year" "$(q "SELECT year FROM notice WHERE id=$NID")年度" sh -c "unzip -p '$TMP/ru.docx' word/charts/chart3.xml"
check_contains "docx chart 4: talk coverage axis up to 100" '<c:max val="100"/>' sh -c "unzip -p '$TMP/ru.docx' word/charts/chart4.xml"
for c in 图1 图2 图3 图4; do check_contains "rollup docx: caption $c" "$c" echo "$LASTUNREP"; done
check "rollup xlsx: four native charts" test "$(unzip -l "$TMP/ru.xlsx" | grep -c 'xl/charts/chart[0-9]*\.xml')" -eq 4
check "rollup xlsx: a chart sheet and its data sheet" sh -c "unzip -p '$TMP/ru.xlsx' xl/workbook.xml | grep -q 'name=\"图表\"' && unzip -p '$TMP/ru.xlsx' xl/workbook.xml | grep -q 'name=\"图表数据\"'"
check_contains "rollup xlsx: chart drawn from the data sheet" "图表数据" sh -c "unzip -p '$TMP/ru.xlsx' xl/charts/chart1.xml"
check_contains "rollup xlsx: stacked bars" '<c:grouping val="stacked"/>' sh -c "unzip -p '$TMP/ru.xlsx' xl/charts/chart1.xml"

# 5. Charts.
for c in ledger talks; do
  m report --notice "$NID" --chart $c -o "$TMP/$c.svg" >/dev/null
  if command -v xmllint >/dev/null 2>&1; then check "chart $c: well-formed SVG" xmllint --noout "$TMP/$c.svg"; fi
  check "chart $c: one bar per team ($NT)" test "$(grep -o 'class="bar"' "$TMP/$c.svg" | wc -l)" -eq "$NT"
  check_contains "chart $c: team label" "市测试局领导班子" cat "$TMP/$c.svg"
done
# by area: list one material's problems into the ledger, then its area counts them
MAT=$(q "SELECT x.id FROM material x JOIN meeting m ON m.id=x.meeting_id WHERE m.notice_id=$NID AND x.current_version>0 ORDER BY x.id LIMIT 1")
m material to-ledger "$MAT" --deadline 2027-06-30 >/dev/null
NL=$(q "SELECT count(*) FROM material_link WHERE material_id=$MAT")
check "to-ledger linked problems of material $MAT ($NL)" test "$NL" -gt 0
for c in areas trend; do
  m report --notice "$NID" --chart $c -o "$TMP/$c.svg" >/dev/null
  if command -v xmllint >/dev/null 2>&1; then check "chart $c: well-formed SVG" xmllint --noout "$TMP/$c.svg"; fi
done
check "chart areas: one bar per area ($NAREA) + 未归入对照方面" test "$(grep -o 'class="bar"' "$TMP/areas.svg" | wc -l)" -eq $((NAREA + 1))
check_contains "chart areas: 未归入对照方面" "未归入对照方面" cat "$TMP/areas.svg"
# the totals printed after the bars add up to every item under the notice
ALL=$(q "SELECT count(*) FROM item i JOIN meeting m ON m.id=i.meeting_id WHERE m.notice_id=$NID")
TOT=$(grep 'class="bar"' "$TMP/areas.svg" | sed 's/.*<text[^>]*>\([0-9.]*\)<\/text>$/\1/' | awk '{s+=$1} END {print s+0}')
check "chart areas: totals add up to the $ALL items" test "$TOT" -eq "$ALL"
UNA=$(grep -A1 '>未归入对照方面<' "$TMP/areas.svg" | tail -1 | sed 's/.*>\([0-9.]*\)<\/text>$/\1/')
check "chart areas: the $NL linked items left 未归入 ($UNA = $ALL - $NL)" test "$UNA" -eq $((ALL - NL))
YEARS=$(q "SELECT count(DISTINCT m.year) FROM item i JOIN meeting m ON m.id=i.meeting_id WHERE m.kind=(SELECT kind FROM notice WHERE id=$NID) AND m.team_id IN (SELECT team_id FROM meeting WHERE notice_id=$NID)")
check "chart trend: one bar per year with items ($YEARS)" test "$(grep -o 'class="bar"' "$TMP/trend.svg" | wc -l)" -eq "$YEARS"
check_fails "unknown chart refused" m report --notice "$NID" --chart pie -o "$TMP/bad.svg"

# 6. Bad input: non-zero, a Chinese message, nothing written.
check_fails "unknown meeting fails" m report --meeting 9999 --to docx -o "$TMP/bad.docx"
check_contains "unknown meeting: message" "会议编号 9999 不存在" sh -c "'$MJ' --db '$DB' report --meeting 9999 --to md 2>&1"
check_fails "unknown notice fails" m report --notice 9999 --rollup --to xlsx -o "$TMP/bad.xlsx"
check_contains "unknown notice: message" "通知编号 9999 不存在" sh -c "'$MJ' --db '$DB' report --notice 9999 --chart ledger -o '$TMP/bad.svg' 2>&1"
check "nothing written for bad input" sh -c "! ls '$TMP'/bad.* 2>/dev/null | grep -q ."
check_fails "bad format refused" m report --meeting "$MID" --to xlsx -o "$TMP/bad.xlsx"
check_fails "rollup without -o refused" m report --notice "$NID" --rollup --to xlsx
