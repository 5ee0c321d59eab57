// Dataset benchmark: the whole registry from scratch, then the ten largest R data frames against a
// peer in the same run.
//
// From scratch, in a scratch folder: the R packages downloaded and unpacked as scripts/setup.sh
// does (apt-get download + dpkg-deb -x), their catalog read (python3 -m rpkg catalog, as the
// registry builds .cache/debian-r/catalog.json), then every registered dataset converted into a
// fresh ARENA_HOME (`arena datasets fetch --all`). Each stage: wall time, peak memory (the sum of
// the RSS of its process tree, sampled every 50 ms) and the disk it leaves.
//
// Peer: the ten largest R data frames (rows × columns) converted to CSV by the arena (`python3 -m
// rpkg export`, card included, one process each as `arena datasets fetch` runs it; and its table
// alone, without the card) and by python3-rdata's own parser and converter + pandas.to_csv
// (scripts/bench/datasets_peer.py); both outputs are compared cell by cell.
//
//   scripts/bench/datasets                      run it (about 10 minutes on 2 cores)
//   BENCH_KEEP=1 scripts/bench/datasets         keep the scratch folder (its path is printed)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const python = process.env.ARENA_PYTHON ?? '/usr/bin/python3';
const pythonDir = path.join(repo, 'harness', 'datasets', 'python');
const dist = (...p) => import(path.join(repo, 'dist', 'harness', ...p));
const { R_PACKAGES } = await dist('datasets', 'sources', 'r-packages.js');
const { USABLE } = await dist('datasets', 'usability.js');
const { DATASETS } = await dist('datasets', 'registry.js');
const PAGE = 4096;
const MB = 1024 * 1024;

/** Sum of the RSS of a process and its descendants, in bytes (0 once it is gone). */
function treeRss(pid) {
  try {
    const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
    const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(' ').filter(Boolean));
    return rss + children.reduce((sum, child) => sum + treeRss(child), 0);
  } catch {
    return 0;
  }
}

/** Runs a command to its end; wall seconds, peak tree RSS in MB and stdout. Fails on a non-zero exit. */
function measure(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 50);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const wall = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')}... exited with ${code}: ${Buffer.concat(err).toString().slice(-2000)}`));
      resolve({ wall, mb: peak / MB, stdout: Buffer.concat(out).toString() });
    });
  });
}

function du(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    bytes += entry.isDirectory() ? du(p) : entry.isFile() ? statSync(p).size : 0;
  }
  return bytes;
}

/** The R package folder inside an unpacked Debian package (usr/lib/R/{site-library,library}/<Pkg>). */
function packageDir(unpacked) {
  const libs = path.join(unpacked, 'usr', 'lib', 'R');
  for (const lib of readdirSync(libs)) for (const pkg of readdirSync(path.join(libs, lib))) return path.join(libs, lib, pkg);
  throw new Error(`${unpacked}: no R package`);
}

const pythonEnv = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' };

/** The reader's spec (python3 -m rpkg's SPEC_JSON) for packages unpacked under `root`. */
function rpkgSpec(root, sources) {
  return JSON.stringify({
    overrides: path.join(repo, 'harness', 'datasets', 'sources', 'r-packages.overrides.json'),
    minRows: USABLE.minRows,
    minColumns: USABLE.minColumns,
    packages: sources.map((s) => ({ dir: path.join(root, s.debian), collections: s.collections ?? [], companions: (s.companions ?? []).map((c) => path.join(root, c)) })),
  });
}

async function downloadStage(scratch) {
  const debs = [...new Set(R_PACKAGES.flatMap((s) => [s.debian, ...(s.companions ?? [])]))].sort();
  const debDir = path.join(scratch, 'debs');
  const root = path.join(scratch, 'debian-r');
  mkdirSync(debDir, { recursive: true });
  mkdirSync(root);
  const script = `cd "$1" && shift && apt-get download -qq "$@" 2>/dev/null && for f in *.deb; do dpkg-deb -x "$f" "${root}/\${f%%_*}"; done`;
  const m = await measure('bash', ['-c', script, 'bash', debDir, ...debs]);
  return { ...m, label: `download + unpack ${debs.length} R packages`, disk: du(scratch), root };
}

async function catalogStage(root) {
  const m = await measure(python, ['-m', 'rpkg', 'catalog', rpkgSpec(root, R_PACKAGES)], { cwd: pythonDir, env: pythonEnv });
  const packages = JSON.parse(m.stdout).packages;
  const objects = packages.flatMap((p) => p.objects.map((o) => ({ ...o, source: R_PACKAGES[packages.indexOf(p)] })));
  const usable = objects.filter((o) => o.usable);
  return { ...m, label: `catalog: ${usable.length} usable of ${objects.length} R objects`, disk: 0, usable };
}

async function convertStage(scratch) {
  const home = path.join(scratch, 'arena-home');
  const m = await measure('node', [path.join(repo, 'bin', 'arena.js'), 'datasets', 'fetch', '--all', '--json'], { env: { ...process.env, ARENA_HOME: home } });
  const outcomes = JSON.parse(m.stdout);
  const failed = outcomes.filter((o) => o.status === 'failed');
  for (const f of failed) process.stderr.write(`bench: ${f.dataset} failed: ${f.error}\n`);
  return { ...m, label: `convert ${outcomes.length} datasets (${failed.length} failed)`, disk: du(home) };
}

