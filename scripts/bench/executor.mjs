// Executor benchmark: the same eval through the local pool and through Slurm (the machine's
// two-node cluster, scripts/slurm-up.sh), in one run, with as many episodes at once on each
// (local concurrency = the cluster's CPUs). Episodes are a replay agent that waits S seconds in
// the sandbox and submits, so both executors do the same work:
// (1) overhead per episode: trivial episodes (S = 0), (Slurm time − local time) per episode, per
//     slot: what submission, task start-up and merging add to each episode;
// (2) throughput ratio with episodes of BENCH_EPISODE_SEC seconds (default 30): local time / Slurm time.
// Slurm runs twice each time: with its default array size (one task per usable CPU, so each task
// plays its shard's episodes in turn and start-up and scheduling are paid once per slot), and with
// one array task per episode (--array-size = the episodes). The load average is printed before and
// after: on a shared machine the figures are only comparable within one run.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => path.join(repo, 'dist', 'harness', p);
const { runEval } = await import(dist('arena/runner.js'));
const { listNodes, nodeUsable } = await import(dist('executor/slurm/cluster.js'));

const episodeSec = Number(process.env.BENCH_EPISODE_SEC ?? 30);
const seeds = Number(process.env.BENCH_SEEDS ?? 4);
const partition = process.env.BENCH_PARTITION ?? 'arena';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-bench-executor-'));

const { nodes } = await listNodes();
const usable = nodes.filter((n) => n.partitions.includes(partition) && nodeUsable(n));
if (usable.length < 2) throw new Error(`partition ${partition} has ${usable.length} usable nodes; run scripts/slurm-up.sh`);
const slots = Number(process.env.BENCH_SLOTS ?? usable.length * 2);

const suite = path.join(scratch, 'suite');
const taskIds = ['iris-species', 'wine-cultivar'];
for (const id of taskIds) cpSync(path.join(repo, 'tasks', 'human-v1', id), path.join(suite, id), { recursive: true });
writeFileSync(path.join(suite, 'suite.json'), JSON.stringify({ name: 'bench', version: '1', origin: 'human', tasks: taskIds }));

function replay(seconds) {
  const file = path.join(scratch, `wait-${seconds}.jsonl`);
  const code = `import shutil, time\ntime.sleep(${seconds})\nshutil.copy('/data/sample_submission.csv', 'submission.csv')`;
  writeFileSync(file, [{ type: 'execute_code', code }, { type: 'submit' }].map((a) => JSON.stringify(a)).join('\n') + '\n');
  return `replay:${file}`;
}

async function timed(name, seconds, executor, arraySize) {
  const t = performance.now();
  const slurm = executor === 'slurm' ? { partition, arraySize } : {};
  const run = await runEval({ suites: [suite], agents: [replay(seconds)], seeds, concurrency: slots, runtime: 'local', outDir: path.join(scratch, `${name}-${seconds}-${arraySize ?? 'each'}`), executor, ...slurm });
  const ms = performance.now() - t;
  const failed = run.episodes.filter((e) => e.status !== 'completed').length;
  if (failed) throw new Error(`${name}: ${failed} of ${run.episodes.length} episodes not completed`);
  const tasks = executor === 'slurm' ? `, ${arraySize ?? `default (${slots})`} array tasks` : '';
  console.log(`${name.padEnd(6)} ${run.episodes.length} episodes of ${seconds} s, ${slots} at once${tasks}: ${(ms / 1000).toFixed(1)} s`);
  return { ms, episodes: run.episodes.length };
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average (1, 5, 15 min): ${load()}`);
// The tasks' data is prepared by the first eval; a warm-up keeps that out of both measurements.
await timed('warmup', 0, 'local');
const local0 = await timed('local', 0, 'local');
const oneEach = taskIds.length * seeds;
for (const arraySize of [undefined, oneEach]) {
  const slurm0 = await timed('slurm', 0, 'slurm', arraySize);
  const overhead = ((slurm0.ms - local0.ms) * slots) / local0.episodes / 1000;
  console.log(`  Slurm overhead per episode: ${overhead.toFixed(2)} s (submission, start-up of each array task, merge; goal ≤ 2 s)`);
}
const local = await timed('local', episodeSec, 'local');
for (const arraySize of [undefined, oneEach]) {
  const slurm = await timed('slurm', episodeSec, 'slurm', arraySize);
  console.log(`  throughput Slurm / local with ${episodeSec} s episodes: ${(local.ms / slurm.ms).toFixed(3)} (goal ≥ 0.9)`);
}
console.log(`load average (1, 5, 15 min): ${load()}`);
