#!/usr/bin/env bash
# Plan benchmark: on one 1M-debtor portfolio and strategies/varejo_pf.strat, time
#   (a) `strat plan` end to end (default threads: one per core),
#   (a1) the same on one thread (`--threads 1`: the per-core cost),
#   (b) examples/bench_floor.rs, the hand-written Rust floor (must write the same plan as (a),
#       byte for byte: the script checks it),
#   (c) bench/plan.sql, the same rules as one SQLite query (examples/bench_sql.rs),
# and print wall time, CPU time and peak RSS for each (GNU time -v), plus the ratios the
# issue sets as targets: (a) <= 1.5x (b), (a) >= 3x faster than (c), peak RSS < 300 MB.
#
# Usage: bench/run.sh [DEBTORS] (default 1000000). Environment:
#   BENCH_DIR   where the portfolio, database and outputs go (default target/bench)
#   AS_OF       as-of date (default 2025-03-31)
#   RUNS        rounds of all four programs, taking turns; each one's best wall time is
#               reported (default 3)
#   PLAN_ARGS   extra arguments for `strat plan` if its flags differ from the default below
set -euo pipefail
cd "$(dirname "$0")/.."

DEBTORS=${1:-1000000}
BENCH_DIR=${BENCH_DIR:-target/bench}
AS_OF=${AS_OF:-2025-03-31}
RUNS=${RUNS:-3}
STRATEGY=strategies/varejo_pf.strat
DATA="$BENCH_DIR/portfolio-$DEBTORS"
DB="$BENCH_DIR/portfolio-$DEBTORS.db"
TIME=/usr/bin/time
mkdir -p "$BENCH_DIR"

if [ ! -x "$TIME" ]; then
  echo "GNU time not found: apt-get install -y time" >&2
  exit 2
fi

cargo build --release --quiet --bin strat \
  --example gen_portfolio --example bench_floor --example bench_sql
BIN=target/release
EX=target/release/examples

if [ ! -f "$DATA/debtors.csv" ]; then
  echo "generating $DEBTORS debtors into $DATA" >&2
  "$EX/gen_portfolio" --debtors "$DEBTORS" --seed 42 --as-of "$AS_OF" --out "$DATA"
fi
if [ ! -f "$DB" ]; then
  echo "importing into $DB" >&2
  "$BIN/strat" import --portfolio "$DB" \
    --debtors "$DATA/debtors.csv" --debts "$DATA/debts.csv" --payments "$DATA/payments.csv" \
    --contacts "$DATA/contacts.csv" --opt-outs "$DATA/opt_outs.csv" \
    --agreements "$DATA/agreements.csv"
fi

# One run of one program, its stdout saved as $BENCH_DIR/NAME.stdout. Prints
# "wall_s cpu_s rss_mb", or "failed".
run_once() {
  local name=$1; shift
  local log="$BENCH_DIR/$name.time"
  if ! "$TIME" -v "$@" >"$BENCH_DIR/$name.stdout" 2>"$log"; then
    echo "failed"; sed -n '1,5p' "$log" >&2; return
  fi
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$log")
  echo "$wall $cpu $rss"
}

# The better of two results ("wall cpu rss" or "failed" or empty): the one with the lower
# wall time (with its CPU time), and the higher of the two RSS.
better() {
  local old=$1 new=$2
  if [ -z "$old" ]; then echo "$new"; return; fi
  if [ "$old" = failed ] || [ "$new" = failed ]; then echo failed; return; fi
  read -r ow oc orss <<<"$old"; read -r nw nc nrss <<<"$new"
  local rss=$(( orss > nrss ? orss : nrss ))
  if awk "BEGIN{exit !($nw < $ow)}"; then echo "$nw $nc $rss"; else echo "$ow $oc $rss"; fi
}

# `strat plan` prints JSON Lines on stdout; run_once saves it in $BENCH_DIR/a.stdout.
PLAN_OUT="$BENCH_DIR/a.stdout"
# shellcheck disable=SC2206
PLAN_CMD=("$BIN/strat" plan --strategy "$STRATEGY" --portfolio "$DB" --as-of "$AS_OF" ${PLAN_ARGS:-})

