#!/bin/sh
# Compares `mingjing corpus dedup --strict` with Debian's similarity-tester
# (sim_text -r 13: runs of 13 or more words; here one word per character) on
# the same generated corpus (MJ_PEERS_DOCS documents, default 3000). Prints
# wall time and peak memory of both (/usr/bin/time -v). Skips when sim_text or
# /usr/bin/time is absent (apt-get install similarity-tester time).
BUILD=${1:-build}
N=${MJ_PEERS_DOCS:-3000}
if ! command -v sim_text >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  echo "peers: sim_text or /usr/bin/time absent, skipped (apt-get install similarity-tester time)"
  exit 0
fi
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/plain" "$D/spaced"
MJ_BENCH_DUMP="$D" MJ_BENCH_DOCS=$N "$BUILD/bench/bench_review" || exit 1
echo "== peers: $N documents ($(du -sh "$D/plain" | cut -f1) of text)"
report() { # name timefile
  t=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$2")
  m=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$2")
  printf '%-36s wall %s  peak RSS %s MB\n' "$1" "$t" "$((m / 1024))"
}
/usr/bin/time -v "$BUILD/mingjing" corpus dedup "$D/plain" --strict >"$D/mj.out" 2>"$D/mj.time"
report "mingjing corpus dedup --strict" "$D/mj.time"
echo "  $(grep -m1 '有相同片段的文档对' "$D/mj.out")"
/usr/bin/time -v "$BUILD/mingjing" corpus dedup "$D/plain" >"$D/mjd.out" 2>"$D/mjd.time"
report "mingjing corpus dedup (default)" "$D/mjd.time"
echo "  $(grep -m1 '有相同片段的文档对' "$D/mjd.out")"
( cd "$D/spaced" && /usr/bin/time -v sim_text -r 13 -p -s ./*.txt >"$D/sim.out" 2>"$D/sim.time" )
report "sim_text -r 13 -p" "$D/sim.time"
echo "  $(grep -c 'consists for' "$D/sim.out") file pairs reported"
