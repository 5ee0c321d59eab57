// Sandbox benchmark: per-execution overhead of a trivial Python program in each backend against a
// plain subprocess measured in the same run, and the time to create and destroy a sandbox.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { getBackend } = await import(path.join(repo, 'dist', 'harness', 'sandbox', 'registry.js'));
const runs = Number(process.env.BENCH_RUNS ?? 20);
const python = '/usr/bin/python3';
const program = ['-S', '-c', 'pass'];
const limits = { memoryMb: 1024, cpus: 1, pids: 64, workspaceMb: 64 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

const plain = [];
for (let i = 0; i < runs; i++) plain.push(time(() => spawnSync(python, program)));
const plainMs = median(plain);
console.log(`trivial Python program (python3 -S -c pass), median of ${runs}`);
console.log(`plain subprocess: ${plainMs.toFixed(1)} ms`);
console.log('backend  exec ms  overhead ms  ratio  create ms  destroy ms  goal (overhead)');
for (const name of ['local', 'docker']) {
  const backend = await getBackend(name);
  const state = await backend.check();
  if (!state.ok) {
    console.log(`${name.padEnd(8)} unavailable: ${state.problem}`);
    continue;
  }
  const creates = [];
  const destroys = [];
  const execs = [];
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    const sb = await backend.create({ name: 'bench', limits });
    creates.push(performance.now() - t);
    await sb.exec([python, ...program], { timeoutSec: 60 });
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const r = await sb.exec([python, ...program], { timeoutSec: 60 });
      if (r.exitCode !== 0) throw new Error(`${name}: ${r.stderr}`);
      execs.push(performance.now() - t);
    }
    t = performance.now();
    await sb.destroy();
    destroys.push(performance.now() - t);
  }
  const execMs = median(execs);
  const goal = name === 'local' ? 30 : 300;
  console.log(
    `${name.padEnd(8)} ${execMs.toFixed(1).padStart(7)} ${(execMs - plainMs).toFixed(1).padStart(12)} ${(execMs / plainMs).toFixed(2).padStart(6)} ${median(creates).toFixed(0).padStart(10)} ${median(destroys).toFixed(0).padStart(11)}  ≤ ${goal} ms: ${execMs - plainMs <= goal ? 'met' : 'NOT met'}`,
  );
}
