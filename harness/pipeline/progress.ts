import type { EvalProgress } from '../arena/runner.js';
import type { GenerateProgress } from '../smith/pipeline.js';

export type PipelineStage = 'generate' | 'eval' | 'report' | 'done';

/** The whole pipeline at one glance: generation (when it generates), episodes over every batch, the report. */
export interface PipelineProgress {
  stage: PipelineStage;
  /** Absent when the generated suite already exists. */
  generation?: GenerateProgress;
  /** Tasks served to the agents so far (human and generated). */
  tasksServed: number;
  /** Episodes of the served tasks; `done` counts those finished by an earlier, interrupted run too. */
  episodes: { total: number; done: number; running: number; failed: number };
  tokens: number;
  costUsd: number;
  last?: string;
}

/**
 * Folds the stages' own progress reports into one PipelineProgress: each eval batch reports its
 * own counts, so finished batches are kept as a base the current batch adds to.
 */
export class ProgressTracker {
  readonly state: PipelineProgress = { stage: 'eval', tasksServed: 0, episodes: { total: 0, done: 0, running: 0, failed: 0 }, tokens: 0, costUsd: 0 };
  private base = { done: 0, failed: 0, tokens: 0, costUsd: 0 };
  private batch: EvalProgress | null = null;

  constructor(
    private readonly episodesPerTask: number,
    private readonly emit: (p: PipelineProgress) => void,
  ) {}

  stage(stage: PipelineStage, last?: string): void {
    this.state.stage = stage;
    if (last !== undefined) this.state.last = last;
    this.emit(this.state);
  }

  served(): void {
    this.state.tasksServed++;
    this.state.episodes.total += this.episodesPerTask;
    this.emit(this.state);
  }

  generation(p: GenerateProgress): void {
    this.state.generation = p;
    if (p.last) this.state.last = p.last;
    this.emit(this.state);
  }

  evalBatch(p: EvalProgress): void {
    this.batch = p;
    const e = this.state.episodes;
    e.done = this.base.done + p.done;
    e.running = p.running;
    e.failed = this.base.failed + p.failed;
    this.state.tokens = this.base.tokens + p.tokens;
    this.state.costUsd = this.base.costUsd + p.costUsd;
    if (p.last) this.state.last = p.last;
    this.emit(this.state);
  }

  /** The current batch is over: its counts become part of the base. */
  endBatch(): void {
    if (!this.batch) return;
    this.base = { done: this.base.done + this.batch.done, failed: this.base.failed + this.batch.failed, tokens: this.base.tokens + this.batch.tokens, costUsd: this.base.costUsd + this.batch.costUsd };
    this.batch = null;
  }
}
