# The review's index file (docs/scale.md, "Review of one material against
# all"): `review --material` maps the cache file while the corpus stamp is the
# store's, and its output is byte for byte a fresh build's (text and JSON);
# every change to the corpus (a new version, a deleted material, a new
# collection document, a renamed author) changes the stamp, and the next
# review is again a fresh build's; a damaged, truncated or old-version file is
# rebuilt; GET /api/v1/materials/ID/check answers what `review --material ID
# --json` prints and follows the corpus while the server runs.
# Either backend: MJ_BACKEND=pg runs it on PostgreSQL (tests/cli/test_pg.sh).
. "$(dirname "$0")/lib.sh"
if [ "${MJ_BACKEND:-sqlite}" = pg ]; then
  q() { "$MJ_PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
else
  q() { sqlite3 "$1" "$2"; }
fi
D=$TMP/demo.db
"$MJ" --db "$D" demo >/dev/null 2>&1 || { notok "demo"; exit 0; }
if [ "${MJ_BACKEND:-sqlite}" = pg ]; then
  DB=$(db_new rc) && "$MJ" migrate --from "$D" --to "$DB" >/dev/null 2>&1 || { notok "demo copied to PostgreSQL"; exit 0; }
else
  DB=$D
fi
export MINGJING_INDEX_CACHE="$TMP/cache"
m() { "$MJ" --db "$DB" "$@"; }
stamp() { q "$DB" "SELECT token FROM review_stamp"; }
idxfile() { ls "$MINGJING_INDEX_CACHE"/*-default-*.idx 2>/dev/null | head -1; }
# fresh ID OUT [--json]: the review on a copy of the database without any
# stored index or cache file (built from every text now)
N=0
fresh() { N=$((N + 1)); c=$(db_copy "$DB" "f$N") && db_sql "$c" "DELETE FROM review_index" &&
  MINGJING_INDEX_CACHE=off "$MJ" --db "$c" $3 review --material "$1" > "$2" 2>&1; }
# same NAME ID: the review of ID (text and JSON) equals a fresh build's
same() {
  m review --material "$2" > "$TMP/a.txt" 2>&1; m --json review --material "$2" > "$TMP/a.json" 2>&1
  fresh "$2" "$TMP/b.txt"; fresh "$2" "$TMP/b.json" --json
  if cmp -s "$TMP/a.txt" "$TMP/b.txt" && cmp -s "$TMP/a.json" "$TMP/b.json" && [ "$(wc -l < "$TMP/a.txt")" -gt 5 ]; then ok "$1"
  else notok "$1" "$(diff "$TMP/a.txt" "$TMP/b.txt" | head -4; diff "$TMP/a.json" "$TMP/b.json" | head -4)"; fi
}

# RM: a 2026 material; Y and Z: other authors' materials still open to new
# versions (Y is deleted on the way)
RM=$(q "$DB" "SELECT x.id FROM material x JOIN meeting m ON m.id = x.meeting_id WHERE x.current_version > 0 AND m.year = 2026 ORDER BY x.id LIMIT 1")
OPEN="current_version > 0 AND kind = 'member' AND state <> 'final' AND id <> $RM AND person_id <> (SELECT person_id FROM material WHERE id = $RM)"
Y=$(q "$DB" "SELECT id FROM material WHERE $OPEN ORDER BY id LIMIT 1")
Z=$(q "$DB" "SELECT id FROM material WHERE $OPEN AND person_id <> (SELECT person_id FROM material WHERE id = $Y) ORDER BY id LIMIT 1")
YM=$(q "$DB" "SELECT meeting_id FROM material WHERE id = $Y"); YP=$(q "$DB" "SELECT person_id FROM material WHERE id = $Y")
ZM=$(q "$DB" "SELECT meeting_id FROM material WHERE id = $Z"); ZP=$(q "$DB" "SELECT person_id FROM material WHERE id = $Z")
MEET=$YM
[ -n "$RM" ] && [ -n "$Y" ] && [ -n "$Z" ] && ok "materials to review: $RM; changed: $Y, $Z" || { notok "materials" "$RM $Y $Z"; exit 0; }

# --- the first review builds the index, stores it and writes the file; the next maps the file ---
m review --material "$RM" > "$TMP/r0.txt" 2>&1
F=$(idxfile)
[ -n "$F" ] && [ -s "$F" ] && ok "the first review writes the index file" || notok "index file" "$(ls -la "$MINGJING_INDEX_CACHE" 2>&1)"
check "the index is also stored in the database" test "$(q "$DB" "SELECT count(*) FROM review_index")" = 1
# without the stored index the file alone must serve (else the review would build and store it again)
db_sql "$DB" "DELETE FROM review_index"
m review --material "$RM" > "$TMP/r1.txt" 2>&1
check "review from the mapped file identical to the first" cmp "$TMP/r0.txt" "$TMP/r1.txt"
check "the mapped file served alone (nothing rebuilt or stored)" test "$(q "$DB" "SELECT count(*) FROM review_index")" = 0
same "mapped review identical to a fresh build (text and JSON)" "$RM"
cp "$F" "$TMP/good.idx"

# --- staleness: every change to the corpus changes the stamp ---
s0=$(stamp)
check "the stamp is 32 hex digits" sh -c "echo '$s0' | grep -Eq '^[0-9a-f]{32}$'"
m ledger add --meeting "$MEET" --source self --problem 与比对无关的新问题 --owner "$YP" >/dev/null
check "a write outside the corpus keeps the stamp" test "$(stamp)" = "$s0"
# a new version of Y copying RM's text: the review of RM must now name Y
q "$DB" "SELECT text FROM material_version v JOIN material x ON x.id = v.material_id AND v.version = x.current_version WHERE x.id = $RM" > "$TMP/copy.txt"
check "a new version of $Y" m --as "$YP" material add --meeting "$YM" --member "$YP" "$TMP/copy.txt"
s1=$(stamp)
check "a new version changes the stamp" test "$s1" != "$s0"
same "after a new version: identical to a fresh build" "$RM"
check_contains "after a new version: the copy is found" "材料$Y" cat "$TMP/a.txt"
# a material deleted behind the program's back (the triggers see every write)
db_sql "$DB" "DELETE FROM material_link WHERE material_id = $Y"
db_sql "$DB" "DELETE FROM material_version WHERE material_id = $Y"
db_sql "$DB" "DELETE FROM material WHERE id = $Y"
s2=$(stamp)
check "a deleted material changes the stamp" test "$s2" != "$s1"
same "after a deleted material: identical to a fresh build" "$RM"
grep -q "材料$Y：" "$TMP/a.txt" && notok "the deleted material is no longer a source" || ok "the deleted material is no longer a source"
# a new collection document holding RM's text
mkdir -p "$TMP/tpl" && cp "$TMP/copy.txt" "$TMP/tpl/范文甲.txt"
m corpus add 缓存测试 "$TMP/tpl" >/dev/null
s3=$(stamp)
check "a new collection document changes the stamp" test "$s3" != "$s2"
same "after a new collection document: identical to a fresh build" "$RM"
check_contains "the collection document is found" "缓存测试" cat "$TMP/a.txt"
# a renamed author (the sources are named by author)
P=$(q "$DB" "SELECT person_id FROM material WHERE id = $RM")
db_sql "$DB" "UPDATE person SET name = name || '甲' WHERE id = (SELECT min(person_id) FROM material WHERE id <> $RM AND current_version > 0 AND person_id <> $P)"
s4=$(stamp)
check "a renamed author changes the stamp" test "$s4" != "$s3"
same "after a renamed author: identical to a fresh build" "$RM"

# --- damaged files are found and rebuilt (from the stored index), never used ---
m review --material "$RM" > "$TMP/ok.txt" 2>&1
F=$(idxfile); cp "$F" "$TMP/good.idx"
size=$(wc -c < "$F")
damaged() { # NAME: the review is unchanged and the file is the good one again
  m review --material "$RM" > "$TMP/d.txt" 2>&1
  if cmp -s "$TMP/d.txt" "$TMP/ok.txt" && cmp -s "$F" "$TMP/good.idx"; then ok "$1"; else notok "$1" "$(head -3 "$TMP/d.txt")"; fi
}
head -c $((size / 2)) "$TMP/good.idx" > "$F"; damaged "truncated file rebuilt"
head -c 100 "$TMP/good.idx" > "$F"; damaged "file cut inside its header rebuilt"
: > "$F"; damaged "empty file rebuilt"
cp "$TMP/good.idx" "$F"; printf '\002' | dd of="$F" bs=1 seek=8 conv=notrunc 2>/dev/null; damaged "file of another format version rebuilt"
cp "$TMP/good.idx" "$F"; printf 'X' | dd of="$F" bs=1 seek=$((size - 3)) conv=notrunc 2>/dev/null; damaged "damaged document table rebuilt"
# the postings (the bulk, checked per part when first used): overwrite most of them
cp "$TMP/good.idx" "$F"
dd if=/dev/urandom of="$F" bs=4096 seek=80 count=$(( (size - 2000000) / 4096 )) conv=notrunc 2>/dev/null
damaged "damaged postings found while matching and rebuilt"
# a file of another corpus (an older stamp) is not used
m --as "$ZP" material add --meeting "$ZM" --member "$ZP" "$TMP/copy.txt" >/dev/null 2>&1
same "an older file is not used after a change" "$RM"

# --- the default places of the file ---
if [ "${MJ_BACKEND:-sqlite}" = sqlite ]; then
  MINGJING_INDEX_CACHE= m review --material "$RM" >/dev/null 2>&1
  check "next to a SQLite database: FILE.review-idx/" sh -c "ls '$DB.review-idx'/*.idx"
else
  XDG_CACHE_HOME="$TMP/xdg" MINGJING_INDEX_CACHE= m review --material "$RM" >/dev/null 2>&1
  check "PostgreSQL: under \$XDG_CACHE_HOME/mingjing" sh -c "ls '$TMP/xdg/mingjing'/*.idx"
fi
MINGJING_INDEX_CACHE=off m review --material "$RM" >/dev/null 2>&1
check "MINGJING_INDEX_CACHE=off writes no file" sh -c "! ls '$TMP/cache'/*strict* 2>/dev/null"

# an unusable cache directory: a warning saying so, and the same review from
# the database
MINGJING_INDEX_CACHE=off m review --material "$RM" > "$TMP/nocache.txt" 2>/dev/null
: > "$TMP/plainfile"
MINGJING_INDEX_CACHE="$TMP/plainfile/sub" m review --material "$RM" > "$TMP/baddir.txt" 2> "$TMP/baddir.err"
check "cache directory that cannot be made: the review of the database" cmp "$TMP/baddir.txt" "$TMP/nocache.txt"
check "… and a warning naming it" grep -q "无法创建或不是目录" "$TMP/baddir.err"
long=$(printf '%01100d' 0)
MINGJING_INDEX_CACHE="$TMP/$long" m review --material "$RM" > "$TMP/longdir.txt" 2> "$TMP/longdir.err"
check "cache directory name over 1024 bytes: refused with a warning" grep -q "过长" "$TMP/longdir.err"
check "… and the same review" cmp "$TMP/longdir.txt" "$TMP/nocache.txt"

# --- the web: GET /api/v1/materials/ID/check ---
if command -v curl >/dev/null 2>&1; then
  m user passwd zhangxukai --password cache-test-2026 >/dev/null
  "$MJ" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --quiet >"$TMP/serve.out" 2>&1 & sp=$!
  trap 'kill $sp 2>/dev/null; rm -rf "$TMP"' EXIT
  url=$(sh "$MJ_SCRIPTS/serve-url.sh" "$TMP/serve.out" "$sp")
  ck=$(curl -s -D - -o /dev/null -X POST -d '{"login":"zhangxukai","password":"cache-test-2026"}' "$url/api/v1/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(mj_session=[0-9a-f]*\);.*/\1/p')
  get() { curl -s -o "$2" -w '%{http_code}' -H "Cookie: $ck" "$url/api/v1/materials/$1/check"; }
  m --json review --material "$RM" > "$TMP/cli.json" 2>&1
  c=$(get "$RM" "$TMP/w1.json"); c2=$(get "$RM" "$TMP/w2.json")
  check "web check answers 200 ($c $c2)" test "$c$c2" = 200200
  check "web check JSON identical to review --material --json" cmp "$TMP/w1.json" "$TMP/cli.json"
  check "web check again (index kept) identical" cmp "$TMP/w2.json" "$TMP/cli.json"
  # the corpus changes while the server runs: a new collection copying RM
  mkdir -p "$TMP/tpl2" && cp "$TMP/copy.txt" "$TMP/tpl2/网页范文.txt"
  m corpus add 网页测试 "$TMP/tpl2" >/dev/null
  m --json review --material "$RM" > "$TMP/cli2.json" 2>&1
  c=$(get "$RM" "$TMP/w3.json")
  check "web check after a change follows the corpus" cmp "$TMP/w3.json" "$TMP/cli2.json"
  check_contains "the change shows (the new collection is a source)" 网页测试 cat "$TMP/w3.json"
  # a damaged file under a running server: replaced (by rename), the mapping stays valid
  F=$(idxfile); size=$(wc -c < "$F"); cp "$F" "$TMP/bad.idx"
  dd if=/dev/urandom of="$TMP/bad.idx" bs=4096 seek=80 count=$(( (size - 2000000) / 4096 )) conv=notrunc 2>/dev/null
  mv "$TMP/bad.idx" "$F"
  c=$(get "$RM" "$TMP/w4.json")
  check "web check unchanged with a damaged file replaced under it" cmp "$TMP/w4.json" "$TMP/cli2.json"
  c=$(get 999999 "$TMP/w5.json")
  check "web check of no such material: 404 ($c)" test "$c" = 404
  kill $sp; wait $sp 2>/dev/null
else
  skip "web check (no curl)"
fi
