# Shell tests for `mingjing material parse|render`, including the docx
# rendering checked through LibreOffice (skipped when LibreOffice is absent).
. "$(dirname "$0")/lib.sh"
G=tests/golden/material
SEED="${MJ_SEED_DIR:-../shared/seed}/000_357417ef9be4b89b.txt"

check_contains "parse prints the outline" "[problems/查摆问题]" $MJ material parse $G/md_bold.md
check_contains "parse shows items" "一是满足于读文件" $MJ material parse $G/md_bold.md
check_contains "parse --json gives the tree" '"kind":"causes"' $MJ material parse $G/toc.txt --json
check_contains "global --json works too" '"sections":[' $MJ --json material parse $G/txt_plain.txt
printf '在带头强化理论武装方面\n在带头为民办实事方面\n' >"$TMP/areas.txt"
check_contains "parse --areas matches subsections" "[对照方面 2]" $MJ material parse $G/pdf_wrapped.txt --areas "$TMP/areas.txt"
check_contains "noise lines are reported" "页码" $MJ material parse $G/pdf_wrapped.txt
check_contains "unplaced lines are warned about" "第 3 行无法归入" $MJ material parse $G/hr_lines.md
check_contains "not a material: warning" "可能不是对照检查材料" $MJ material parse $G/not_material.txt
printf '标题\n\n一、查摆问题\n\n一是学习\377不够。\n' >"$TMP/bad.txt"
check_contains "invalid UTF-8 is counted" "1 处无效的 UTF-8" $MJ material parse "$TMP/bad.txt"
check_fails "unknown subcommand fails" $MJ material frobnicate
out=$($MJ material frobnicate 2>&1); rc=$?
[ $rc -eq 2 ] && ok "unknown subcommand exits 2" || notok "unknown subcommand exits 2" "rc=$rc $out"
check_fails "missing file fails" $MJ material parse "$TMP/none.txt"
check_fails "render needs --to" $MJ material render $G/md_bold.md
check_fails "render rejects unknown format" $MJ material render $G/md_bold.md --to pdf
check_fails "docx needs -o" $MJ material render $G/md_bold.md --to docx
check_contains "material --help" "material render" $MJ material --help

for f in md txt html docx; do
  check "render to $f" $MJ material render $G/inline_lead.txt --to $f -o "$TMP/out.$f"
done
check_contains "html is escaped and complete" "</html>" cat "$TMP/out.html"
check_contains "docx parses back" "[measures/整改举措]" $MJ material parse "$TMP/out.docx"
a=$($MJ material parse $G/inline_lead.txt --json | sed 's/,"line":[0-9]*//g; s/"line":[0-9]*,//g; s/"title_line":[0-9]*//; s/"format":"[a-z]*",//')
b=$($MJ material parse "$TMP/out.docx" --json | sed 's/,"line":[0-9]*//g; s/"line":[0-9]*,//g; s/"title_line":[0-9]*//; s/"format":"[a-z]*",//')
[ "$a" = "$b" ] && ok "docx round trip keeps the tree" || notok "docx round trip keeps the tree"
check_contains "render md to stdout" "## 二、检视问题" $MJ material render $G/inline_lead.txt --to md

printf 'PK\003\004garbage word/document.xml garbage' >"$TMP/corrupt.docx"
check_contains "corrupt docx: clear error" "docx" $MJ material parse "$TMP/corrupt.docx"
check_fails "corrupt docx fails" $MJ material parse "$TMP/corrupt.docx"
head -c 52428800 /dev/zero | tr '\0' 'a' >"$TMP/big.txt"
check_fails "50 MB text is refused" $MJ material parse "$TMP/big.txt"
check_contains "50 MB text: clear message" "上限" $MJ material parse "$TMP/big.txt"
rm -f "$TMP/big.txt"

if [ -f "$SEED" ]; then
  out=$($MJ material parse "$SEED" 2>&1)
  n=$(printf '%s\n' "$out" | grep -c '^[一二三四五六七八九十]、')
  [ "$n" -eq 4 ] && ok "seed: four sections" || notok "seed: four sections" "$out"
  SRC="$SEED"
else
  skip "seed material absent ($SEED)"
  SRC=$G/md_bold.md
fi

# The docx through LibreOffice: the PDF must hold the whole text.
LO=$(command -v libreoffice || command -v soffice || true)
if [ -z "$LO" ] || ! command -v pdftotext >/dev/null 2>&1; then
  skip "LibreOffice or pdftotext absent: docx to PDF check not run"
else
  $MJ material render "$SRC" --to docx -o "$TMP/lo.docx" 2>/dev/null
  $MJ material render "$SRC" --to txt -o "$TMP/lo.txt" 2>/dev/null
  (cd "$TMP" && HOME="$TMP" timeout 180 "$LO" --headless --convert-to pdf lo.docx >/dev/null 2>&1)
  if [ -f "$TMP/lo.pdf" ]; then
    ok "LibreOffice converts the docx"
    pdftotext -enc UTF-8 "$TMP/lo.pdf" "$TMP/lo.pdf.txt"
    # drop the footer page numbers "— N —", then compare without whitespace
    sed 's/^— *[0-9][0-9]* *—$//' "$TMP/lo.pdf.txt" | tr -d '[:space:]' >"$TMP/pdf.sq"
    tr -d '[:space:]' <"$TMP/lo.txt" >"$TMP/txt.sq"
    if cmp -s "$TMP/pdf.sq" "$TMP/txt.sq"; then ok "PDF text holds the whole material"
    else notok "PDF text holds the whole material" "$(cmp "$TMP/pdf.sq" "$TMP/txt.sq" 2>&1 | head -2)"; fi
    pages=$(pdfinfo "$TMP/lo.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    size=$(pdfinfo "$TMP/lo.pdf" 2>/dev/null | sed -n 's/^Page size: *//p')
    case "$size" in *"595"*"841"*) ok "PDF is A4 ($pages pages)";; *) notok "PDF is A4" "$size";; esac
    grep -q '^— *2 *—$' "$TMP/lo.pdf.txt" && ok "page numbers in the footer" || notok "page numbers in the footer"
  else
    notok "LibreOffice converts the docx"
  fi
fi
