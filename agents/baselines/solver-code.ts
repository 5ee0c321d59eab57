import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskManifest } from '../../harness/task/schema.js';

/** The models the solver can fit, simplest first. */
export const SOLVER_MODELS = ['trivial', 'linear', 'forest', 'gbm'] as const;
export type SolverModel = (typeof SOLVER_MODELS)[number];

/** What the solver reads from its `CONFIG` line (see the header of solver.py). */
export interface SolverConfig {
  model: SolverModel;
  seed: number;
  idColumn: string;
  targetColumns: string[];
  columns: { name: string; type: string }[];
  classes: string[];
  positiveClass: string | null;
  objective: string;
  modality: string;
  metric: string;
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

export function solverConfig(model: SolverModel, manifest: TaskManifest, options: SolverOptions): SolverConfig {
  const positive = manifest.metric.params['positiveClass'];
  return {
    model,
    seed: options.seed,
    idColumn: manifest.idColumn,
    targetColumns: manifest.targetColumns,
    columns: manifest.submission.columns,
    classes: manifest.classes ?? [],
    positiveClass: positive === undefined || positive === null ? null : String(positive),
    objective: manifest.objective,
    modality: manifest.modality,
    metric: manifest.metric.name,
    threads: Math.max(1, Math.floor(manifest.limits.cpus)),
    timeLimitSec: Math.max(1, Math.floor(options.timeLimitSec)),
    data_dir: options.dataDir ?? '/data',
  };
}

let cachedSolver: string | undefined;

/** solver.py is shipped as source: next to this module, or in the source tree when running from dist/. */
function solverSource(): string {
  if (cachedSolver !== undefined) return cachedSolver;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'solver.py'), path.resolve(here, '..', '..', '..', 'agents', 'baselines', 'solver.py')];
  for (const file of candidates) {
    try {
      cachedSolver = readFileSync(file, 'utf8');
      return cachedSolver;
    } catch {
      // not here: try the next place
    }
  }
  throw new Error(`baseline solver.py not found (looked at ${candidates.join(', ')})`);
}

/** The code of one baseline step: a CONFIG line, then the solver. */
export function solverCode(config: SolverConfig): string {
  // A JSON string is also a valid Python string literal, so the config needs no Python escaping.
  return `import json; CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})\n${solverSource()}`;
}
