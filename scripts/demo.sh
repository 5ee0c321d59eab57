#!/usr/bin/env bash
# The main job on the bundled offline default: set up, fetch the datasets of the human-designed
# reference suite, prepare its tasks (twice each in the sandbox, checked byte-identical), validate
# them, grade every task's sample submission, then run the built-in baseline agents (heuristic,
# offline; labelled baseline:*) on the suite in local sandboxes and show the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
arena() { node bin/arena.js "$@"; }

SUITE=tasks/human-v1
echo "== datasets"
arena datasets fetch $(node -e "const s=require('./$SUITE/suite.json');const fs=require('fs');console.log([...new Set(s.tasks.map(t=>JSON.parse(fs.readFileSync('$SUITE/'+t+'/task.json','utf8')).dataset.name))].join(' '))")
echo "== prepare $SUITE"
arena tasks prepare "$SUITE"
echo "== validate $SUITE"
arena tasks validate "$SUITE"
echo "== grade each task's sample submission"
for t in $(node -e "console.log(require('./$SUITE/suite.json').tasks.join(' '))"); do
  arena grade --task "$SUITE/$t" --submission "$SUITE/$t/data/public/sample_submission.csv"
done
echo "== eval: baseline agents on $SUITE (offline default: heuristic baselines, local sandbox)"
arena eval --suite "$SUITE" --models baseline:trivial,baseline:linear,baseline:gbm --seeds 1 --concurrency 2 --out .arena/runs/demo
arena runs show .arena/runs/demo
