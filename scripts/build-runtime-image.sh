#!/usr/bin/env bash
# Builds the Docker backend's runtime image offline (debootstrap + docker import). The recipe and
# its hash (the image tag) live in harness/sandbox/docker/image.ts; this is a shortcut for
# `arena sandbox build-image` that also starts the engine. Pass --force to rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/docker-up.sh
[ -f dist/harness/cli/main.js ] || npm run --silent build
exec node bin/arena.js sandbox build-image "$@"
