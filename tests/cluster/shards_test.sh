#!/usr/bin/env bash
# Issue 14: a sweep in 8 shards through `xargs -P2`, one shard killed half-way (SIGKILL) and
# rerun, one stopped by SIGTERM (exit 75) and rerun, then merged (parts in another order, one
# twice) and compared byte for byte with the single-process sweep. Also: a rerun of a finished
# shard does nothing, a merge with a part missing lists it and publishes nothing, a part of
# another plan is refused. And the stopgap docs/cluster.md gives until `run --reps --shard`
# exists: a replicated run sharded as a sweep with one value of one factor (the scenario's
# own) estimates every KPI of `run --reps` to the bit. Also the premise of the design for
# `optimize` on shards: a sweep of the rosters `optimize` evaluated finds their replications
# under the same keys in the optimiser's sweep.db.
# Usage: shards_test.sh HOTLINE_SIM WORK_DIR
set -euo pipefail
sim=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# 6 variants x 4 replications of the bundled tiny scenario over 1,500 days (~0.3 s each).
plan=(tiny --vary night:desks.96110.roster.night.headcount=1..3
      --vary day:desks.96110.roster.day.headcount=2,3 --set clock.horizon=1500d
      --set clock.warmup=0s --reps 4)

"$sim" sweep "${plan[@]}" --threads 2 --out single --quiet 2>/dev/null

# Waits until the journal of shard $1 holds at least one finished replication.
wait_for_record() {
  local journal=parts/shard-$1-of-8.part.journal
  for _ in $(seq 1 600); do
    if [ -f "$journal" ] && [ "$(grep -c '"key"' "$journal" || true)" -ge 1 ]; then return 0; fi
    sleep 0.05
  done
  fail "shard $1 finished no replication in 30 s"
}

run_shard() {  # run_shard I: shard I of 8; shard 3 is killed half-way, shard 6 stopped
  local i=$1 pid rc
  case $i in
    3)
      "$sim" sweep "${plan[@]}" --threads 1 --shard 3/8 --out parts --quiet 2>/dev/null &
      pid=$!
      wait_for_record 3
      kill -KILL "$pid"
      wait "$pid" && fail "shard 3 was not killed"
      [ -f parts/shard-3-of-8.part ] && fail "a killed shard published its part"
      "$sim" sweep "${plan[@]}" --threads 1 --shard 3/8 --out parts 2>&1 | tee parts/rerun-3.log
      grep -qE "[1-9][0-9]* finished earlier" parts/rerun-3.log ||
        fail "the rerun of shard 3 did not skip what it had finished"
      ;;
    6)
      "$sim" sweep "${plan[@]}" --threads 1 --shard 6/8 --out parts --quiet 2>/dev/null &
      pid=$!
      wait_for_record 6
      kill -TERM "$pid"
      rc=0
      wait "$pid" || rc=$?
      [ "$rc" = 75 ] || fail "shard 6 stopped by SIGTERM exited $rc, not 75 (retry)"
      [ -f parts/shard-6-of-8.part ] || fail "a stopped shard did not publish what it had"
      "$sim" sweep "${plan[@]}" --threads 1 --shard 6/8 --out parts --quiet 2>/dev/null
      ;;
    *)
      "$sim" sweep "${plan[@]}" --threads 1 --shard "$i/8" --out parts --quiet 2>/dev/null
      ;;
  esac
}
export -f run_shard wait_for_record fail
export sim
export plan_text="${plan[*]}"
mkdir -p parts
# xargs runs each shard in a fresh bash: the plan travels as one exported word list.
seq 1 8 | xargs -P2 -I{} bash -c 'plan=($plan_text); run_shard {}' ||
  fail "a shard failed"

# A finished shard run again does nothing and leaves its part as it was.
before=$(sha256sum parts/shard-2-of-8.part)
"$sim" sweep "${plan[@]}" --shard 2/8 --out parts 2>&1 | grep -q "nothing to do" ||
  fail "a rerun of a finished shard did not say it had nothing to do"
[ "$before" = "$(sha256sum parts/shard-2-of-8.part)" ] || fail "a rerun changed a finished part"

# A merge without shard 5 lists what is missing and publishes nothing.
rc=0
"$sim" merge parts/shard-{1,2,3,4,6,7,8}-of-8.part --out missing 2>missing.err || rc=$?
[ "$rc" = 2 ] || fail "a merge with a part missing exited $rc, not 2"
grep -q "shard 5/8" missing.err || fail "the missing replications do not name shard 5/8"
[ -f missing/sweep.csv ] && fail "a merge with a part missing published sweep.csv"

