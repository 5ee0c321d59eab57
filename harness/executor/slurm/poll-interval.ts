/**
 * How long to wait before asking slurmctld again: soon after something changed (a submission, a
 * task that started or ended), then longer and longer while nothing does, up to `maxMs`. Keeps
 * the coordinator's load on a busy controller bounded over hours of running episodes, while
 * results need no asking at all (they are read from the event logs as they are written).
 */
export class PollInterval {
  private current: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly factor = 2,
  ) {
    if (!(minMs > 0 && maxMs >= minMs && factor >= 1)) throw new Error(`a poll interval needs 0 < min ≤ max and factor ≥ 1 (min ${minMs}, max ${maxMs}, factor ${factor})`);
    this.current = minMs;
  }

  /** The wait after a look that saw a change (back to the shortest) or none (longer, bounded). */
  next(changed: boolean): number {
    this.current = changed ? this.minMs : Math.min(this.maxMs, this.current * this.factor);
    return this.current;
  }
}
