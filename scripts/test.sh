#!/usr/bin/env bash
# The test command: setup (apt + npm, idempotent), type-check and build, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npx vitest run "$@"