# A part of another plan is refused.
"$sim" sweep tiny --vary night:desks.96110.roster.night.headcount=1..2 --set clock.horizon=1d \
  --reps 2 --shard 1/1 --out other --quiet 2>/dev/null
rc=0
"$sim" merge parts other/shard-1-of-1.part --out mixed 2>mixed.err || rc=$?
[ "$rc" = 2 ] || fail "a merge of two plans exited $rc, not 2"
grep -q "another plan" mixed.err || fail "a merge of two plans did not say so"

# All parts, in another order and one twice: the single process's bytes.
"$sim" merge parts/shard-{8,7,6,5,4,3,2,1}-of-8.part parts/shard-3-of-8.part --out merged \
  --quiet 2>/dev/null
cmp single/sweep.csv merged/sweep.csv || fail "sweep.csv of the merge differs"
diff <(grep -v '"wall_time_s"' single/sweep.json) <(grep -v '"wall_time_s"' merged/sweep.json) ||
  fail "sweep.json of the merge differs (beyond manifest.wall_time_s)"
echo "ok: 8 shards (one killed, one stopped and rerun) merge to the single process's bytes"

# The stopgap for `run --reps N` on shards (docs/cluster.md, top): a one-value sweep of the
# scenario's own night headcount (1 in tiny), 3 shards, merged: every KPI's mean, half-width
# and n equal those of the one-process `run --reps 4` (same seed, same replications).
one=(tiny --set clock.horizon=200d --set clock.warmup=0s --reps 4)
"$sim" run "${one[@]}" --threads 2 --out run4 --quiet 2>/dev/null
for i in 1 2 3; do
  "$sim" sweep "${one[@]}" --vary desks.96110.roster.night.headcount=1 --threads 1 \
    --shard "$i/3" --out run4-parts --quiet 2>/dev/null
done
"$sim" merge run4-parts --out run4-merged --quiet 2>/dev/null
python3 - run4/summary.json run4-merged/sweep.csv <<'PY' || fail "the one-value sweep's KPIs differ from run --reps 4"
import csv, json, math, sys
run = {k["name"]: k for k in json.load(open(sys.argv[1], encoding="utf-8"))["kpis"]}
rows = {r["kpi"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
def same(text, value):  # a CSV cell and a JSON number (null: not finite)
    if value is None:
        return text == "" or not math.isfinite(float(text))
    return text != "" and float(text) == value
bad = [k for k, e in run.items() if k not in rows or not (same(rows[k]["mean"], e["mean"]) and
       same(rows[k]["half_width"], e["half_width"]) and int(rows[k]["n"]) == e["n"])]
if bad or len(rows) != len(run):
    sys.exit(f"{len(bad)} of {len(run)} KPIs differ, e.g. {bad[:3]}; sweep has {len(rows)} KPIs")
PY
echo "ok: run --reps 4 as a sharded one-value sweep estimates every KPI to the bit"

# The premise of docs/cluster.md's design for optimize on shards: the optimiser's batches
# are sweep plans with the same keys. A sweep of the 2 x 2 grid of headcounts 1..2, started
# on a copy of the optimiser's sweep.db, takes from it every replication of the rosters of
# that grid the optimiser evaluated on its sample (optimise.csv lists them) and runs the rest.
"$sim" optimize tiny --vary-roster 96110 --target 'all.dissuaded_share >= 0.4' \
  --set clock.horizon=30d --set clock.warmup=0s --sample-reps 4 --fresh-reps 4 \
  --max-iterations 3 --threads 2 --out opt --quiet 2>/dev/null
evaluated=$(awk -F, 'NR > 1 && ($2 == 1 || $2 == 2) && ($3 == 1 || $3 == 2)' opt/optimise.csv |
  wc -l)
[ "$evaluated" -ge 1 ] || fail "optimize evaluated no roster of the 2 x 2 grid"
mkdir -p opt-sweep
cp opt/sweep.db opt-sweep/
"$sim" sweep tiny --vary desks.96110.roster.night.headcount=1,2 \
  --vary desks.96110.roster.day.headcount=1,2 --set clock.horizon=30d --set clock.warmup=0s \
  --reps 4 --seed 7 --threads 2 --out opt-sweep --quiet 2>/dev/null
grep -qE "\"loaded\": $((evaluated * 4))\b" opt-sweep/sweep.json ||
  fail "a sweep of the optimiser's $evaluated rosters did not find their replications in its sweep.db"
echo "ok: the optimiser's replications are a sweep's, under the same keys ($evaluated rosters)"
