import type { Action, Observation } from '../../harness/arena/types.js';

/** What the agent has learnt during an episode: the outcome of each step and its public scores. */
export class EpisodeProgress {
  private readonly steps: string[] = [];
  private readonly publicScores = new Map<number, number>();
  private higherIsBetter: boolean | undefined;

  /** Reads the metric's direction wherever the environment states it ("Higher is better."). */
  readText(text: string): void {
    const direction = /\b(higher|lower) is better\b/i.exec(text);
    if (direction) this.higherIsBetter = direction[1]!.toLowerCase() === 'higher';
  }

  record(action: Action, observation: Observation): void {
    this.readText(observation.text);
    if (action.type === 'request_info') return;
    if (observation.publicScore !== undefined) this.publicScores.set(observation.step, observation.publicScore);
    const outcome = observation.ok ? 'ok' : `failed (${observation.error?.kind ?? 'error'})`;
    const score = observation.publicScore !== undefined ? `, public score ${observation.publicScore}` : '';
    this.steps.push(`step ${observation.step} ${action.type}: ${outcome}${score}`);
  }

  get hasScores(): boolean {
    return this.publicScores.size > 0;
  }

  get directionKnown(): boolean {
    return this.higherIsBetter !== undefined;
  }

  /** The step with the best public score, when the metric's direction is known. */
  bestStep(): number | undefined {
    if (this.higherIsBetter === undefined) return undefined;
    let best: [number, number] | undefined;
    for (const [step, score] of this.publicScores) {
      if (!best || (this.higherIsBetter ? score > best[1] : score < best[1])) best = [step, score];
    }
    return best?.[0];
  }

  /** A compact log for the model when older turns have been dropped from its context. */
  summary(maxLines = 40): string {
    const lines = this.steps.slice(-maxLines);
    const skipped = this.steps.length - lines.length;
    const best = this.bestStep();
    return [
      ...(skipped > 0 ? [`(${skipped} earlier steps not listed)`] : []),
      ...lines,
      ...(best !== undefined ? [`best public score so far: step ${best} (${this.publicScores.get(best)})`] : []),
    ].join('\n');
  }
}
