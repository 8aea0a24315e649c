# shellcheck shell=bash
# Starts a one-node Slurm cluster for the distributed-build tests: munged, slurmctld and slurmd
# from Debian's munge and slurm-wlm, on this host (node name `hostname -s`, address 127.0.0.1),
# every key, socket, pid file, log, state and spool directory in $EOCUBE_SERVICES_DIR/slurm,
# running as the current user. Jobs run on this machine's cores and memory (slurmd -C).
#
# Sourced by scripts/test.sh; by hand:  cleanups=(); source Tests/Interop/services/slurm.sh
# Exports
#   SLURM_CONF            the generated slurm.conf (sbatch, squeue, sinfo, scancel read it)
#   EOCUBE_SLURM_DIR      the service's directory (logs in $EOCUBE_SLURM_DIR/log)
#   EOCUBE_SLURM_PARTITION  the partition to submit to (eocube)
# Pushes its stop command onto `cleanups`. When slurm-wlm or munge is missing, it says so and
# exports nothing (the Slurm test is then skipped, or fails under EOCUBE_REQUIRE_INTEROP=1).
_eocube_slurm_start() {
  local dir host user conf node memory port_ctld port_d i state munge_pid ctld_pid d_pid
  for tool in munged slurmctld slurmd sinfo sbatch; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
      echo "slurm.sh: $tool not found; run scripts/bootstrap.sh (Debian packages slurm-wlm munge)" >&2
      return 0
    fi
  done
  : "${EOCUBE_SERVICES_DIR:=$(mktemp -d /tmp/eocube-services.XXXXXX)}"
  export EOCUBE_SERVICES_DIR
  dir="$EOCUBE_SERVICES_DIR/slurm"
  rm -rf "$dir"
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  chmod 700 "$dir/munge"
  host="$(hostname -s)"
  user="$(id -un)"

  # munge: its own key, socket, pid and log; --force since the key and socket directories are
  # not the system's (and, as root, munged would otherwise refuse).
  head -c 1024 /dev/urandom >"$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  /usr/sbin/munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" || {
    echo "slurm.sh: munged did not start; its log:" >&2; tail -n 20 "$dir/log/munged.log" >&2; return 1; }
  munge_pid="$(cat "$dir/munge/munged.pid")"
  cleanups+=("kill $munge_pid 2>/dev/null")

  # Two free loopback ports for slurmctld and slurmd.
  read -r port_ctld port_d < <(python3 - <<'PY'
import socket
ports = []
while len(ports) < 2:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if p not in ports: ports.append(p)
print(*ports)
PY
)
  # This machine as slurmd sees it (CPUs, sockets, cores, threads, memory), minus a little memory.
  node="$(/usr/sbin/slurmd -C | head -n 1 | sed -E 's/^NodeName=[^ ]+ //; s/ RealMemory=[0-9]+//')"
  memory="$(/usr/sbin/slurmd -C | sed -nE 's/.*RealMemory=([0-9]+).*/\1/p' | head -n 1)"
  memory=$((memory * 9 / 10))
  conf="$dir/slurm.conf"
  cat >"$conf" <<CONF
ClusterName=eocube-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port_ctld
SlurmdPort=$port_d
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 $node RealMemory=$memory State=UNKNOWN
PartitionName=eocube Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$conf"
  export EOCUBE_SLURM_DIR="$dir"
  /usr/sbin/slurmctld -D -c -f "$conf" </dev/null >"$dir/log/slurmctld.out" 2>&1 &
  ctld_pid=$!
  /usr/sbin/slurmd -D -N "$host" -f "$conf" </dev/null >"$dir/log/slurmd.out" 2>&1 &
  d_pid=$!
  # Stop slurmd first (it waits on the jobs' steps), then the controller, then munge.
  cleanups+=("kill $ctld_pid 2>/dev/null; wait $ctld_pid 2>/dev/null")
  cleanups+=("SLURM_CONF=$conf scancel --user=$user 2>/dev/null; kill $d_pid 2>/dev/null; wait $d_pid 2>/dev/null")
  for ((i = 0; i < 120; i++)); do
    state="$(sinfo -h -N -n "$host" -o %T 2>/dev/null | head -n 1)"
    if [ "$state" = idle ]; then
      export EOCUBE_SLURM_PARTITION=eocube
      echo "slurm.sh: Slurm $(sinfo -V | cut -d' ' -f2) with node $host idle ($node, ${memory} MB), SLURM_CONF=$conf"
      return 0
    fi
    kill -0 "$ctld_pid" 2>/dev/null && kill -0 "$d_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "slurm.sh: the node did not become idle (state '${state:-none}'); logs:" >&2
  tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" "$dir/log/slurmctld.out" "$dir/log/slurmd.out" >&2 2>/dev/null
  unset SLURM_CONF EOCUBE_SLURM_DIR
  return 1
}

_eocube_slurm_start || { echo "slurm.sh: FAILED to start the Slurm test service" >&2; return 1 2>/dev/null || exit 1; }
unset -f _eocube_slurm_start
