import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Action, Agent, AgentContext, EpisodeEnvironment, Observation } from '../../harness/arena/types.js';
import type { TaskManifest } from '../../harness/task/schema.js';

export const BASELINE_LEVELS = ['trivial', 'linear', 'forest', 'gbm', 'ladder'] as const;
export type BaselineLevel = (typeof BASELINE_LEVELS)[number];
type Model = Exclude<BaselineLevel, 'ladder'>;

/** The solver ships as source next to this module (agents/baselines/solver.py, not compiled). */
function solverSource(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'solver.py'), path.join(here, '..', '..', '..', 'agents', 'baselines', 'solver.py')];
  for (const file of candidates) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      // try the next location
    }
  }
  throw new Error(`baseline solver not found (looked in ${candidates.join(', ')})`);
}

/** The code of one baseline step: the solver with its configuration line. */
export function solverCode(model: Model, manifest: TaskManifest, seed: number, dataDir = '/data'): string {
  const config = {
    model,
    seed,
    idColumn: manifest.idColumn,
    targetColumns: manifest.targetColumns,
    columns: manifest.submission.columns,
    classes: manifest.classes ?? [],
    positiveClass: manifest.metric.params['positiveClass'] ?? null,
    objective: manifest.objective,
    metric: manifest.metric.name,
    threads: Math.max(1, Math.floor(manifest.limits.cpus)),
    data_dir: dataDir,
  };
  // A JSON string literal is also a valid Python string literal.
  return `import json\nCONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})\n${solverSource()}`;
}

const SIMPLER: Record<Model, Model | null> = { gbm: 'forest', forest: 'linear', linear: 'trivial', trivial: null };

/**
 * The built-in baselines: heuristic agents that act through the same actions as any other.
 * `ladder` climbs trivial → linear → forest → gbm over successive steps and submits its best
 * public score; the others run their model (falling back to a simpler one once on failure).
 */
export class BaselineAgent implements Agent {
  readonly kind = 'baseline' as const;
  readonly id: string;

  constructor(
    readonly level: BaselineLevel,
    private readonly manifest: TaskManifest,
    private readonly dataDir = '/data',
  ) {
    this.id = `baseline:${level}`;
  }

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    await env.start();
    await env.step({ type: 'request_info', topic: 'data_structure' });
    if (this.level === 'ladder') await this.climb(env, context);
    else await this.runWithFallback(env, context, this.level);
    if (!env.done) await env.step({ type: 'submit', ...this.bestStepChoice() });
  }

  private readonly scores = new Map<number, number>();

  private record(obs: Observation): void {
    if (obs.publicScore !== undefined) this.scores.set(obs.step, obs.publicScore);
  }

  private run(env: EpisodeEnvironment, model: Model, seed: number): Promise<Observation> {
    const action: Action = { type: 'execute_code', code: solverCode(model, this.manifest, seed, this.dataDir) };
    return env.step(action).then((obs) => {
      this.record(obs);
      return obs;
    });
  }

  private async runWithFallback(env: EpisodeEnvironment, context: AgentContext, model: Model): Promise<void> {
    const obs = await this.run(env, model, context.seed);
    const simpler = SIMPLER[model];
    if (!obs.ok && simpler && !obs.done && !context.signal.aborted) await this.run(env, simpler, context.seed);
  }

  private async climb(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    let last: Observation | undefined;
    for (const model of ['trivial', 'linear', 'forest', 'gbm'] as const) {
      // Keep one step for submit.
      if (env.done || context.signal.aborted || (last && last.stepsLeft <= 1)) return;
      last = await this.run(env, model, context.seed);
    }
  }

  /** The step with the best public score, direction aware. */
  private bestStepChoice(): { step?: number } {
    let best: [number, number] | undefined;
    for (const [step, score] of this.scores) {
      const better = !best || (this.manifest.metric.higherIsBetter ? score > best[1] : score < best[1]);
      if (better) best = [step, score];
    }
    return best ? { step: best[0] } : {};
  }
}

export function createBaselineAgent(id: string, manifest: TaskManifest): Agent {
  const level = id.replace(/^baseline:/, '');
  if (!(BASELINE_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`unknown baseline "${id}": one of ${BASELINE_LEVELS.map((l) => `baseline:${l}`).join(', ')}`);
  }
  return new BaselineAgent(level as BaselineLevel, manifest);
}
