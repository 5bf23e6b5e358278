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

# `run --reps 16 --shard I/8` (docs/cluster.md, "Replicated runs on shards"): 8 shards through
# xargs -P2, shard 3 killed half-way with SIGKILL and rerun, merged: every file of the run
# folder is the one-process `run --reps 16`'s, byte for byte (summary.json's
# manifest.wall_time_s aside, and in manifest.json and report.html what follows from it), with
# desks.csv (tiny's default) and without it (--desks-csv off).
# Compares run folders $1 (one process) and $2 (merged).
same_run_folder() {
  local f
  for f in replications.csv intervals.csv; do
    cmp "$1/$f" "$2/$f" || fail "$f of the merge differs"
  done
  if [ -f "$1/desks.csv" ]; then
    cmp "$1/desks.csv" "$2/desks.csv" || fail "desks.csv of the merge differs"
  else
    [ -f "$2/desks.csv" ] && fail "the merge wrote a desks.csv the run did not"
  fi
  diff <(grep -v '"wall_time_s"' "$1/summary.json") <(grep -v '"wall_time_s"' "$2/summary.json") ||
    fail "summary.json of the merge differs (beyond manifest.wall_time_s)"
  # report.html shows summary.json's hash, which follows from wall_time_s: masked, the rest
  # is the same bytes. manifest.json: the same files, with the same hashes but summary.json's
  # and report.html's (whose bytes follow from it).
  diff <(sed -E '/summary.json SHA-256/s/[0-9a-f]{64}/HASH/' "$1/report.html") \
    <(sed -E '/summary.json SHA-256/s/[0-9a-f]{64}/HASH/' "$2/report.html") ||
    fail "report.html of the merge differs (beyond summary.json's hash)"
  python3 - "$1/manifest.json" "$2/manifest.json" <<'PY' || fail "manifest.json of the merge differs"
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
def strip(m):
    for f in m["files"]:
        if f["name"] in ("summary.json", "report.html"):
            f.pop("sha256"); f.pop("bytes")
    return m
if strip(a) != strip(b):
    sys.exit(f"{sys.argv[1]} and {sys.argv[2]} differ beyond summary.json's and report.html's hash")
PY
  diff <(cd "$1" && ls) <(cd "$2" && ls) || fail "the merge wrote other files than the run"
}

wait_for_run_record() {  # wait_for_run_record DIR I
  local journal=$1/shard-$2-of-8.part.journal
  for _ in $(seq 1 600); do
    if [ -f "$journal" ] && [ "$(grep -c '"key"' "$journal" || true)" -ge 1 ]; then return 0; fi
    sleep 0.05
  done
  fail "run shard $2 finished no replication in 30 s"
}

run_run_shard() {  # run_run_shard DIR I: shard I of 8 of the run into DIR; shard 3 is killed
  local dir=$1 i=$2 pid
  if [ "$i" = 3 ]; then
    "$sim" run "${runplan[@]}" --threads 1 --shard 3/8 --out "$dir" --quiet 2>/dev/null &
    pid=$!
    wait_for_run_record "$dir" 3
    kill -KILL "$pid"
    wait "$pid" && fail "run shard 3 was not killed"
    [ -f "$dir/shard-3-of-8.part" ] && fail "a killed run shard published its part"
    "$sim" run "${runplan[@]}" --threads 1 --shard 3/8 --out "$dir" 2>&1 | tee "$dir/rerun-3.log"
    grep -qE "[1-9][0-9]* finished earlier" "$dir/rerun-3.log" ||
      fail "the rerun of run shard 3 did not skip what it had finished"
  else
    "$sim" run "${runplan[@]}" --threads 1 --shard "$i/8" --out "$dir" --quiet 2>/dev/null
  fi
}
export -f run_run_shard wait_for_run_record

for desks in on off; do
  runplan=(tiny --set clock.horizon=1000d --set clock.warmup=0s --reps 16 --desks-csv "$desks")
  "$sim" run "${runplan[@]}" --alerts-csv off --threads 2 --out "run16-$desks" --quiet 2>/dev/null
  mkdir -p "run16-parts-$desks"
  export runplan_text="${runplan[*]}"
  seq 1 8 | xargs -P2 -I{} bash -c 'runplan=($runplan_text); run_run_shard '"run16-parts-$desks"' {}' ||
    fail "a run shard failed (desks.csv $desks)"
  grep -q '"conservation"' "run16-parts-$desks/shard-1-of-8.part" ||
    fail "a run's part has no conservation totals"
  if [ "$desks" = on ]; then
    grep -q '"desk_hours"' "run16-parts-$desks/shard-1-of-8.part" ||
      fail "a run's part with desks.csv has no desk-hour series"
  else
    grep -q '"desk_hours"' "run16-parts-$desks/shard-1-of-8.part" &&
      fail "a run's part without desks.csv carries desk-hour series"
  fi
  # In another order, one part twice.
  "$sim" merge "run16-parts-$desks"/shard-{5,8,1,3,2,7,6,4}-of-8.part \
    "run16-parts-$desks/shard-5-of-8.part" --out "run16-merged-$desks" --quiet 2>/dev/null ||
    fail "the merge of the run's parts failed (desks.csv $desks)"
  same_run_folder "run16-$desks" "run16-merged-$desks"
  echo "ok: run --reps 16 in 8 shards (one killed and rerun) merges to the one-process run folder, desks.csv $desks"
