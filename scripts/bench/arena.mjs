// Arena benchmark: (1) harness overhead per step, excluding sandbox execution and model latency:
// a replay agent whose steps run trivial code, minus the same executions run directly in the
// sandbox; (2) episodes per hour with the baselines on tasks/human-v1 at concurrency 1 and 2,
// measured in the same run, and the speedup ratio.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => path.join(repo, 'dist', 'harness', p);
const { runEval } = await import(dist('arena/runner.js'));
const { getBackend } = await import(dist('sandbox/registry.js'));
const { loadSuite } = await import(dist('task/loader.js'));
const { limitsForTask } = await import(dist('sandbox/limits.js'));
const { RunStore } = await import(dist('arena/run-store.js'));

/** Where a run's time went: its longest episode's start and length, the idle tail of the last slot, the sandboxes' CPU time. */
function timeline(run) {
  const ms = (iso) => Date.parse(iso);
  const first = Math.min(...run.episodes.map((e) => ms(e.started_at)));
  const ends = run.episodes.map((e) => ms(e.finished_at)).sort((a, b) => a - b);
  const longest = run.episodes.reduce((a, b) => (b.wall_ms > a.wall_ms ? b : a));
  const store = new RunStore(run.store, path.basename(run.runDir), { readonly: true });
  const cpuMs = run.episodes.reduce((sum, e) => sum + store.stepsOf(e.id).reduce((s, step) => s + (step.cpu_ms ?? 0), 0), 0);
  store.close();
  const sumWall = run.episodes.reduce((s, e) => s + e.wall_ms, 0);
  return `longest ${longest.task_id} × ${longest.agent_id} started ${((ms(longest.started_at) - first) / 1000).toFixed(1)} s in, ran ${(longest.wall_ms / 1000).toFixed(1)} s; one slot idle the last ${((ends.at(-1) - (ends.at(-2) ?? ends.at(-1))) / 1000).toFixed(1)} s; episodes' wall ${(sumWall / 1000).toFixed(0)} s, sandbox CPU ${(cpuMs / 1000).toFixed(0)} s`;
}

const suite = process.env.BENCH_SUITE ?? path.join(repo, 'tasks', 'human-v1');
const agents = (process.env.BENCH_AGENTS ?? 'baseline:trivial,baseline:linear,baseline:gbm').split(',');
const steps = Number(process.env.BENCH_STEPS ?? 30);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-bench-'));

// (1) Overhead per step.
const task = (await loadSuite(suite)).tasks.find((t) => t.manifest.id === 'iris-species');
const code = "print('ok')";
const replay = path.join(scratch, 'steps.jsonl');
writeFileSync(replay, Array.from({ length: steps }, () => JSON.stringify({ type: 'execute_code', code })).join('\n') + '\n' + JSON.stringify({ type: 'submit' }) + '\n');
const oneTaskSuite = path.join(scratch, 'one');
const { cpSync } = await import('node:fs');
cpSync(task.paths.dir, path.join(oneTaskSuite, task.manifest.id), { recursive: true });
writeFileSync(path.join(oneTaskSuite, 'suite.json'), JSON.stringify({ name: 'one', version: '1', origin: 'human', tasks: [task.manifest.id] }));
let t = performance.now();
const replayRun = await runEval({ suites: [oneTaskSuite], agents: [`replay:${replay}`], seeds: 1, concurrency: 1, runtime: 'local', maxSteps: steps + 1, outDir: path.join(scratch, 'overhead') });
const episodeMs = performance.now() - t;
const backend = await getBackend('local');
const sandbox = await backend.create({ name: 'bench', publicDir: task.paths.publicDir, limits: limitsForTask(task.manifest) });
await sandbox.writeFile('step.py', code);
t = performance.now();
for (let i = 0; i < steps; i++) await sandbox.exec(['/usr/bin/python3', 'step.py'], { timeoutSec: 60 });
const execMs = performance.now() - t;
await sandbox.destroy();
console.log(`harness overhead per step: ${((episodeMs - execMs) / steps).toFixed(1)} ms (episode of ${steps} steps ${episodeMs.toFixed(0)} ms, the same executions alone ${execMs.toFixed(0)} ms; includes sandbox create/destroy, store and transcript writes)`);
if (replayRun.episodes[0].status !== 'completed') throw new Error('overhead episode failed');

// (2) Throughput with the baselines.
const rates = {};
for (const concurrency of [1, 2]) {
  t = performance.now();
  const run = await runEval({ suites: [suite], agents, seeds: 1, concurrency, runtime: 'local', outDir: path.join(scratch, `c${concurrency}`) });
  const hours = (performance.now() - t) / 3600e3;
  rates[concurrency] = run.episodes.length / hours;
  const failed = run.episodes.filter((e) => e.status !== 'completed').length;
  console.log(`concurrency ${concurrency}: ${run.episodes.length} episodes (${agents.join(', ')}) in ${(hours * 60).toFixed(1)} min = ${rates[concurrency].toFixed(0)} episodes/hour${failed ? `, ${failed} not completed` : ''}`);
  console.log(`  ${timeline(run)}`);
}
console.log(`speedup concurrency 2 / 1: ${(rates[2] / rates[1]).toFixed(2)} (${os.cpus().length} cores; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')})`);
