#!/usr/bin/env bash
# Issue 14 on a real Slurm (ctest label slurm): a single-node cluster on this machine
# (slurm_cluster.sh) with MaxArraySize 4, a study emitted with `emit slurm` as 8 shards (two
# arrays of at most 4 tasks, 2 at a time), submitted with its merge job (`submit.sh --wait`);
# one shard is told to stop the way a time limit does (USR1 to its batch shell), exits 75,
# requeues itself and continues. The merged bytes must equal the single-process sweep's.
# Then a scenario's replications the same way (`emit slurm --run tiny --reps 8`, 4 shards in
# one array): the merged run folder must equal the one-process `run --reps 8`'s.
# Usage: slurm_test.sh HOTLINE_SIM WORK_DIR
set -euo pipefail
sim=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cd "$work"
source "$here/slurm_cluster.sh"

fail() {
  echo "FAIL: $*" >&2
  for f in study/logs/*.log; do
    [ -f "$f" ] && { echo "---- $f" >&2; cat "$f" >&2; }
  done
  squeue >&2 || true
  slurm_fail "$*"
}

slurm_start "$work/slurm" 4
trap slurm_stop EXIT

"$sim" sweep --study "$here/data/slurm_study.yaml" --threads 2 --out single --quiet 2>/dev/null

"$sim" emit slurm "$here/data/slurm_study.yaml" --shards 8 --array-max 4 --concurrency 2 \
  --mem 200M --time 00:10:00 --out study >emit.out
grep -q "8 shards (2 arrays of at most 4 tasks, 2 at a time)" emit.out ||
  fail "emit slurm did not split 8 shards into 2 arrays of 4: $(cat emit.out)"
# What the site's limit means: one array of all 8 tasks is refused.
sbatch --hold --array=0-7 study/slurm/shard.sbatch 1 >refused.out 2>&1 &&
  fail "sbatch accepted an array larger than MaxArraySize"

bash study/slurm/submit.sh --wait >submit.out 2>&1 &
submit=$!
# Shard 1 (the first array's task 0) is told to stop half-way, as before a time limit.
journal=study/parts/shard-1-of-8.part.journal
signalled=0
for _ in $(seq 1 1200); do
  if [ -f "$journal" ] && [ "$(grep -c '"key"' "$journal" || true)" -ge 1 ]; then
    array=$(sed -n 's/^shard arrays: \([0-9]*\).*/\1/p' submit.out)
    # In the background: scancel retries while the task is being requeued.
    scancel --batch --signal=USR1 "${array}_0" >scancel.out 2>&1 &
    scancel=$!
    signalled=1
    break
  fi
  sleep 0.05
done
[ "$signalled" = 1 ] || fail "shard 1 never showed a finished replication to interrupt"
rc=0
wait "$submit" || rc=$?
kill "$scancel" 2>/dev/null || true
cat submit.out
[ "$rc" = 0 ] || fail "submit.sh --wait (the merge job) exited $rc"

log=$(ls study/logs/shard-*_0.log | head -1)
grep -q "stopped before its end: requeued" "$log" ||
  fail "shard 1 was not stopped and requeued (log $log)"
grep -q "restart 1" "$log" || fail "shard 1 did not run again after its requeue (log $log)"
[ "$(ls study/parts/*.part | wc -l)" = 8 ] || fail "not 8 parts: $(ls study/parts)"
cmp single/sweep.csv study/result/sweep.csv || fail "the merged sweep.csv differs"
diff <(grep -v '"wall_time_s"' single/sweep.json) \
  <(grep -v '"wall_time_s"' study/result/sweep.json) || fail "the merged sweep.json differs"
echo "ok: 8 shards in 2 arrays on a real Slurm, one requeued, merge to the single process's bytes"

# A replicated run on the same cluster: 8 replications of tiny in 4 shards of `run --shard`,
# the merge job writing the run folder of `run --reps 8` (wall_time_s and summary.json's hash
# aside).
runplan=(--set clock.horizon=200d --set clock.warmup=0s)
"$sim" run tiny "${runplan[@]}" --reps 8 --alerts-csv off --threads 2 --out run-single --quiet \
  2>/dev/null
"$sim" emit slurm --run tiny "${runplan[@]}" --reps 8 --shards 4 --array-max 4 --concurrency 2 \
  --mem 200M --time 00:10:00 --out runstudy >emit-run.out
grep -q "8 replications in 4 shards (1 array of at most 4 tasks, 2 at a time)" emit-run.out ||
  fail "emit slurm --run did not make 4 shards in one array: $(cat emit-run.out)"
grep -q ' run .tiny. ' runstudy/slurm/shard.sbatch || fail "shard.sbatch does not run 'run tiny'"
rc=0
bash runstudy/slurm/submit.sh --wait >submit-run.out 2>&1 || rc=$?
cat submit-run.out
[ "$rc" = 0 ] || fail "the run's submit.sh --wait (its merge job) exited $rc"
for f in replications.csv intervals.csv desks.csv; do
  cmp "run-single/$f" "runstudy/result/$f" || fail "the merged run's $f differs"
done
diff <(grep -v '"wall_time_s"' run-single/summary.json) \
  <(grep -v '"wall_time_s"' runstudy/result/summary.json) || fail "the merged run's summary.json differs"
diff <(sed -E '/summary.json SHA-256/s/[0-9a-f]{64}/HASH/' run-single/report.html) \
  <(sed -E '/summary.json SHA-256/s/[0-9a-f]{64}/HASH/' runstudy/result/report.html) ||
  fail "the merged run's report.html differs"
echo "ok: run --reps 8 as 4 Slurm shards merges to the one-process run folder"
