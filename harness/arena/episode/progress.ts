import type { EpisodeEvent } from './events.js';
import type { EpisodeSpec } from './spec.js';

export interface EvalProgress {
  total: number;
  done: number;
  running: number;
  failed: number;
  tokens: number;
  costUsd: number;
  last?: string;
}

/** A run's progress, kept from the events of its episodes wherever they ran. */
export class ProgressTracker {
  readonly progress: EvalProgress;

  constructor(
    total: number,
    done: number,
    private readonly onProgress: (p: EvalProgress) => void,
  ) {
    this.progress = { total, done, running: 0, failed: 0, tokens: 0, costUsd: 0 };
    onProgress(this.progress);
  }

  /** An episode that started was stopped before its result (its Slurm job ended); it will run again. */
  interrupted(): void {
    this.progress.running--;
    this.onProgress(this.progress);
  }

  observe(spec: EpisodeSpec, event: EpisodeEvent): void {
    const p = this.progress;
    if (event.kind === 'start') p.running++;
    else if (event.kind === 'llm_call') {
      p.tokens += event.usage.inputTokens + event.usage.outputTokens;
      p.costUsd += event.usage.costUsd;
    } else if (event.kind === 'result') {
      const o = event.outcome;
      p.running--;
      p.done++;
      if (o.status !== 'completed') p.failed++;
      p.last = `${spec.task.id} ${spec.agent.id} seed ${spec.seed}: ${o.status}${o.score !== null ? ` ${o.score.toPrecision(4)}` : ''}`;
    } else return;
    this.onProgress(p);
  }
}
