// Start-up benchmark: `arena --help` (and the help of a few commands) against `node -e ''`, the
// floor any Node CLI pays, measured in the same run, interleaved, median of BENCH_RUNS (20).
// Prints wall and CPU time (user + system, less sensitive to a loaded machine than wall time).
// BENCH_COMPARE=<another checkout, built> adds its `arena --help` and `arena grade --help` to the same runs.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 20);
const GOAL_SEC = 0.15;
const arena = path.join(repo, 'bin', 'arena.js');
const cases = [
  { label: "node -e ''", args: ['-e', ''] },
  { label: 'arena --help', args: [arena, '--help'] },
  { label: 'arena grade --help', args: [arena, 'grade', '--help'] },
  { label: 'arena datasets --help', args: [arena, 'datasets', '--help'] },
  { label: 'arena eval --help', args: [arena, 'eval', '--help'] },
];
const compare = process.env.BENCH_COMPARE;
if (compare) {
  const old = path.join(path.resolve(compare), 'bin', 'arena.js');
  cases.push({ label: 'compare: arena --help', args: [old, '--help'] }, { label: 'compare: grade --help', args: [old, 'grade', '--help'] });
}

/** Wall and CPU seconds of one run, from /usr/bin/time. */
function measure(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', 'node', ...args], { encoding: 'utf8', cwd: repo });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = cases.map(() => []);
for (let i = 0; i < runs; i++) cases.forEach((c, k) => samples[k].push(measure(c.args)));
const [floor] = samples.map((s) => ({ wall: median(s.map((m) => m.wall)), cpu: median(s.map((m) => m.cpu)) }));

console.log(`start-up, median of ${runs} runs each, interleaved; ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`);
console.log('command                  wall s  cpu s  wall ratio to node -e   goal');
cases.forEach((c, k) => {
  const wall = median(samples[k].map((m) => m.wall));
  const cpu = median(samples[k].map((m) => m.cpu));
  const goal = c.label === 'arena --help' ? `≤ ${GOAL_SEC} s: ${wall <= GOAL_SEC ? 'met' : 'NOT met'}` : '';
  console.log(`${c.label.padEnd(24)} ${wall.toFixed(3).padStart(6)} ${cpu.toFixed(3).padStart(6)} ${(wall / floor.wall).toFixed(2).padStart(10)}             ${goal}`);
});
