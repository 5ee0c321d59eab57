#!/usr/bin/env bash
# The main job on the bundled offline default, end to end: set up; prepare the human-designed
# reference suite (tasks/human-v1) and the generated suite (tasks/smith-v1: committed task
# definitions made by `arena generate`; ARENA_DEMO_GENERATE=1 regenerates them from the raw
# datasets first); run four built-in baseline agents (offline, labelled baseline:*) on both suites
# in local sandboxes; write the report with the human-vs-generated correlation.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/setup.sh
arena() { node bin/arena.js "$@"; }
HUMAN=tasks/human-v1
SMITH=tasks/smith-v1
RUN=.arena/runs/demo
OUT=reports/out/demo

if [ "${ARENA_DEMO_GENERATE:-0}" = 1 ]; then
  echo "== generate $SMITH from the bundled datasets not used by $HUMAN (heuristic roles, offline)"
  arena generate --datasets all --exclude-suite "$HUMAN" --out "$SMITH" --per-dataset 3 --concurrency 2
fi
echo "== prepare $HUMAN (prepare.py twice per task in the sandbox, outputs byte-compared)"
arena tasks prepare "$HUMAN" --concurrency 2
for suite in "$HUMAN" "$SMITH"; do
  echo "== validate $suite"
  if report=$(arena tasks validate "$suite"); then echo "all tasks valid"; else echo "$report"; exit 1; fi
done
# Two cores run about 8 baseline episodes a minute: all of human-v1 and a fixed sample of smith-v1,
# stratified by modality and objective, keep the demo near 15 minutes. ARENA_DEMO_SAMPLE=0 runs all.
SAMPLE=${ARENA_DEMO_SAMPLE:-36}
echo "== eval: four baseline agents on $HUMAN and $SMITH (sample of $SAMPLE per suite; offline default: heuristic baselines, local sandboxes)"
arena eval --suite "$HUMAN" --suite "$SMITH" --models baseline:trivial,baseline:linear,baseline:forest,baseline:gbm \
  --seeds 1 --concurrency 2 --step-timeout 30 $([ "$SAMPLE" -gt 0 ] && echo "--sample $SAMPLE") --out "$RUN"
echo "== report"
arena report "$RUN" --out "$OUT" --title "Baseline agents on human-v1 and smith-v1 (offline default)"
echo "== done in $(( ($(date +%s) - started) / 60 )) min: open $OUT/report.html"
