import type { Objective } from '../../task/schema.js';
import type { ColumnStats, DatasetProfile, MetricChoice, Proposal } from '../types.js';

export const MIN_CLASS_ROWS = 10;
const MAX_CLASSES = 30;
const MAX_TARGET_MISSING = 0.2;
const MIN_ROWS = 150;
/** Names that say nothing (V9, x.12, col3): without documentation such a column is no meaningful target. */
const GENERIC_NAME = /^(v|x|col|column|var|feature|f|attr)[._]?\d+$/i;
const ORDINAL_NAME = /rat(e|ing)|score|grade|level|rank|quality|severity|stage|educ|income|happ|satisf/i;
/** Calendar parts of a time axis: inputs of a forecast, never its target. */
export const CALENDAR = /^(year|quarter|month|week|day|day_of_week|dayofweek|date_of_month|day_of_month|hour|weekday)$/i;

export interface Rejection {
  target?: string;
  reason: string;
}

export interface Brainstorm {
  proposals: Proposal[];
  rejected: Rejection[];
}

function humanize(column: string): string {
  const words = column.replace(/[._]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Classes with enough rows to learn and to score, most frequent first. */
export function usableClasses(column: ColumnStats, minRows = MIN_CLASS_ROWS): { value: string; count: number }[] {
  return (column.top ?? []).filter((t) => t.count >= minRows).slice(0, MAX_CLASSES);
}

/** The time axis of a series: a datetime column, else an integer year column. */
export function timeColumn(profile: DatasetProfile): string | undefined {
  return (
    profile.columns.find((c) => c.type === 'datetime' && c.missing === 0)?.name ??
    profile.columns.find((c) => c.type === 'integer' && /^year$/i.test(c.name) && c.missing === 0)?.name
  );
}

function classificationMetric(column: ColumnStats, classes: { value: string; count: number }[], modality: string): { objective: Objective; metric: MetricChoice } {
  const total = classes.reduce((n, c) => n + c.count, 0);
  const shares = classes.map((c) => c.count / total);
  const minority = classes[classes.length - 1]!;
  if (classes.length === 2) {
    const share = Math.min(...shares);
    if (share < 0.2) return { objective: 'binary', metric: { name: 'average_precision', form: 'probabilities', positiveClass: minority.value } };
    if (share < 0.4) return { objective: 'binary', metric: { name: 'roc_auc', form: 'probabilities', positiveClass: minority.value } };
    return { objective: 'binary', metric: { name: 'accuracy', form: 'labels' } };
  }
  const values = classes.map((c) => Number(c.value)).sort((a, b) => a - b);
  const consecutive = values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
  // Integer codes are ordered only when the name says so (ratings, grades, levels); class ids are nominal.
  const ordinal = column.type === 'integer' && classes.length >= 4 && consecutive && ORDINAL_NAME.test(column.name);
  if (ordinal) return { objective: 'multiclass', metric: { name: 'quadratic_weighted_kappa', form: 'labels' } };
  const imbalance = Math.min(...shares) / Math.max(...shares);
  if (modality === 'text' || classes.length > 8) return { objective: 'multiclass', metric: { name: 'f1_macro', form: 'labels' } };
  if (imbalance < 0.3) return { objective: 'multiclass', metric: { name: 'balanced_accuracy', form: 'labels' } };
  if (classes.length <= 5) return { objective: 'multiclass', metric: { name: 'log_loss', form: 'probabilities' } };
  return { objective: 'multiclass', metric: { name: 'accuracy', form: 'labels' } };
}

function regressionMetric(column: ColumnStats, forecasting: boolean): MetricChoice {
  const skew = column.skew ?? 0;
  const nonNegative = (column.min ?? -1) >= 0;
  if (forecasting) return { name: (column.min ?? 0) > 0 ? 'mape' : 'rmse', form: 'values' };
  if (nonNegative && skew > 2) return { name: 'rmsle', form: 'values' };
  if (Math.abs(skew) > 1) return { name: 'mae', form: 'values' };
  return { name: 'rmse', form: 'values' };
}

/** Why a column cannot be a target, or null when it can be one. */
function targetProblem(column: ColumnStats): string | null {
  if (column.idLike) return 'mostly unique per row (an identifier or name)';
  if (column.constant) return 'constant';
  if (column.missing > MAX_TARGET_MISSING) return `${Math.round(column.missing * 100)}% missing`;
  if (column.type === 'text' || column.type === 'path' || column.type === 'datetime') return `a ${column.type} column`;
  return null;
}

function isCategorical(column: ColumnStats): boolean {
  return (column.type === 'string' && column.distinct <= 200) || column.type === 'boolean' || (column.type === 'integer' && column.distinct <= 10);
}

function isNumericTarget(column: ColumnStats): boolean {
  return (column.type === 'number' || column.type === 'integer') && column.distinct >= 15;
}

/**
 * The offline Brainstormer: candidate tasks ranked by how established and how learnable the target
 * looks (documented targets first, then balanced classes, then rich numeric columns), alternating
 * objectives for diversity. Every target is an existing column, so it is derivable exactly.
 */
export function brainstormHeuristic(profile: DatasetProfile, perDataset: number): Brainstorm {
  const rejected: Rejection[] = [];
  if (profile.rows < MIN_ROWS) return { proposals: [], rejected: [{ reason: `${profile.rows} rows, fewer than the ${MIN_ROWS} a task needs for a meaningful test set` }] };
  const time = timeColumn(profile);
  const text = profile.columns.find((c) => c.type === 'text' && !c.idLike && c.missing < 0.2 && (c.meanLength ?? 0) >= 30);
  const files = profile.columns.find((c) => c.type === 'path' && c.missing === 0);
  const inputsOf = (m: string) => (m === 'text' && text ? [text.name] : m === 'image' && files ? [files.name] : []);
  const forecasting = profile.modality === 'time-series' && time !== undefined;
  const modality = forecasting ? 'time-series' : text && profile.modality === 'text' ? 'text' : profile.modality;
  const candidates: { proposal: Proposal; rank: number }[] = [];

  for (const column of profile.columns) {
    if (forecasting && (column.name === time || CALENDAR.test(column.name))) continue;
    const problem = targetProblem(column);
    if (problem) {
      if (profile.knownTargets.includes(column.name)) rejected.push({ target: column.name, reason: problem });
      continue;
    }
    const known = profile.knownTargets.indexOf(column.name);
    if (known < 0 && GENERIC_NAME.test(column.name)) continue;
    const rankBase = known >= 0 ? known : 100;
    const split = forecasting ? { kind: 'temporal' as const, timeColumn: time } : undefined;
    if (isCategorical(column) && !forecasting) {
      const classes = usableClasses(column);
      const covered = classes.reduce((n, c) => n + c.count, 0) / Math.max(1, profile.rows * (1 - column.missing));
      // Many classes: the most frequent ones make the task when they hold most rows (rarer ones are left out).
      const minCoverage = column.distinct > MAX_CLASSES ? 0.5 : 0.8;
      if (classes.length < 2 || covered < minCoverage) {
        rejected.push({ target: column.name, reason: `${column.distinct} values, ${classes.length} usable classes (at least ${MIN_CLASS_ROWS} rows, at most ${MAX_CLASSES} kept) covering ${Math.round(covered * 100)}% of rows; needs ${minCoverage * 100}%` });
        continue;
      }
      const { objective, metric } = classificationMetric(column, classes, modality);
      candidates.push({
        rank: rankBase + (known >= 0 ? 0 : 1 - Math.min(...classes.map((c) => c.count)) / classes[0]!.count),
        proposal: {
          dataset: profile.dataset,
          target: column.name,
          objective,
          modality,
          metric,
          split: { kind: 'stratified' },
          features: inputsOf(modality),
          title: `${humanize(column.name)} classification — ${profile.title}`,
          justification: `\`${column.name}\` has ${classes.length} classes with at least ${MIN_CLASS_ROWS} rows each (${classes.map((c) => `${c.value}: ${c.count}`).join(', ')})${known >= 0 ? '; it is a documented target of the source' : ''}.`,
        },
      });
    } else if (isNumericTarget(column)) {
      candidates.push({
        rank: rankBase + (known >= 0 ? 0 : 2 - Math.min(1, column.distinct / profile.rows)),
        proposal: {
          dataset: profile.dataset,
          target: column.name,
          objective: forecasting ? 'forecasting' : 'regression',
          modality,
          metric: regressionMetric(column, forecasting),
          split: split ?? { kind: 'random' },
          features: inputsOf(modality),
          title: `${humanize(column.name)} ${forecasting ? 'forecast' : 'regression'} — ${profile.title}`,
          justification: `\`${column.name}\` is numeric with ${column.distinct} distinct values (mean ${column.mean?.toPrecision(4)}, sd ${column.std?.toPrecision(4)})${forecasting ? `, observed over \`${time}\`` : ''}${known >= 0 ? '; it is a documented target of the source' : ''}.`,
        },
      });
    }
  }
  candidates.sort((a, b) => a.rank - b.rank);
  const chosen = diverse(candidates.map((c) => c.proposal), perDataset);
  for (const c of candidates) if (!chosen.includes(c.proposal)) rejected.push({ target: c.proposal.target, reason: `ranked below the ${perDataset} proposals kept per dataset` });
  return { proposals: chosen, rejected };
}

/** The top K, taking objectives in turn so one dataset yields different kinds of task where it can. */
function diverse(ranked: Proposal[], k: number): Proposal[] {
  const byObjective = new Map<string, Proposal[]>();
  for (const p of ranked) {
    const queue = byObjective.get(p.objective);
    if (queue) queue.push(p);
    else byObjective.set(p.objective, [p]);
  }
  const out: Proposal[] = [];
  const queues = [...byObjective.values()];
  for (let round = 0; out.length < k && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && out.length < k) out.push(q[round]!);
  }
  const order = new Map(ranked.map((p, i) => [p, i]));
  return out.sort((a, b) => order.get(a)! - order.get(b)!);
}
