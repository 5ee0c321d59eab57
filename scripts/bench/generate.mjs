// Generation benchmark: the offline Smith pipeline (heuristic roles) on the bundled datasets not
// used by tasks/human-v1, from scratch into a temporary suite. Prints verified tasks per minute,
// the yield (verified / proposed), and the time per stage. The peer measured in the same run is
// the pipeline's own irreducible part, the execution stage (baselines solving each candidate in
// the sandbox): the ratio says what profiling, design, prepare, assertions and reviews add on top.
// BENCH_DATASETS=a,b limits the datasets; BENCH_CONCURRENCY sets the candidates verified at once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => path.join(repo, 'dist', 'harness', p);
const { generate } = await import(dist('smith/pipeline.js'));
const { heuristicRoles } = await import(dist('smith/roles/roles.js'));
const { datasetNames } = await import(dist('datasets/registry.js'));
const { loadSuite } = await import(dist('task/loader.js'));

const human = new Set((await loadSuite(path.join(repo, 'tasks', 'human-v1'))).tasks.map((t) => t.manifest.dataset.name));
const datasets = process.env.BENCH_DATASETS ? process.env.BENCH_DATASETS.split(',') : datasetNames().filter((d) => !human.has(d));
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'arena-bench-generate-')), 'suite');

const started = performance.now();
const summary = await generate({ datasets, outDir: out, roles: heuristicRoles, perDataset: 3, concurrency, runtime: 'local', maxRetries: 2 });
const minutes = (performance.now() - started) / 60e3;
const stages = summary.seconds;
const stageTotal = Object.values(stages).reduce((a, b) => a + b, 0);
console.log(`datasets: ${datasets.length}, proposed ${summary.proposed}, verified ${summary.verified} from ${summary.datasets.contributing} datasets, rejected ${summary.rejected}`);
console.log(`stage seconds (summed over candidates): ${Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
console.log(`wall ${minutes.toFixed(1)} min at concurrency ${concurrency}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process)`);
console.log(
  `scripts/bench/generate: ${(summary.verified / minutes).toFixed(2)} verified tasks/min, yield ${(summary.verified / Math.max(1, summary.proposed)).toFixed(2)} (${summary.verified}/${summary.proposed}); ` +
    `pipeline/execution-stage time ratio ${(stageTotal / Math.max(1e-9, stages.execution ?? 0)).toFixed(2)} (execution ${(((stages.execution ?? 0) / stageTotal) * 100).toFixed(0)}% of stage time)`,
);
