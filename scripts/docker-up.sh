#!/usr/bin/env bash
# Starts the Docker engine when it does not answer (CI machines start without it), and registers
# Debian's gVisor (`runsc`, when installed) as an optional runtime in $ARENA_DOCKERD_CONFIG
# (default /etc/docker/daemon.json). Idempotent: the config is rewritten only when the entry is
# missing or different, a running engine then reloads it (SIGHUP; runtimes are reloadable, no
# restart), and nothing else happens when `docker info` works. The engine runs detached (its own
# session), logging to $ARENA_DOCKERD_LOG (default /tmp/mle-arena-dockerd.log). Sandboxes use
# runsc only when ARENA_DOCKER_RUNTIME=runsc; `arena sandbox check` says whether it works here.
set -euo pipefail
LOG="${ARENA_DOCKERD_LOG:-/tmp/mle-arena-dockerd.log}"
WAIT="${ARENA_DOCKERD_WAIT:-60}"
CONFIG="${ARENA_DOCKERD_CONFIG:-/etc/docker/daemon.json}"

# Prints "changed" when it wrote the config. --oci-seccomp: gVisor applies the container's own
# seccomp profile inside the sandbox too (it ignores it otherwise); --network=none: sandboxes never
# have a network, and gVisor refuses Docker's "none" network namespace without it.
register_runsc() {
  /usr/bin/python3 - "$CONFIG" "$1" <<'PY'
import json, os, sys
path, runsc = sys.argv[1], sys.argv[2]
try:
    with open(path) as f:
        config = json.load(f)
except FileNotFoundError:
    config = {}
except ValueError as e:
    sys.exit(f"docker-up: {path} is not valid JSON ({e}); fix it or set ARENA_DOCKERD_CONFIG")
want = {"path": runsc, "runtimeArgs": ["--oci-seccomp", "--network=none"]}
if config.get("runtimes", {}).get("runsc") != want:
    config.setdefault("runtimes", {})["runsc"] = want
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(config, f, indent=2)
    os.replace(path + ".tmp", path)
    print("changed")
PY
}

runsc_path="$(command -v runsc || true)"
if [ -n "$runsc_path" ] && [ "$(id -u)" -eq 0 ]; then
  if [ "$(register_runsc "$runsc_path")" = changed ]; then
    echo "docker-up: registered runsc ($runsc_path) as a Docker runtime in $CONFIG" >&2
    pid="$(cat /var/run/docker.pid 2> /dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then kill -HUP "$pid"; sleep 1; fi
  fi
fi

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
  config_args=(); [ -f "$CONFIG" ] && config_args=(--config-file "$CONFIG")
  setsid nohup dockerd "${config_args[@]}" > "$LOG" 2>&1 < /dev/null &
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
