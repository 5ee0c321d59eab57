// "How sure are we": how many tasks would narrow the Kendall τ-b interval between two suites'
// ratings to ±h (default ±0.1), from the task bootstrap of the suites at hand.
//
// Method. A bootstrap interval's width shrinks like 1/√n for a smooth statistic, so the first
// answer scales the observed half-width: n·(half-width / h)². τ-b between ratings is bounded and,
// with k agents and no ties, moves in steps of 4/(k(k − 1)), so that rule is checked rather than
// trusted: the m-out-of-n bootstrap draws s·n tasks per suite (s = ¼ … 4, both suites scaled
// alike: a suite of that size from the tasks we have), a power law half-width ∝ s^−b is fitted
// to those half-widths by least squares on the logs, and the number of tasks is where that curve
// crosses h. A last bootstrap at that size says what half-width it actually gives.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, type BootstrapOptions } from './bootstrap.js';
import type { BradleyTerryOptions } from './bradley-terry-newton.js';
import { kendallTauB } from './kendall.js';
import { pairSuites, resampleSuites, suiteSeeds, type SuitePair } from './suite-resampling.js';
import type { PairOutcome } from './types.js';

export interface TasksNeededOptions extends BootstrapOptions, BradleyTerryOptions {
  /** Target half-width of the τ-b interval (default 0.1). */
  halfWidth?: number;
  /** Suite sizes of the curve, as multiples of the present ones (default ¼, ½, 1, 2, 4). */
  scales?: readonly number[];
}

export interface CurvePoint {
  scale: number;
  /** Tasks drawn per suite (x, y). */
  tasks: [number, number];
  /** Half the width of the τ-b percentile interval; null when τ-b is undefined in every resample. */
  halfWidth: number | null;
}

export interface TasksNeeded {
  target: number;
  level: number;
  /** At the suites' own sizes (scale 1): the interval suiteCorrelation reports with the same seed. */
  observed: CurvePoint;
  curve: CurvePoint[];
  /** b of half-width ∝ tasks^−b fitted on the curve (1/√n: b = ½); null with fewer than 2 usable points. */
  exponent: number | null;
  /** Tasks (both suites together) for half-width ≤ target by the 1/√n rule from the observed point. */
  sqrtRule: number | null;
  /** Tasks (both suites together) where the fitted curve crosses the target; null if it never does. */
  tasks: number | null;
  /** The same per suite (x, y). */
  perSuite: [number, number] | null;
  /** A bootstrap at perSuite (only up to 16× the present suites, it costs what they cost). */
  verified: CurvePoint | null;
  /** The method and the numbers, as a sentence for the report. */
  method: string;
}

const MAX_VERIFIED_SCALE = 16;