done

# A run's merge with shard 6 missing lists its replications (5 and 13) and writes nothing.
rc=0
"$sim" merge run16-parts-on/shard-{1,2,3,4,5,7,8}-of-8.part --out run-missing 2>run-missing.err ||
  rc=$?
[ "$rc" = 2 ] || fail "a run's merge with a part missing exited $rc, not 2"
grep -q "replication 5 (shard 6/8)" run-missing.err && grep -q "replication 13 (shard 6/8)" run-missing.err ||
  fail "the missing replications do not name replications 5 and 13 of shard 6/8: $(cat run-missing.err)"
[ -e run-missing/summary.json ] && fail "a run's merge with a part missing published summary.json"

# A part of another plan (the same run with desks.csv off, or a sweep's) is refused.
for other in run16-parts-off/shard-2-of-8.part parts/shard-2-of-8.part; do
  rc=0
  "$sim" merge run16-parts-on "$other" --out run-mixed 2>run-mixed.err || rc=$?
  [ "$rc" = 2 ] || fail "a run's merge with $other exited $rc, not 2"
  grep -q "another plan" run-mixed.err || fail "a run's merge with $other did not say so"
done
# A shard of another plan in the same folder is refused, not overwritten (exit 3).
rc=0
"$sim" run tiny --set clock.horizon=1d --reps 16 --shard 2/8 --out run16-parts-on --quiet \
  2>run-other.err || rc=$?
[ "$rc" = 3 ] || fail "a run shard over another plan's part exited $rc, not 3"

# What a shard cannot do is refused with exit 2 and a message, before anything runs.
for bad in "--reps auto --shard 1/8" "--reps 4 --warmup auto --shard 1/8" \
           "--reps 4 --alerts-csv on --shard 1/8" "--reps 4 --trace --shard 1/8" \
           "--reps 1 --shard 1/8" "--reps 4 --shard 9/8"; do
  rc=0
  # shellcheck disable=SC2086
  "$sim" run tiny --set clock.horizon=1d $bad --out refused 2>refused.err || rc=$?
  [ "$rc" = 2 ] || fail "run --shard with $bad exited $rc, not 2"
  [ -s refused.err ] || fail "run --shard with $bad said nothing"
  [ -e refused ] && fail "run --shard with $bad left a folder behind"
done
echo "ok: a run's merge lists missing replications, refuses other plans; shards refuse what they cannot do"

# optimize on shards (docs/cluster.md, "optimize on shards"): optimize --emit-batch writes the
# batch it lacks and exits 75; the batch runs as 2 sweep shards, merge --into-db adds them to
# the optimiser's sweep.db, and the next round replays and goes on. The recommendation and
# optimise.csv equal the one-process optimize's (the "opt" folder above) byte for byte.
optargs=(tiny --vary-roster 96110 --target 'all.dissuaded_share >= 0.4' --set clock.horizon=30d
         --set clock.warmup=0s --sample-reps 4 --fresh-reps 4 --max-iterations 3 --threads 2 --quiet)
rounds=0
while :; do
  rc=0
  "$sim" optimize "${optargs[@]}" --out opt-rounds --emit-batch batches 2>round.err || rc=$?
  [ "$rc" = 0 ] && break
  [ "$rc" = 75 ] || fail "optimize --emit-batch exited $rc, not 75 or 0: $(cat round.err)"
  rounds=$((rounds + 1))
  [ "$rounds" -le 30 ] || fail "optimize --emit-batch did not finish in 30 rounds"
  batch=batches/batch-$rounds.yaml
  [ -f "$batch" ] || fail "round $rounds wrote no $batch"
  grep -q "$batch" round.err || fail "optimize --emit-batch did not name $batch"
  if [ "$rounds" = 1 ]; then
    # The same batch needed twice (its replications never merged) is refused, not looped.
    rc=0
    "$sim" optimize "${optargs[@]}" --out opt-rounds --emit-batch batches 2>twice.err || rc=$?
    [ "$rc" = 2 ] || fail "optimize --emit-batch of the same batch twice exited $rc, not 2"
    grep -q "emitted before" twice.err || fail "the batch emitted twice was not named as such"
    [ -f batches/batch-2.yaml ] && fail "the batch emitted twice was written again"
  fi
  for i in 1 2; do
    "$sim" sweep --study "$batch" --shard "$i/2" --threads 1 --out "batch-parts-$rounds" --quiet \
      2>/dev/null || fail "shard $i of $batch failed"
  done
  "$sim" merge "batch-parts-$rounds" --into-db opt-rounds/sweep.db --quiet 2>/dev/null ||
    fail "merge --into-db of $batch failed"
done
[ "$rounds" -ge 2 ] || fail "optimize --emit-batch needed only $rounds batches: nothing was tested"
cmp opt/optimise.csv opt-rounds/optimise.csv || fail "the round-driven optimise.csv differs"
cmp opt/roster.yaml opt-rounds/roster.yaml || fail "the round-driven recommendation differs"
echo "ok: optimize driven in $rounds rounds of sharded batches recommends the one-process roster, byte for byte"
