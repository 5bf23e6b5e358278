# A single-node Slurm on this machine, for tests/cluster/slurm_test.sh and
# scripts/cluster-bench (sourced; bash). No systemd: munged, slurmctld and slurmd are started
# here with a configuration in a temporary directory, on ports of their own on loopback, and
# stopped by their PIDs. A daemon that does not come up fails loudly with its log.
#
#   slurm_start DIR [MAX_ARRAY_SIZE]   sets SLURM_CONF (exported) and the PIDs below
#   slurm_stop                         stops the daemons started by slurm_start
#
# Choices, each for a reason found in the daemons' logs in a container without systemd:
# proctrack/linuxproc and task/none (no cgroup hierarchy to delegate), no accounting
# (no slurmdbd), SlurmUser and SlurmdUser root (the test runs as root and the spool is ours),
# NodeName = `hostname -s` (slurmd finds its node by its short host name) with
# NodeAddr 127.0.0.1, munged with its own key, socket and state in DIR, and cred_expire=5:
# a requeued job may start again only once its credential expired (120 s by default), which
# would make the requeue test wait two minutes.

slurm_pids=()

slurm_fail() {
  echo "FAIL: $1" >&2
  local f
  for f in "$slurm_dir"/munge/munged.log "$slurm_dir"/slurmctld.log "$slurm_dir"/slurmd.log; do
    [ -f "$f" ] || continue
    echo "---- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
  slurm_stop
  exit 1
}

slurm_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

slurm_start() {
  slurm_dir=$1
  local max_array=${2:-1001}
  local tool
  for tool in munged slurmctld slurmd sbatch scontrol sinfo; do
    command -v "$tool" >/dev/null ||
      { echo "FAIL: $tool not found: install Debian's slurm-wlm and munge (scripts/deps.sh)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] ||
    { echo "FAIL: the single-node Slurm needs root (slurmd runs jobs as their user)" >&2; exit 1; }
  rm -rf "$slurm_dir"
  mkdir -p "$slurm_dir"/{munge,state,spool}
  chmod 700 "$slurm_dir"/munge
  local host
  host=$(hostname -s)

  dd if=/dev/urandom of="$slurm_dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$slurm_dir/munge/munge.key"
  # --force: munged refuses a socket directory under a world-writable /tmp without it.
  munged --force --foreground --key-file="$slurm_dir/munge/munge.key" \
    --socket="$slurm_dir/munge/munge.socket" --pid-file="$slurm_dir/munge/munged.pid" \
    --log-file="$slurm_dir/munge/munged.log" --seed-file="$slurm_dir/munge/munged.seed" \
    >>"$slurm_dir/munge/munged.out" 2>&1 &
  slurm_pids+=($!)
  local i
  for i in $(seq 1 100); do
    [ -S "$slurm_dir/munge/munge.socket" ] && break
    kill -0 "${slurm_pids[-1]}" 2>/dev/null || slurm_fail "munged exited at start"
    sleep 0.1
  done
  [ -S "$slurm_dir/munge/munge.socket" ] || slurm_fail "munged made no socket in 10 s"

  local ctld_port slurmd_port memory
  ctld_port=$(slurm_free_port)
  slurmd_port=$(slurm_free_port)
  memory=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
  cat >"$slurm_dir/slurm.conf" <<CONF
ClusterName=hotline-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$slurm_dir/munge/munge.socket,cred_expire=5
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool/%n
SlurmctldPidFile=$slurm_dir/slurmctld.pid
SlurmdPidFile=$slurm_dir/slurmd.pid
SlurmctldLogFile=$slurm_dir/slurmctld.log
SlurmdLogFile=$slurm_dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MaxArraySize=$max_array
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$slurm_dir/slurm.conf"

  slurmctld -D -i -f "$SLURM_CONF" >>"$slurm_dir/slurmctld.out" 2>&1 &
  slurm_pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$host" >>"$slurm_dir/slurmd.out" 2>&1 &
  slurm_pids+=($!)
  local state=""
  for i in $(seq 1 120); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    [ "$state" = idle ] && return 0
    local p
    for p in "${slurm_pids[@]}"; do
      kill -0 "$p" 2>/dev/null || slurm_fail "a Slurm daemon (pid $p) exited at start"
    done
    sleep 0.5
  done
  slurm_fail "node $host is '$state', not idle, 60 s after slurmctld and slurmd started"
}

slurm_stop() {
  local p
  # slurmd, slurmctld, then munged: the reverse of starting.
  for ((i = ${#slurm_pids[@]} - 1; i >= 0; i--)); do
    p=${slurm_pids[$i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 1 50); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  slurm_pids=()
}