const TABLE_ONLY = `
import sys
from rpkg.package import RPackage, find_package_dir
from rpkg.frames import to_table
from _canonical import write_csv
pkg = RPackage(find_package_dir(sys.argv[1]))
entry = next(e for e in pkg.data_index if e.object == sys.argv[2])
write_csv(to_table(pkg.load(entry)).frame, sys.argv[3])
`;

async function largestFrames(scratch, root, usable) {
  const largest = usable.filter((o) => o.modality === 'tabular').sort((a, b) => b.rows * b.columns - a.rows * a.columns).slice(0, 10);
  const rows = [];
  for (const o of largest) {
    const dir = path.join(scratch, 'pairs', `${o.source.debian}-${o.object}`);
    mkdirSync(dir, { recursive: true });
    const unpacked = path.join(root, o.source.debian);
    const arena = await measure(python, ['-m', 'rpkg', 'export', rpkgSpec(root, [o.source]), o.object, dir], { cwd: pythonDir, env: pythonEnv });
    const table = await measure(python, ['-c', TABLE_ONLY, unpacked, o.object, path.join(dir, 'table.csv')], { cwd: pythonDir, env: pythonEnv });
    const peer = await measure(python, [path.join(repo, 'scripts', 'bench', 'datasets_peer.py'), 'convert', packageDir(unpacked), o.object, path.join(dir, 'peer.csv')], { env: pythonEnv });
    const check = JSON.parse((await measure(python, [path.join(repo, 'scripts', 'bench', 'datasets_peer.py'), 'compare', path.join(dir, 'data.csv'), path.join(dir, 'peer.csv')], { env: pythonEnv })).stdout);
    rows.push({ name: `${o.source.debian.replace('r-cran-', '')}/${o.object}`, rows: o.rows, columns: o.columns, arena, table, peer, check });
    process.stderr.write(`bench: ${rows.at(-1).name}: arena ${arena.wall.toFixed(2)} s, peer ${peer.wall.toFixed(2)} s\n`);
  }
  return rows;
}

const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

function printStages(stages) {
  console.log(`\nthe registry from scratch (${DATASETS.length} registered datasets), ${os.cpus().length} cores, load ${os.loadavg().map(f2).join(' ')} at the end`);
  console.log('stage                                         s   peak MB   disk MB');
  for (const s of stages) console.log(`${s.label.padEnd(42)} ${f1(s.wall).padStart(6)} ${s.mb.toFixed(0).padStart(9)} ${(s.disk / MB).toFixed(0).padStart(9)}`);
  const total = stages.reduce((t, s) => t + s.wall, 0);
  console.log(`${'total'.padEnd(42)} ${f1(total).padStart(6)} ${Math.max(...stages.map((s) => s.mb)).toFixed(0).padStart(9)} ${(stages.reduce((t, s) => t + s.disk, 0) / MB).toFixed(0).padStart(9)}`);
}

function printPairs(rows) {
  console.log('\nten largest R data frames to CSV: arena (python3 -m rpkg export, card included; table alone) vs python3-rdata + pandas');
  console.log('data frame                     rows  cols  arena s  table s  peer s  ratio  arena MB  peer MB  cells differ');
  for (const r of rows) {
    const differ = r.check.rows[0] !== r.check.rows[1] ? `rows ${r.check.rows.join(' vs ')}` : `${r.check.differingCells} of ${r.rows * r.check.sharedColumns}`;
    console.log(
      `${r.name.padEnd(28)} ${String(r.rows).padStart(7)} ${String(r.columns).padStart(5)} ${f2(r.arena.wall).padStart(8)} ${f2(r.table.wall).padStart(8)} ${f2(r.peer.wall).padStart(7)} ${f2(r.arena.wall / r.peer.wall).padStart(6)} ${r.arena.mb.toFixed(0).padStart(9)} ${r.peer.mb.toFixed(0).padStart(8)}  ${differ}`,
    );
  }
  const sum = (pick) => rows.reduce((t, r) => t + pick(r).wall, 0);
  console.log(`${'all ten'.padEnd(42)} ${f2(sum((r) => r.arena)).padStart(8)} ${f2(sum((r) => r.table)).padStart(8)} ${f2(sum((r) => r.peer)).padStart(7)} ${f2(sum((r) => r.arena) / sum((r) => r.peer)).padStart(6)}`);
  console.log('ratio = arena (with card) / peer; table ratio: ' + f2(sum((r) => r.table) / sum((r) => r.peer)));
}

async function main() {
  if (!existsSync(path.join(repo, 'dist', 'harness', 'cli', 'main.js'))) throw new Error('dist/ missing: run npm run build');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-bench-datasets-'));
  try {
    process.stderr.write(`bench: scratch folder ${scratch}\nbench: downloading and unpacking the R packages...\n`);
    const download = await downloadStage(scratch);
    process.stderr.write('bench: reading the R packages (catalog)...\n');
    const catalog = await catalogStage(download.root);
    process.stderr.write('bench: converting every registered dataset into a fresh ARENA_HOME...\n');
    const convert = await convertStage(scratch);
    process.stderr.write('bench: the ten largest R data frames, arena and peer...\n');
    const pairs = await largestFrames(scratch, download.root, catalog.usable);
    printStages([download, catalog, convert]);
    printPairs(pairs);
  } finally {
    if (process.env.BENCH_KEEP) process.stderr.write(`bench: kept ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
