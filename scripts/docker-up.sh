#!/usr/bin/env bash
# Starts the Docker engine when it is not running (CI machines start without it). Idempotent.
set -euo pipefail
if docker info > /dev/null 2>&1; then exit 0; fi
command -v dockerd > /dev/null || { echo "docker-up: dockerd not installed (apt-get install docker.io)" >&2; exit 1; }
mkdir -p /tmp/mle-arena
nohup dockerd > /tmp/mle-arena/dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info > /dev/null 2>&1; then exit 0; fi
  sleep 1
done
echo "docker-up: dockerd did not come up in 60 s; see /tmp/mle-arena/dockerd.log" >&2
tail -5 /tmp/mle-arena/dockerd.log >&2
exit 1