export function tasksNeeded(x: readonly PairOutcome[], y: readonly PairOutcome[], options: TasksNeededOptions = {}): TasksNeeded {
  const target = options.halfWidth ?? 0.1;
  const level = options.level ?? DEFAULT_LEVEL;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? 0;
  const pair = pairSuites(x, y, options);
  const n: [number, number] = [pair.x.totals.tasks.length, pair.y.totals.tasks.length];
  const at = (scale: number): CurvePoint => kendallHalfWidth(pair, n, scale, resamples, level, seed);
  const scales = [...new Set([1, ...(options.scales ?? [0.25, 0.5, 1, 2, 4])])].sort((a, b) => a - b);
  const pct = `${Math.round(level * 100)}%`;
  const base = { target, level, exponent: null, sqrtRule: null, tasks: null, perSuite: null, verified: null };
  if (pair.agents.length < 2 || n[0] === 0 || n[1] === 0) {
    const observed: CurvePoint = { scale: 1, tasks: n, halfWidth: null };
    return { ...base, observed, curve: [observed], method: `Kendall τ-b needs at least 2 agents rated on both suites (found ${pair.agents.length}) and tasks on each.` };
  }
  const curve = scales.map(at);
  const observed = curve.find((p) => p.scale === 1)!;
  if (observed.halfWidth === null) return { ...base, observed, curve, method: 'Kendall τ-b is undefined in every resample (an agent set with equal ratings), so no number of tasks narrows it.' };
  const h0 = observed.halfWidth;
  const sqrtRule = h0 === 0 ? null : Math.ceil(n[0] * (h0 / target) ** 2) + Math.ceil(n[1] * (h0 / target) ** 2);
  const usable = curve.filter((p): p is CurvePoint & { halfWidth: number } => p.halfWidth !== null && p.halfWidth > 0);
  const fit = usable.length >= 2 ? powerLaw(usable.map((p) => p.scale), usable.map((p) => p.halfWidth)) : null;
  // With few agents τ-b takes few values, and the half-widths stand still or drop to 0 in steps.
  const k = pair.agents.length;
  const widths = curve.map((p) => p.halfWidth);
  const staircase = widths.some((w, i) => w === 0 || (i > 0 && w === widths[i - 1]));
  const steps = staircase ? `; with ${k} agents and no ties τ-b moves in steps of ${(4 / (k * (k - 1))).toFixed(2)}, so the half-widths form a staircase` : '';
  const said = `Kendall τ-b's ${pct} task-bootstrap interval is ±${h0.toFixed(2)} with ${n[0]} + ${n[1]} tasks`;
  const rule = sqrtRule === null ? '' : ` (the 1/√n rule from that point alone: ${sqrtRule})`;
  const range = `Drawing ${times(scales[0]!)} to ${times(scales.at(-1)!)} as many tasks from these suites (the m-out-of-n bootstrap)`;
  if (!fit || fit.exponent <= 0.05 || h0 === 0) {
    const exponent = fit?.exponent ?? null;
    if (h0 <= target) {
      const method = `${said}: already within ±${target}. ${range}, the widths do not follow a power law${steps}; no smaller number is projected.`;
      return { ...base, observed, curve, exponent, sqrtRule, tasks: n[0] + n[1], perSuite: n, verified: observed, method };
    }
    const why = fit ? `its half-width does not shrink (exponent ${fit.exponent.toFixed(2)})` : 'the interval is a single value at most sizes';
    return { ...base, observed, curve, exponent, sqrtRule, method: `${said}. ${range}, ${why}${steps}; no projection is made${rule}.` };
  }
  const scale = Math.exp((fit.intercept - Math.log(target)) / fit.exponent);
  const perSuite: [number, number] = [Math.max(2, Math.ceil(scale * n[0])), Math.max(2, Math.ceil(scale * n[1]))];
  const verified = scale <= MAX_VERIFIED_SCALE ? kendallHalfWidth(pair, n, perSuite[0] / n[0], resamples, level, seed, perSuite) : null;
  let check = ` (beyond ${MAX_VERIFIED_SCALE}× the present suites, not checked by a bootstrap)`;
  if (verified?.halfWidth != null) {
    check = `; a bootstrap drawing that many gives ±${verified.halfWidth.toFixed(3)}`;
    if (verified.halfWidth > 1.25 * target) check += ', wider than the target, so the projection is rough';
  }
  const method =
    `${said}. ${range}, the half-width falls as tasks^−${fit.exponent.toFixed(2)} ` +
    `(1/√n would be −0.50)${steps}; at that rate ±${target} needs about ${perSuite[0]} + ${perSuite[1]} tasks, ${perSuite[0] + perSuite[1]} in all${rule}${check}. ` +
    'This assumes new tasks are like the present ones and the agents stay the same.';
  return { target, level, observed, curve, exponent: fit.exponent, sqrtRule, tasks: perSuite[0] + perSuite[1], perSuite, verified, method };
}

/** Half-width of τ-b's interval when each suite contributes scale·n tasks (or `draws`) per resample. */
function kendallHalfWidth(pair: SuitePair, n: readonly [number, number], scale: number, resamples: number, level: number, seed: number, draws?: [number, number]): CurvePoint {
  const tasks = draws ?? ([Math.max(2, Math.round(scale * n[0])), Math.max(2, Math.round(scale * n[1]))] as [number, number]);
  const tau = new Float64Array(resamples);
  resampleSuites(pair, tasks, resamples, suiteSeeds(seed, scale), (ex, ey, r) => (tau[r] = kendallTauB(ex, ey).statistic));
  const defined = tau.some(Number.isFinite);
  const { lo, hi } = percentileInterval(tau, level);
  return { scale, tasks, halfWidth: defined ? (hi - lo) / 2 : null };
}

function times(scale: number): string {
  return `${Number(scale.toPrecision(3))}×`;
}

/** Least squares of log y = intercept − exponent·log x. */
function powerLaw(x: readonly number[], y: readonly number[]): { intercept: number; exponent: number } {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((v, i) => {
    sxy += (v - mx) * (ly[i]! - my);
    sxx += (v - mx) ** 2;
  });
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, exponent: -slope };
}
