#!/bin/sh
# `mingjing review` and `mingjing corpus dedup` on the example material: a file
# built at run time from slices of the seed must be reported as its source.
. "$(dirname "$0")/lib.sh"
SEED="${MJ_SEED_DIR:-}/000_357417ef9be4b89b.txt"
if [ ! -f "$SEED" ]; then
  skip "review: example material absent (MJ_SEED_DIR)"
  exit 0
fi
mkdir -p "$TMP/corpus"
# a document that copies two slices of the seed between words of its own
{
  printf '本文是另外一位同志写的开头，内容各不相同。\n'
  dd if="$SEED" bs=1 skip=3000 count=600 2>/dev/null | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null
  printf '\n中间插入自己的一些体会和认识，以示区别。\n'
  dd if="$SEED" bs=1 skip=9000 count=450 2>/dev/null | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null
  printf '\n结尾也是自己写的。\n'
} >"$TMP/corpus/copier.txt"
printf '完全无关的一篇短文，讲的是天气和庄稼。\n' >"$TMP/corpus/other.md"
printf 'not a text file' >"$TMP/corpus/skip.bin"

out=$("$MJ" review "$SEED" --against "$TMP/corpus" --strict 2>&1)
case "$out" in *"抄袭片段（共 2 处"*) ok "review: two copied passages";; *) notok "review: two copied passages" "$(printf '%s' "$out" | head -12)";; esac
case "$out" in *"copier.txt"*) ok "review: source named";; *) notok "review: source named";; esac
case "$out" in *"other.md"*) notok "review: unrelated file not a source";; *) ok "review: unrelated file not a source";; esac
case "$out" in *"套话"*"四个意识"*) ok "review: 套话 listed";; *) notok "review: 套话 listed";; esac

"$MJ" --json review "$SEED" --against "$TMP/corpus" >"$TMP/r.json" 2>&1
if python3 - "$TMP/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(r["passages"]) == 2, r["passages"]
seed = open(sys.argv[1].replace("r.json", "../seed.txt") if False else r["file"], "rb").read()
for p in r["passages"]:
    q = p["query"]
    assert p["length"] >= 13
    assert seed[q["byte_start"]:q["byte_end"]].decode("utf-8") == p["text"]
    assert p["source"]["name"].endswith("copier.txt")
assert 0 < r["copy_ratio"] < 0.2
assert r["tao_ratio"] > 0
PY
then ok "review --json: passages with exact byte offsets"; else notok "review --json: passages with exact byte offsets" "$(head -c 400 "$TMP/r.json")"; fi

check "review --html" "$MJ" review "$SEED" --against "$TMP/corpus" --html "$TMP/r.html"
if grep -q '<mark class="c">' "$TMP/r.html" && grep -q 'copier.txt' "$TMP/r.html" && ! grep -q '<script' "$TMP/r.html"; then
  ok "review --html: passages marked and linked"; else notok "review --html: passages marked and linked"; fi

check_fails "review: empty corpus is an error" "$MJ" review "$SEED" --against "$TMP/nowhere"
check_fails "review: --against required" "$MJ" review "$SEED"

cp "$SEED" "$TMP/corpus/seed_copy.txt"; cp "$SEED" "$TMP/corpus/seed_copy2.txt"
out=$("$MJ" corpus dedup "$TMP/corpus" 2>&1)
case "$out" in *"有相同片段的文档对：3 对"*) ok "corpus dedup: three pairs";; *) notok "corpus dedup: three pairs" "$(printf '%s' "$out" | head -8)";; esac
first=$(printf '%s\n' "$out" | grep -m1 '1\. 相似度')
case "$first" in *"100.0%"*) ok "corpus dedup: identical pair first";; *) notok "corpus dedup: identical pair first" "$first";; esac
check_contains "corpus dedup --json" '"pairs"' "$MJ" --json corpus dedup "$TMP/corpus"

# corpus dedup reads the files again when it verifies (texts are not held):
# a copy with invalid UTF-8 bytes is repaired the same way each time, so its
# passage is found whole and its excerpt shows the text; a file past the size
# cap is refused with the cap in the message, nothing reported.
mkdir -p "$TMP/lazy"
head -c 3000 "$SEED" >"$TMP/lazy/a.txt"
{ printf '\377\376开头'; cat "$TMP/lazy/a.txt"; printf '\377'; } >"$TMP/lazy/b.txt"
printf '毫不相干的另一篇短文，没有任何共同的句子。' >"$TMP/lazy/c.txt"
out=$("$MJ" --json corpus dedup "$TMP/lazy" --strict 2>&1)
n=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["pairs"]; print(len(p), p[0]["a"].rsplit("/",1)[-1], p[0]["b"].rsplit("/",1)[-1], p[0]["covered_a"] == p[0]["covered_b"] and p[0]["covered_a"] > 500)' 2>&1)
case "$n" in "1 a.txt b.txt True") ok "corpus dedup: invalid UTF-8 copy found whole";; *) notok "corpus dedup: invalid UTF-8 copy found whole" "$n";; esac
head -c 21000000 /dev/zero | tr '\0' 'a' >"$TMP/lazy/big.txt"
check_fails "corpus dedup: file past the cap refused" "$MJ" corpus dedup "$TMP/lazy"
check_contains "corpus dedup: the cap in the error" "20971520 字节的上限" "$MJ" corpus dedup "$TMP/lazy"
rm -f "$TMP/lazy/big.txt"
