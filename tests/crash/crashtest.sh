#!/usr/bin/env bash
# Crash test: writers make random valid changes through the command line and
# are killed with SIGKILL at random moments, KILLS times. After each kill:
# `audit verify` passes, `PRAGMA integrity_check` is ok, and every change whose
# command reported success is in the database.
# Usage: crashtest.sh [KILLS] (default 200). Prints ok/not ok lines and a summary.
set -u
KILLS=${1:-200}
MJ=${MINGJING:-./build/mingjing}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp "$MJ" "$TMP/mingjing" && MJ=$TMP/mingjing   # immune to a rebuild during the run
DB=$TMP/crash.db
export MINGJING_TODAY=2026-11-20
m() { "$MJ" --db "$DB" "$@"; }
m org add --name 组织部 --kind superior >/dev/null
m org add --name 单位 --kind unit --parent-id 1 >/dev/null
for p in 甲 乙 丙 丁; do m person add --name $p --org-id 2 --role member >/dev/null; done
m team add --name 班子 --kind leadership --org 2 --superior-org-id 1 --head-id 1 >/dev/null
for i in 1 2 3 4; do m member add --team 1 --person $i >/dev/null; done
m meeting add --team 1 --kind dlm --year 2026 >/dev/null

# One writer: a loop of random valid changes; each success is logged only after
# its command returned 0, so the log is a lower bound of what must be there.
writer() {
  local k=$1 i=0
  while :; do
    i=$((i + 1))
    case $((RANDOM % 4)) in
      0) a=$((RANDOM % 4 + 1)); b=$(( (a % 4) + 1 ))
         m talk add --meeting 1 --a-id $a --b-id $b --date 2026-11-0$((RANDOM % 9 + 1)) --notes "k$k-$i" >/dev/null 2>&1 \
           && echo "talk k$k-$i" >> "$TMP/ok.log" ;;
      1) m opinion add --meeting 1 --channel form --text "k$k-$i 意见" >/dev/null 2>&1 \
           && echo "opinion k$k-$i 意见" >> "$TMP/ok.log" ;;
      2) m ledger add --meeting 1 --source self --problem "k$k-$i" --owner 2 --deadline 2026-12-3$((RANDOM % 2)) >/dev/null 2>&1 \
           && echo "item k$k-$i" >> "$TMP/ok.log" ;;
      3) m study add --meeting 1 --date 2026-11-10 --topic "k$k-$i" >/dev/null 2>&1 \
           && echo "study k$k-$i" >> "$TMP/ok.log" ;;
    esac
  done
}
export -f writer m
export DB TMP MJ
: > "$TMP/ok.log"
fails=0; checked=0
for k in $(seq 1 "$KILLS"); do
  setsid bash -c "writer $k" &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 250 + 20)))"
  kill -9 -- -"$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if ! out=$("$MJ" --db "$DB" audit verify 2>&1); then
    echo "not ok - kill $k: audit verify: $out"; fails=$((fails + 1)); continue
  fi
  ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
  [ "$ic" = ok ] || { echo "not ok - kill $k: integrity_check: $ic"; fails=$((fails + 1)); }
done
# Every acknowledged change is there.
missing=0
while read -r kind text; do
  case $kind in
    talk) q="SELECT count(*) FROM talk WHERE notes='$text'" ;;
    opinion) q="SELECT count(*) FROM opinion WHERE text='$text'" ;;
    item) q="SELECT count(*) FROM item WHERE problem='$text'" ;;
    study) q="SELECT count(*) FROM study WHERE topic='$text'" ;;
  esac
  checked=$((checked + 1))
  [ "$(sqlite3 "$DB" "$q")" -ge 1 ] || { missing=$((missing + 1)); echo "not ok - acknowledged $kind '$text' missing"; }
done < "$TMP/ok.log"
rows=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
if [ $fails -eq 0 ]; then echo "ok - $KILLS SIGKILLs survived: audit verify and integrity_check passed after each"; fi
if [ $missing -eq 0 ]; then echo "ok - all $checked acknowledged changes present ($rows audit entries)"; fi
echo "crashtest: kills=$KILLS acknowledged=$checked missing=$missing failed_checks=$fails audit_entries=$rows"
[ $fails -eq 0 ] && [ $missing -eq 0 ]
