// Sandbox benchmark: per-execution overhead of a trivial Python program in each backend against a
// plain subprocess, the two interleaved (one plain run before each execution, so both see the
// same load), and the time to create and destroy a sandbox; then the same again with the cores
// kept busy (one CPU-bound process per core; BENCH_LOAD=0 skips it). Every registered backend is
// measured; `file ms` is one 1 KiB workspace file written and read back by the harness.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { backendNames, getBackend } = await import(path.join(repo, 'dist', 'harness', 'sandbox', 'registry.js'));
const runs = Number(process.env.BENCH_RUNS ?? 20);
const python = '/usr/bin/python3';
const program = ['-S', '-c', 'pass'];
const limits = { memoryMb: 1024, cpus: 1, pids: 64, workspaceMb: 64 };
/** Issue #17's goals for the overhead per execution, ms (a backend without one is measured, not judged). */
const GOALS = { local: 15, docker: 20 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

async function measureBackend(name) {
  const backend = await getBackend(name);
  const state = await backend.check();
  if (!state.ok) return { problem: state.problem };
  const creates = [];
  const destroys = [];
  const execs = [];
  const plain = [];
  const files = [];
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    const sb = await backend.create({ name: 'bench', limits });
    creates.push(performance.now() - t);
    await sb.exec([python, ...program], { timeoutSec: 60 });
    for (let i = 0; i < runs; i++) {
      plain.push(time(() => spawnSync(python, program)));
      t = performance.now();
      const r = await sb.exec([python, ...program], { timeoutSec: 60 });
      if (r.exitCode !== 0) throw new Error(`${name}: ${r.stderr}`);
      execs.push(performance.now() - t);
    }
    // A workspace file written and read back by the harness (docker-copy goes through the container for it).
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      await sb.writeFile('bench.txt', 'x'.repeat(1024));
      await sb.readFile('bench.txt');
      files.push(performance.now() - t);
    }
    t = performance.now();
    await sb.destroy();
    destroys.push(performance.now() - t);
  }
  return { plainMs: median(plain), execMs: median(execs), createMs: median(creates), destroyMs: median(destroys), fileMs: median(files) };
}

/** One CPU-bound process per core until stopped. */
function startLoad() {
  const burners = os.cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => burners.forEach((b) => b.kill('SIGKILL'));
}

console.log(`trivial Python program (python3 -S -c pass), median of ${runs} (×3 sandboxes); ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the start`);
console.log('backend      load      plain ms  exec ms  overhead ms  ratio  create ms  destroy ms  file ms  goal (overhead)');
for (const loaded of process.env.BENCH_LOAD === '0' ? [false] : [false, true]) {
  const stop = loaded ? startLoad() : () => undefined;
  try {
    for (const name of backendNames()) {
      const m = await measureBackend(name);
      const label = `${name.padEnd(12)} ${(loaded ? `+${os.cpus().length} busy` : 'as is').padEnd(8)}`;
      if (m.problem) {
        console.log(`${label}  unavailable: ${m.problem}`);
        continue;
      }
      const overhead = m.execMs - m.plainMs;
      console.log(
        `${label} ${m.plainMs.toFixed(1).padStart(9)} ${m.execMs.toFixed(1).padStart(8)} ${overhead.toFixed(1).padStart(12)} ${(m.execMs / m.plainMs).toFixed(2).padStart(6)} ${m.createMs.toFixed(0).padStart(10)} ${m.destroyMs.toFixed(0).padStart(11)} ${m.fileMs.toFixed(1).padStart(8)}  ${GOALS[name] === undefined ? 'no goal' : `≤ ${GOALS[name]} ms: ${overhead <= GOALS[name] ? 'met' : 'NOT met'}`}`,
      );
    }
  } finally {
    stop();
  }
}
