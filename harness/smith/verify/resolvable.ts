import { readGradable, scoreRows, type GradableSubmission } from '../../grading/catalog-scores.js';
import { getMetric } from '../../grading/metrics/catalog.js';
import { MetricError } from '../../grading/metrics/types.js';
import { resampleIndices } from '../../stats/bootstrap.js';
import { mulberry32, subSeed } from '../../stats/rng.js';
import type { Task } from '../../task/loader.js';
import { readTestUnits, TestUnitsError } from '../../task/test-units.js';
import type { CheckRecord } from '../types.js';

/**
 * The reference must beat each baseline it is compared with in at least this share of paired
 * bootstrap resamples of the private test rows: a one-sided test at 5%. The seventh reading's
 * "nothing to rank" tasks are differences a test set of ~100–250 rows cannot resolve (Cowles'
 * reference AUC 0.595 against extraversion alone, 0.61, on 249 rows: the AUC's standard error
 * there is 0.037), which no fixed share of the gap can tell from a real one on 1,500 rows.
 */
export const MIN_RESOLVED_SHARE = 0.95;
export const RESAMPLES = 1000;

export interface PairedBootstrap {
  /** Resamples in which the first submission scored strictly better than the second. */
  better: number;
  /** Resamples on which the metric could be computed for both (a resample may hold one class only). */
  resamples: number;
  /** The difference first − second on the private rows themselves, in the metric's units. */
  difference: number;
}

/**
 * The private rows as the units a resample draws: each row alone, or, where the task records the
 * test rows' units (a group or blocks split), the private rows of each unit together, in order of
 * first appearance. Rows of one unit share what the unit is; drawing them one by one would count a
 * test of 20 groups as hundreds of independent draws and pass differences it cannot resolve.
 */
export function privateClusters(read: GradableSubmission, units: ReadonlyMap<string, number> | null): Uint32Array[] {
  const rows = read.rows.private;
  if (!units) return Array.from(rows, (r) => Uint32Array.of(r));
  const members = new Map<number, number[]>();
  for (const r of rows) {
    const id = read.answers.ids.at(r);
    const unit = units.get(id);
    if (unit === undefined) throw new TestUnitsError(`${read.answers.file}: test id ${JSON.stringify(id)} has no unit in test_units.csv`);
    const list = members.get(unit);
    if (list) list.push(r);
    else members.set(unit, [r]);
  }
  return Array.from(members.values(), (list) => Uint32Array.from(list));
}

/**
 * Both submissions scored on the same resamples (with replacement) of the private rows' clusters
 * (each row its own cluster unless the task has units), so the noise of the rows cancels in the
 * difference; seeded, so a check gives the same verdict each run.
 */
export function pairedBootstrap(
  score: (read: GradableSubmission, rows: Uint32Array) => number,
  higherIsBetter: boolean,
  first: GradableSubmission,
  second: GradableSubmission,
  seed: number,
  resamples = RESAMPLES,
  clusters: readonly Uint32Array[] = privateClusters(first, null),
): PairedBootstrap {
  const rng = mulberry32(seed);
  const picks = new Uint32Array(clusters.length);
  const largest = clusters.reduce((m, c) => Math.max(m, c.length), 0);
  const drawn = new Uint32Array(clusters.length * largest);
  let better = 0;
  let counted = 0;
  for (let b = 0; b < resamples; b++) {
    resampleIndices(clusters.length, rng, picks);
    let size = 0;
    for (let k = 0; k < clusters.length; k++) {
      const cluster = clusters[picks[k]!]!;
      drawn.set(cluster, size);
      size += cluster.length;
    }
    const rows = drawn.subarray(0, size);
    let a: number;
    let c: number;
    try {
      a = score(first, rows);
      c = score(second, rows);
    } catch (err) {
      if (err instanceof MetricError) continue;
      throw err;
    }
    counted++;
    if (higherIsBetter ? a > c : a < c) better++;
  }
  const rows = first.rows.private;
  return { better, resamples: counted, difference: score(first, rows) - score(second, rows) };
}

/**
 * The check that the test set can tell the reference from each baseline named (the trivial anchor,
 * the best single input): null when the metric is not a catalog metric or a submission is missing.
 */
export async function resolvableCheck(task: Task, reference: { agent: string; submission: string }, baselines: { agent: string; submission: string }[]): Promise<CheckRecord | null> {
  const { manifest } = task;
  const definition = getMetric(manifest.metric.name);
  if (!definition || baselines.length === 0) return null;
  const score = (read: GradableSubmission, rows: Uint32Array) => scoreRows(definition, manifest.metric.params, read, rows);
  const ours = await readGradable(task, reference.submission);
  if (!ours.submission) return null;
  const clusters = privateClusters(ours, await readTestUnits(task));
  const compared: { agent: string; share: number; difference: number }[] = [];
  for (const baseline of baselines) {
    const theirs = await readGradable(task, baseline.submission);
    if (!theirs.submission) continue;
    const paired = pairedBootstrap(score, manifest.metric.higherIsBetter, ours, theirs, subSeed(0, `${manifest.id}/${baseline.agent}`), RESAMPLES, clusters);
    compared.push({ agent: baseline.agent, share: paired.resamples > 0 ? paired.better / paired.resamples : 0, difference: paired.difference });
  }
  if (compared.length === 0) return null;
  const weakest = compared.reduce((a, b) => (b.share < a.share ? b : a));
  const rows = ours.rows.private.length;
  const drawnUnits = clusters.length < rows ? `the ${clusters.length} test units (groups or blocks: whole units are drawn, since rows of one unit are not independent) of the ${rows} private test rows` : `the ${rows} private test rows`;
  const shown = compared.map((c) => `${c.agent} in ${(c.share * 100).toFixed(1)}% (by ${c.difference.toPrecision(3)})`).join(', ');
  return {
    id: 'execution-resolvable',
    stage: 'execution',
    ok: weakest.share >= MIN_RESOLVED_SHARE,
    fixBy: 'designer',
    message: `on ${RESAMPLES} paired bootstrap resamples of ${drawnUnits}, ${reference.agent} beats ${shown}; needs ${MIN_RESOLVED_SHARE * 100}% against each, or the test set cannot tell a model from ${weakest.agent}`,
    details: { rows, units: clusters.length, compared },
  };
}