echo "portfolio: $DEBTORS debtors ($DB, $(du -mL "$DB" | cut -f1) MB), as of $AS_OF, best of $RUNS" >&2
# The programs take turns (a, a1, b, c, then again), so that a shared machine's drift between
# moments, which can reach 20% on the benchmark VM, falls on all of them alike rather than
# on whichever ran in a slow stretch.
A="" A1="" B="" C=""
ROUNDS="$BENCH_DIR/rounds.txt"
: >"$ROUNDS"
for run in $(seq "$RUNS"); do
  a=$(run_once a "${PLAN_CMD[@]}")
  a1=$(run_once a1 "${PLAN_CMD[@]}" --threads 1)
  b=$(run_once b "$EX/bench_floor" "$DB" "$BENCH_DIR/plan-b.jsonl" --as-of "$AS_OF")
  c=$(run_once c "$EX/bench_sql" "$DB" "$BENCH_DIR/plan-c.jsonl" --as-of "$AS_OF")
  echo "run $run (wall cpu rss): (a) $a; (a1) $a1; (b) $b; (c) $c" >&2
  # This round's ratios, wall and CPU: (a)/(b), (a1)/(b), (c)/(a), (c)/(a1).
  if [[ "$a $a1 $b $c" != *failed* ]]; then
    echo "$a $a1 $b $c" | awk '{ print $1/$7, $2/$8, $4/$7, $5/$8, $10/$1, $11/$2, $10/$4, $11/$5 }' \
      >>"$ROUNDS"
  fi
  A=$(better "$A" "$a"); A1=$(better "$A1" "$a1"); B=$(better "$B" "$b"); C=$(better "$C" "$c")
done
if ! cmp -s "$BENCH_DIR/a.stdout" "$BENCH_DIR/a1.stdout"; then
  echo "(a) and (a1) wrote different plans" >&2
fi
if [ "$A" != failed ] && [ "$B" != failed ] && \
   ! cmp -s "$BENCH_DIR/a.stdout" "$BENCH_DIR/plan-b.jsonl"; then
  echo "(b) wrote a different plan from (a): cmp $BENCH_DIR/a.stdout $BENCH_DIR/plan-b.jsonl" >&2
fi

lines() { [ -f "$1" ] && wc -l <"$1" | tr -d ' ' || echo "-"; }
printf '\n%-34s %9s %9s %9s %9s\n' "program" "wall s" "cpu s" "RSS MB" "actions"
row() {
  local label=$1 m=$2 out=$3
  if [ "$m" = failed ]; then
    printf '%-34s %9s %9s %9s %9s\n' "$label" failed - - -
  else
    read -r w c r <<<"$m"
    printf '%-34s %9.2f %9.2f %9d %9s\n' "$label" "$w" "$c" "$r" "$(lines "$out")"
  fi
}
row "(a) strat plan ($(nproc) cores)" "$A" "$PLAN_OUT"
row "(a1) strat plan --threads 1" "$A1" "$BENCH_DIR/a1.stdout"
row "(b) hand-written floor" "$B" "$BENCH_DIR/plan-b.jsonl"
row "(c) one SQLite query" "$C" "$BENCH_DIR/plan-c.jsonl"

if [ "$A" != failed ] && [ "$A1" != failed ] && [ "$B" != failed ] && [ "$C" != failed ]; then
  read -r aw ac ar <<<"$A"; read -r a1w a1c a1r <<<"$A1"
  read -r bw bc _ <<<"$B"; read -r cw cc _ <<<"$C"
  # Wall time is what a user waits for; CPU time is the work done (and the steadier number
  # on a shared machine). (b) and (c) run on one thread, so their wall and CPU agree.
  awk -v a="$aw" -v a1="$a1w" -v b="$bw" -v c="$cw" -v ac="$ac" -v a1c="$a1c" -v bc="$bc" \
      -v cc="$cc" -v r="$ar" -v r1="$a1r" 'BEGIN {
    printf "\n%-34s %8s %8s\n", "ratio of the best runs", "wall", "cpu"
    printf "%-34s %8.2f %8.2f\n", "(a)/(b)   (target <= 1.5)", a / b, ac / bc
    printf "%-34s %8.2f %8.2f\n", "(a1)/(b)  (target <= 1.5)", a1 / b, a1c / bc
    printf "%-34s %8.2f %8.2f\n", "(c)/(a)   (target >= 3)", c / a, cc / ac
    printf "%-34s %8.2f %8.2f\n", "(c)/(a1)  (target >= 3)", c / a1, cc / a1c
    printf "peak RSS (a) %d MB, (a1) %d MB  (target < 300)\n", r, r1
  }'
  # The same ratios taken within each round (the programs ran minutes apart at most), as
  # the median over rounds: steadier than the ratio of best runs on a drifting machine.
  median() { cut -d' ' -f"$1" "$ROUNDS" | sort -g | awk '{v[NR]=$1} END {
    if (NR == 0) print "-"; else if (NR % 2) printf "%.2f", v[(NR+1)/2];
    else printf "%.2f", (v[NR/2] + v[NR/2+1]) / 2 }'; }
  printf '\n%-34s %8s %8s\n' "median of the rounds' ratios" "wall" "cpu"
  printf '%-34s %8s %8s\n' "(a)/(b)   (target <= 1.5)" "$(median 1)" "$(median 2)"
  printf '%-34s %8s %8s\n' "(a1)/(b)  (target <= 1.5)" "$(median 3)" "$(median 4)"
  printf '%-34s %8s %8s\n' "(c)/(a)   (target >= 3)" "$(median 5)" "$(median 6)"
  printf '%-34s %8s %8s\n' "(c)/(a1)  (target >= 3)" "$(median 7)" "$(median 8)"
fi
