# Backup while another process writes: every backup verifies, is an exact
# prefix of the source's audit log (a consistent point in time), and restores
# into a fresh database that verifies and exports the same as the backup.
. "$(dirname "$0")/lib.sh"
DB=$TMP/src.db
m() { "$MJ" --db "$DB" "$@"; }
m org add --name 组织部 --kind superior >/dev/null
m org add --name 单位 --kind unit --parent-id 1 >/dev/null
m person add --name 甲 --org-id 2 --role member >/dev/null
m person add --name 乙 --org-id 2 --role member >/dev/null
m team add --name 班子 --kind leadership --org 2 --superior-org-id 1 --head-id 1 >/dev/null
m meeting add --team 1 --kind dlm --year 2026 >/dev/null
( i=0; while [ $i -lt 150 ]; do m talk add --meeting 1 --a-id 1 --b-id 2 --date 2026-11-01 --notes "第$i次" >/dev/null 2>&1; i=$((i+1)); done ) &
writer=$!
n=0
for k in 1 2 3; do
  sleep 0.3
  if m backup "$TMP/b$k.db" >/dev/null 2>"$TMP/err"; then n=$((n+1)); else notok "backup $k under load" "$(cat "$TMP/err")"; fi
done
wait $writer
[ $n -eq 3 ] && ok "three backups taken while writing"
total=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
[ "$total" -ge 150 ] && ok "writer finished ($total audit entries)" || notok "writer" "$total"
for k in 1 2 3; do
  b=$TMP/b$k.db
  [ -f "$b" ] || continue
  check "backup $k verifies" "$MJ" --db "$b" audit verify
  bn=$(sqlite3 "$b" "SELECT count(*) FROM audit_log")
  sqlite3 "$b" "SELECT seq, hash FROM audit_log ORDER BY seq" > "$TMP/bh"
  sqlite3 "$DB" "SELECT seq, hash FROM audit_log WHERE seq <= $bn ORDER BY seq" > "$TMP/sh"
  cmp -s "$TMP/bh" "$TMP/sh" && ok "backup $k is a prefix of the source log ($bn entries)" || notok "backup $k prefix"
  rm -f "$TMP/r.db"
  check "restore $k into a fresh database" "$MJ" --db "$TMP/r.db" restore "$b"
  "$MJ" --db "$b" export --meeting 1 > "$TMP/e1" 2>/dev/null
  "$MJ" --db "$TMP/r.db" export --meeting 1 > "$TMP/e2" 2>/dev/null
  cmp -s "$TMP/e1" "$TMP/e2" && ok "restored export equals backup export" || notok "restore export"
done
check_fails "restore over data needs --force" "$MJ" --db "$TMP/r.db" restore "$TMP/b1.db"
check "restore --force" "$MJ" --db "$TMP/r.db" restore "$TMP/b1.db" --force
check_fails "backup refuses to overwrite" m backup "$TMP/b1.db"
cp "$TMP/b1.db" "$TMP/bad.db"; sqlite3 "$TMP/bad.db" "UPDATE talk SET notes='改' WHERE id=1"
check_fails "tampered backup refused" "$MJ" --db "$TMP/r2.db" restore "$TMP/bad.db"
printf 'not a database' > "$TMP/junk.db"
check_fails "junk backup refused" "$MJ" --db "$TMP/r3.db" restore "$TMP/junk.db"
