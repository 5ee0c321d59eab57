import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMetric } from '../../harness/grading/metrics/catalog.js';
import type { ValueDomain } from '../../harness/grading/metrics/types.js';
import { lagColumns } from '../../harness/task/recipe.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import { describeRecipe, SKILLS, type Recipe, type Skill } from './recipe.js';

/** The CONFIG a step hands to `arena_solvers.step.run`: the task's public facts and the recipe. */
export interface SolverConfig {
  model: Recipe['model'];
  skills: Skill[];
  params: Record<string, number>;
  tag: string | null;
  members: string[];
  seed: number;
  idColumn: string;
  targetColumns: string[];
  columns: { name: string; type: string }[];
  classes: string[];
  positiveClass: string | null;
  objective: string;
  modality: string;
  metric: string;
  /** The metric's direction, from task.json: how a step ranks its own hold-out scores. */
  higherIsBetter: boolean;
  /** The truths and predictions the metric accepts, from the registry; null when it sets none (or is not in the catalog). */
  metricDomain: { truth: ValueDomain; prediction: ValueDomain } | null;
  /** task.json `metric.params` with the registry's defaults filled in (Tweedie's power), for the hold-out score. */
  metricParams: Record<string, unknown>;
  /** A forecast's lag columns of the target, as its description publishes them: what the trivial model's naive forecast reads. */
  lags: { column: string; steps: number }[];
  threads: number;
  /** Seconds the step may run; the solver scales its work to fit. */
  timeLimitSec: number;
  /** Where the public data is: /data in every sandbox; elsewhere only in tests. */
  data_dir: string;
}

export interface SolverOptions {
  seed: number;
  timeLimitSec: number;
  dataDir?: string;
}

/** The params as the grader reads them: defaults filled in, keys its schema does not name kept; as written when they do not parse (the grader will say why). */
function metricParams(manifest: TaskManifest): Record<string, unknown> {
  const parsed = getMetric(manifest.metric.name)?.params.safeParse(manifest.metric.params);
  return { ...manifest.metric.params, ...(parsed?.success ? parsed.data : {}) };
}

export function solverConfig(recipe: Recipe, manifest: TaskManifest, options: SolverOptions): SolverConfig {
  const positive = manifest.metric.params['positiveClass'];
  const domain = getMetric(manifest.metric.name)?.domain;
  return {
    model: recipe.model,
    skills: [...(recipe.skills ?? SKILLS)],
    params: { ...recipe.params },
    tag: recipe.tag ?? null,
    members: [...(recipe.members ?? [])],
    seed: options.seed,
    idColumn: manifest.idColumn,
    targetColumns: manifest.targetColumns,
    columns: manifest.submission.columns,
    classes: manifest.classes ?? [],
    positiveClass: positive === undefined || positive === null ? null : String(positive),
    objective: manifest.objective,
    modality: manifest.modality,
    metric: manifest.metric.name,
    higherIsBetter: manifest.metric.higherIsBetter,
    metricDomain: domain ? { ...domain } : null,
    metricParams: metricParams(manifest),
    lags: manifest.recipe ? lagColumns(manifest.recipe) : [],
    threads: Math.max(1, Math.floor(manifest.limits.cpus)),
    timeLimitSec: Math.max(1, Math.floor(options.timeLimitSec)),
    data_dir: options.dataDir ?? '/data',
  };
}

export interface SolverPackage {
  /** File name → source, of arena_solvers/*.py. */
  files: Record<string, string>;
  /** Short content hash: which version of the package a workspace holds. */
  digest: string;
}

let cachedPackage: SolverPackage | undefined;

/** The package is shipped as source: next to this module, or in the source tree when running from dist/. */
export function solverPackage(): SolverPackage {
  if (cachedPackage) return cachedPackage;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'python', 'arena_solvers'), path.resolve(here, '..', '..', '..', 'agents', 'baselines', 'python', 'arena_solvers')];
  const dir = candidates.find((d) => existsSync(path.join(d, 'step.py')));
  if (!dir) throw new Error(`the arena_solvers package was not found (looked in ${candidates.join(', ')})`);
  const names = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
  const files = Object.fromEntries(names.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  cachedPackage = { files, digest: createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12) };
  return cachedPackage;
}

/** Thread counts before numpy loads its BLAS; spinning OpenMP workers slow xgboost ~10x when the cores are shared. */
function threadSettings(threads: number): string {
  const env = { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
  return `import os\nos.environ.update(${JSON.stringify(env)})`;
}

/** Writes the package into ./arena_solvers: this step imports it, and so do the episode's later ones. */
function installCode(pkg: SolverPackage): string {
  // A JSON object of strings is also a Python dict literal.
  return [
    `# arena_solvers ${pkg.digest}, the baselines' solver package (agents/baselines/python), written into the workspace.`,
    'import importlib, pathlib',
    `SOURCES = ${JSON.stringify(pkg.files)}`,
    'package = pathlib.Path("arena_solvers")',
    'package.mkdir(exist_ok=True)',
    'for name, source in SOURCES.items():',
    '    (package / name).write_text(source, encoding="utf-8")',
    `(package / "DIGEST").write_text(${JSON.stringify(pkg.digest)})`,
    'importlib.invalidate_caches()',
  ].join('\n');
}

/** Fails the step with a clear message when the workspace lacks this version of the package. */
function checkCode(pkg: SolverPackage): string {
  return [
    'import pathlib',
    'digest = pathlib.Path("arena_solvers/DIGEST")',
    `if not digest.is_file() or digest.read_text() != ${JSON.stringify(pkg.digest)}:`,
    `    raise SystemExit("arena_solvers ${pkg.digest} is not installed in the workspace: run a step that installs it")`,
  ].join('\n');
}

/**
 * The code of one step: thread settings, the CONFIG line, the package (installed, or checked to be
 * there from an earlier step), then the solver call. `install` is for the first step of an episode
 * and for any step after one that may not have got as far.
 */
export function solverCode(config: SolverConfig, options: { install: boolean; agentId?: string }): string {
  const pkg = solverPackage();
  return [
    `# ${options.agentId ? `${options.agentId}: ` : ''}${describeRecipe(config)}`,
    threadSettings(config.threads),
    'import json, sys',
    // A JSON string is also a valid Python string literal, so the config needs no Python escaping.
    `CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`,
    options.install ? installCode(pkg) : checkCode(pkg),
    'sys.path.insert(0, os.getcwd())',
    'from arena_solvers.step import run',
    'run(CONFIG)',
    '',
  ].join('\n');
}
