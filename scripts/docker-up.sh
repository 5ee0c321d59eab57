#!/usr/bin/env bash
# Starts the Docker engine when it does not answer (CI machines start without it). Idempotent:
# does nothing when `docker info` works. The engine runs detached (its own session), logging to
# $ARENA_DOCKERD_LOG (default /tmp/mle-arena-dockerd.log).
set -euo pipefail
LOG="${ARENA_DOCKERD_LOG:-/tmp/mle-arena-dockerd.log}"
WAIT="${ARENA_DOCKERD_WAIT:-60}"

if docker info > /dev/null 2>&1; then exit 0; fi

command -v dockerd > /dev/null || { echo "docker-up: dockerd is not installed (apt-get install docker.io)" >&2; exit 1; }
command -v docker > /dev/null || { echo "docker-up: the docker CLI is not installed (apt-get install docker.io)" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  echo "docker-up: the engine is not running and starting it needs root (run as root, or start docker as a service)" >&2
  exit 1
fi

# A dockerd that is alive but not answering yet (started a moment ago) is waited for, not doubled.
if ! pgrep -x dockerd > /dev/null; then
  echo "docker-up: starting dockerd (log: $LOG)" >&2
  setsid nohup dockerd > "$LOG" 2>&1 < /dev/null &
fi

for _ in $(seq 1 "$WAIT"); do
  if docker info > /dev/null 2>&1; then
    echo "docker-up: engine ready" >&2
    exit 0
  fi
  sleep 1
done
echo "docker-up: dockerd did not answer within ${WAIT} s; last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2 || true
exit 1
