// Grading benchmark: `arena grade` against pandas.read_csv + sklearn.metrics on the same
// 1,000,000-row submissions, measured in the same run. Prints wall time, peak memory and ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(repo, '.cache', 'bench', 'grade');
const python = process.env.ARENA_PYTHON ?? '/usr/bin/python3';
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
// Another built checkout to time in the same run (a `git worktree` of an older commit, say).
const compare = process.env.BENCH_COMPARE;

if (!existsSync(path.join(fixtures, 'bench-poisson', 'submission.csv'))) {
  process.stderr.write('bench: writing 1,000,000-row fixtures (once)...\n');
  execFileSync(python, [path.join(repo, 'scripts', 'bench', 'make_grade_fixtures.py'), fixtures], { stdio: 'inherit' });
}

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS in MB and stdout. */
function measure(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, mb: kb / 1024, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cases = [
  { task: 'bench-auc', kind: 'auc', label: 'binary ROC AUC' },
  { task: 'bench-logloss', kind: 'logloss', label: '10-class log loss' },
  { task: 'bench-rmse', kind: 'rmse', label: 'regression RMSE' },
  { task: 'bench-poisson', kind: 'poisson', label: 'count Poisson dev.' },
];
const rows = [];
for (const c of cases) {
  const dir = path.join(fixtures, c.task);
  const sub = path.join(dir, 'submission.csv');
  const arena = [];
  const peer = [];
  const other = [];
  const gradeWith = (root) => measure('node', [path.join(root, 'bin', 'arena.js'), 'grade', '--task', dir, '--submission', sub, '--json']);
  for (let i = 0; i < repeats; i++) {
    arena.push(gradeWith(repo));
    if (compare) other.push(gradeWith(compare));
    peer.push(measure(python, [path.join(repo, 'scripts', 'bench', 'grade_peer.py'), c.kind, path.join(dir, 'data', 'private', 'answers.csv'), sub]));
  }
  const a = JSON.parse(arena[0].stdout);
  const p = JSON.parse(peer[0].stdout);
  const agree = Math.abs(a.score - p.private) <= 1e-9 * Math.max(1, Math.abs(p.private));
  rows.push({
    case: c.label,
    arenaSec: median(arena.map((m) => m.wall)),
    peerSec: median(peer.map((m) => m.wall)),
    arenaMb: Math.max(...arena.map((m) => m.mb)),
    peerMb: Math.max(...peer.map((m) => m.mb)),
    agree,
    otherSec: compare ? median(other.map((m) => m.wall)) : null,
    otherMb: compare ? Math.max(...other.map((m) => m.mb)) : null,
  });
}
console.log(`grading 1,000,000-row submissions, median of ${repeats} runs (whole process: start-up, read, validate, align, score public + private)`);
console.log('case                 arena s  peer s  ratio  arena MB  peer MB  scores agree');
for (const r of rows) {
  console.log(
    `${r.case.padEnd(20)} ${r.arenaSec.toFixed(2).padStart(7)} ${r.peerSec.toFixed(2).padStart(7)} ${(r.arenaSec / r.peerSec).toFixed(2).padStart(6)} ${r.arenaMb.toFixed(0).padStart(9)} ${r.peerMb.toFixed(0).padStart(8)}  ${r.agree}`,
  );
}
console.log("ratio = arena / (pandas + scikit-learn); goal ≤ 0.5, memory ≤ the peer's");
if (compare) {
  console.log(`\nthe same cases graded by ${compare} (BENCH_COMPARE), in the same run`);
  console.log('case                 this s  other s  ratio  this MB  other MB');
  for (const r of rows) {
    console.log(
      `${r.case.padEnd(20)} ${r.arenaSec.toFixed(2).padStart(6)} ${r.otherSec.toFixed(2).padStart(8)} ${(r.arenaSec / r.otherSec).toFixed(2).padStart(6)} ${r.arenaMb.toFixed(0).padStart(8)} ${r.otherMb.toFixed(0).padStart(9)}`,
    );
  }
}
