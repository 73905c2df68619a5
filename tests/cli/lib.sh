# Helpers for shell tests. Source it; then use check/expect_* and finish.
# Each check prints "ok - NAME" or "not ok - NAME" (counted by tests/run.sh).
MJ=${MINGJING:-./build/mingjing}
MJ_SCRIPTS=$(cd "$(dirname "$0")/../../scripts" && pwd)   # the suite is tests/cli/NAME.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MINGJING_TODAY=${MINGJING_TODAY:-2026-11-20}
ok()   { echo "ok - $1"; }
notok(){ echo "not ok - $1"; [ -n "$2" ] && printf '  %s\n' "$2"; }
skip() { echo "skip - $1"; }
# check NAME CMD... : passes when CMD exits 0
check() { n=$1; shift; if out=$("$@" 2>&1); then ok "$n"; else notok "$n" "$(printf '%s' "$out" | head -5)"; fi; }
# check_fails NAME CMD... : passes when CMD exits non-zero
check_fails() { n=$1; shift; if out=$("$@" 2>&1); then notok "$n" "unexpected success: $(printf '%s' "$out" | head -3)"; else ok "$n"; fi; }
# check_contains NAME NEEDLE CMD...
check_contains() { n=$1; needle=$2; shift 2; out=$("$@" 2>&1)
  case "$out" in *"$needle"*) ok "$n";; *) notok "$n" "missing '$needle' in: $(printf '%s' "$out" | head -5)";; esac; }

# Databases, for tests that run on either backend. With MJ_BACKEND=pg (and
# the cluster of scripts/pg-test.sh: MJ_TEST_PG, MJ_PG_BIN, MJ_PG_HOST) each
# "database" is a database of that cluster; otherwise an SQLite file in $TMP.
#   db_new NAME        prints the --db value of a new, empty database
#   db_copy FROM NAME  prints the --db value of a copy of FROM
#   db_sql DB SQL      runs SQL directly (behind the program's back)
#   db_sql_nofk DB SQL the same with foreign-key checks off
#   db_dump DB FILE    writes the database's content to FILE (for cmp)
if [ "${MJ_BACKEND:-sqlite}" = pg ]; then
  PGQ="host=$MJ_PG_HOST&user=${MJ_PG_USER:-mjtest}"
  db_name() { printf '%s' "$1" | sed 's|^postgresql:///\([^?]*\).*|\1|'; }
  db_new() { n="t$$_$1"; "$MJ_PG_BIN/dropdb" -h "$MJ_PG_HOST" -U "${MJ_PG_USER:-mjtest}" --if-exists "$n" 2>/dev/null
    "$MJ_PG_BIN/createdb" -h "$MJ_PG_HOST" -U "${MJ_PG_USER:-mjtest}" "$n" && echo "postgresql:///$n?$PGQ"; }
  db_copy() { n="t$$_$2"; "$MJ_PG_BIN/createdb" -h "$MJ_PG_HOST" -U "${MJ_PG_USER:-mjtest}" -T "$(db_name "$1")" "$n" &&
    echo "postgresql:///$n?$PGQ"; }
  db_sql() { "$MJ_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$2" >/dev/null; }
  db_sql_nofk() { db_sql "$1" "SET session_replication_role = replica; $2"; }
  db_dump() { "$MJ_PG_BIN/pg_dump" --data-only -d "$1" 2>/dev/null | grep -v "setval\|^--\|restrict" > "$2"; }
else
  db_new() { echo "$TMP/$1.db"; }
  db_copy() { cp "$1" "$TMP/$2.db" && echo "$TMP/$2.db"; }
  db_sql() { sqlite3 "$1" "$2"; }
  db_sql_nofk() { sqlite3 "$1" "PRAGMA foreign_keys=OFF; $2"; }
  db_dump() { cp "$1" "$2"; }
fi
