#!/usr/bin/env bash
# Stops daemons of the local cluster scripts/slurm-up.sh started, by their pid files:
#   scripts/slurm-down.sh                  slurmctld and both slurmd (munged keeps running)
#   scripts/slurm-down.sh slurmctld w2     only those (names: slurmctld, w1, w2, munged)
# Each gets SIGTERM, then SIGKILL after 5 s. Jobs running on a stopped slurmd keep running until
# slurmctld marks its node down. scripts/slurm-up.sh starts whatever is stopped again.
set -euo pipefail
DIR="${ARENA_SLURM_DIR:-/var/lib/mle-arena-slurm}"

pidfile_of() {
  case "$1" in
    slurmctld) echo "$DIR/ctld/slurmctld.pid slurmctld" ;;
    w1 | w2) echo "$DIR/$1/slurmd.pid slurmd" ;;
    munged) echo "/run/munge/munged.pid munged" ;;
    *) return 1 ;;
  esac
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(w1 w2 slurmctld)
for name in "${names[@]}"; do
  pidfile_of "$name" > /dev/null || { echo "slurm-down: unknown daemon '$name' (slurmctld, w1, w2, munged)" >&2; exit 2; }
done
for name in "${names[@]}"; do
  read -r file comm <<< "$(pidfile_of "$name")"
  pid="$(cat "$file" 2> /dev/null || true)"
  # A stale pid file may name an unrelated process by now: only the expected program is signalled.
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = "$comm" ] || continue
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2> /dev/null || true
  echo "slurm-down: stopped $name (pid $pid)" >&2
done
