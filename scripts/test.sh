#!/usr/bin/env bash
# The test command: setup (apt + npm, idempotent), type-check and build, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The Docker backend is tested for real: start the engine and build the runtime image (offline,
# from Debian packages; minutes the first time, cached afterwards).
scripts/docker-up.sh
node bin/arena.js sandbox build-image
# The Slurm executor is tested on a real two-node cluster on this machine (seconds to start).
scripts/slurm-up.sh
npx vitest run "$@"
