import type { AgentContext, EpisodeEnvironment, InfoTopic, Observation } from '../../harness/arena/types.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import type { Recipe } from './recipe.js';
import { solverCode, solverConfig } from './solver-code.js';
import { parseStepResult, type StepResult } from './step-result.js';

/** Time kept back from the solver for starting Python and grading. */
const STEP_MARGIN_SEC = 5;
/** Below this much episode time a multi-step agent stops: no model beyond trivial fits in less. */
export const MIN_STEP_SEC = 30;

export interface BaselineOptions {
  /** Where the solver finds the public data; /data in every sandbox (tests point elsewhere). */
  dataDir?: string;
}

/** A code step as the agent saw it. */
export interface PlayedStep {
  step: number;
  recipe: Recipe;
  ok: boolean;
  /** The public-leaderboard score of the submission this step wrote, when new and valid. */
  publicScore?: number;
  result?: StepResult;
}

/**
 * One baseline's side of an episode: runs recipes as execute_code steps, reads their
 * observations (public score, the solver's result line), keeps the budget and submits the best.
 * Strategies decide what to run; the player knows how.
 */
export class EpisodePlayer {
  readonly steps: PlayedStep[] = [];
  private last: Observation | undefined;
  /** Whether a step has run to its end, so the package is in the workspace. */
  private installed = false;

  constructor(
    readonly agentId: string,
    readonly manifest: TaskManifest,
    private readonly env: EpisodeEnvironment,
    private readonly context: AgentContext,
    private readonly options: BaselineOptions = {},
  ) {}

  /** Reads the first observation, then asks what an agent would ask first (requests cost no step). */
  async start(topics: InfoTopic[]): Promise<void> {
    this.last = await this.env.start();
    for (const topic of topics) this.last = await this.env.step({ type: 'request_info', topic });
  }

  get timeLeftSec(): number {
    return this.last?.timeLeftSec ?? Infinity;
  }

  /**
   * Whether a code step may run with `minSteps` left. A step that spends the last one ends the
   * episode with the last valid submission, so only a choice among several needs a spare step.
   */
  canRun(minSteps: number): boolean {
    return !this.env.done && !this.context.signal.aborted && (this.last?.stepsLeft ?? 0) >= minSteps;
  }

  async run(recipe: Recipe): Promise<PlayedStep> {
    const timeLimitSec = Math.min(this.manifest.limits.stepTimeoutSec, this.timeLeftSec - STEP_MARGIN_SEC);
    const config = solverConfig(recipe, this.manifest, { seed: this.context.seed, timeLimitSec, ...(this.options.dataDir ? { dataDir: this.options.dataDir } : {}) });
    const code = solverCode(config, { install: !this.installed, agentId: this.agentId });
    const obs = await this.env.step({ type: 'execute_code', code });
    this.last = obs;
    const result = parseStepResult(obs.stdout);
    if (result) this.installed = true;
    const played: PlayedStep = {
      step: obs.step,
      recipe,
      ok: obs.ok,
      ...(obs.ok && obs.publicScore !== undefined ? { publicScore: obs.publicScore } : {}),
      ...(result ? { result } : {}),
    };
    this.steps.push(played);
    return played;
  }

  /** a beats b on the public leaderboard (direction aware); a step without a score never does. */
  beats(a: PlayedStep | undefined, b: PlayedStep | undefined): boolean {
    if (a?.publicScore === undefined) return false;
    if (b?.publicScore === undefined) return true;
    return this.manifest.metric.higherIsBetter ? a.publicScore > b.publicScore : a.publicScore < b.publicScore;
  }

  /** Scored steps, best public score first; the earlier step first on a tie. */
  ranked(steps: readonly PlayedStep[] = this.steps): PlayedStep[] {
    return steps.filter((s) => s.publicScore !== undefined).sort((a, b) => (this.beats(a, b) ? -1 : this.beats(b, a) ? 1 : a.step - b.step));
  }

  /** Ends the episode with the best public step (the last valid submission when none scored). */
  async submitBest(): Promise<void> {
    if (this.env.done || this.context.signal.aborted) return;
    const best = this.ranked()[0];
    await this.env.step(best === undefined ? { type: 'submit' } : { type: 'submit', step: best.step });
  }
}

/** How a baseline plays an episode through its player. */
export type Strategy = (player: EpisodePlayer) => Promise<void>;
