import type { Agent, AgentContext, EpisodeEnvironment, Observation } from '../../harness/arena/types.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import { SOLVER_MODELS, solverCode, solverConfig, type SolverModel } from './solver-code.js';

export const BASELINE_LEVELS = ['trivial', 'linear', 'forest', 'gbm', 'ladder'] as const;
export type BaselineLevel = (typeof BASELINE_LEVELS)[number];

/** The model to fall back to once when a step fails. */
const SIMPLER: Record<SolverModel, SolverModel | null> = { gbm: 'forest', forest: 'linear', linear: 'trivial', trivial: null };

/** Below this much episode time a ladder stops climbing: no model beyond trivial fits in less. */
const MIN_STEP_SEC = 30;
/** Time kept back from the solver for starting Python and grading. */
const STEP_MARGIN_SEC = 5;

export interface BaselineOptions {
  /** Where the solver finds the public data; /data in every sandbox (tests point elsewhere). */
  dataDir?: string;
}

/**
 * The built-in baselines: heuristic agents acting through the same actions as any other agent.
 * A single level runs its model once (falling back to the next simpler model once on failure);
 * `ladder` climbs trivial → linear → forest → gbm and submits its best public score.
 */
export class BaselineAgent implements Agent {
  readonly kind = 'baseline' as const;
  readonly id: string;
  private readonly publicScores = new Map<number, number>();
  private last: Observation | undefined;

  constructor(
    readonly level: BaselineLevel,
    private readonly manifest: TaskManifest,
    private readonly options: BaselineOptions = {},
  ) {
    this.id = `baseline:${level}`;
  }

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    this.publicScores.clear();
    this.last = await env.start();
    // Not needed by the solver; asked as any agent would, so transcripts read alike.
    this.last = await env.step({ type: 'request_info', topic: 'data_structure' });
    if (this.level === 'ladder') await this.climb(env, context);
    else await this.runWithFallback(env, context, this.level);
    if (env.done || context.signal.aborted) return;
    const best = this.bestStep();
    await env.step(best === undefined ? { type: 'submit' } : { type: 'submit', step: best });
  }

  /**
   * Whether a code step may run with `minSteps` left. A step that spends the last one ends the
   * episode with the last valid submission, so only a choice among several needs a spare step.
   */
  private canRun(env: EpisodeEnvironment, context: AgentContext, minSteps: number): boolean {
    return !env.done && !context.signal.aborted && (this.last?.stepsLeft ?? 0) >= minSteps;
  }

  private async run(env: EpisodeEnvironment, model: SolverModel, seed: number): Promise<Observation> {
    const timeLimitSec = Math.min(this.manifest.limits.stepTimeoutSec, (this.last?.timeLeftSec ?? Infinity) - STEP_MARGIN_SEC);
    const config = solverConfig(model, this.manifest, { seed, timeLimitSec, ...(this.options.dataDir ? { dataDir: this.options.dataDir } : {}) });
    const obs = await env.step({ type: 'execute_code', code: solverCode(config) });
    this.last = obs;
    if (obs.ok && obs.publicScore !== undefined) this.publicScores.set(obs.step, obs.publicScore);
    return obs;
  }

  private async runWithFallback(env: EpisodeEnvironment, context: AgentContext, model: SolverModel): Promise<void> {
    if (!this.canRun(env, context, 1)) return;
    const obs = await this.run(env, model, context.seed);
    const simpler = SIMPLER[model];
    if (!obs.ok && simpler && this.canRun(env, context, 1)) await this.run(env, simpler, context.seed);
  }

  private async climb(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    for (const model of SOLVER_MODELS) {
      const first = model === 'trivial';
      if (!this.canRun(env, context, first ? 1 : 2)) return;
      if (!first && (this.last?.timeLeftSec ?? 0) < MIN_STEP_SEC) return;
      await this.run(env, model, context.seed);
    }
  }

  /** The step with the best public score (direction aware); the earlier step wins a tie. */
  private bestStep(): number | undefined {
    let best: { step: number; score: number } | undefined;
    const higher = this.manifest.metric.higherIsBetter;
    for (const [step, score] of this.publicScores) {
      if (!best || (higher ? score > best.score : score < best.score)) best = { step, score };
    }
    return best?.step;
  }
}

/** `baseline:<level>` → its agent; an unknown level is an error naming the known ones. */
export function createBaselineAgent(id: string, manifest: TaskManifest, options: BaselineOptions = {}): Agent {
  const level = id.startsWith('baseline:') ? id.slice('baseline:'.length) : '';
  if (!(BASELINE_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`unknown baseline "${id}": use one of ${BASELINE_LEVELS.map((l) => `baseline:${l}`).join(', ')}`);
  }
  return new BaselineAgent(level as BaselineLevel, manifest, options);
}
