import { csvField } from '../tabular/csv.js';
import { agentOrder, rankLeaderboard, slug, uniqueName } from './format.js';
import type { Coefficient, ReportModel } from './model.js';
import { agreementTables } from './tables-agreement.js';

/**
 * Every number of the report as flat tables, written as `data/<name>.csv` and `.json`. One table
 * builds both files, so the CSV and the JSON cannot disagree; numbers are written at full
 * precision (String(n) round-trips) and missing values as empty cells / null.
 */

export type Cell = string | number | boolean | null;

export interface Table {
  /** File-name-safe and unique. */
  name: string;
  columns: string[];
  rows: Cell[][];
}

export function toCsv(table: Table): string {
  const line = (cells: Cell[]) => cells.map((c) => (c === null ? '' : csvField(typeof c === 'boolean' ? String(c) : c))).join(',');
  return [line(table.columns), ...table.rows.map(line)].join('\n') + '\n';
}

/** Rows as objects keyed by column: what a reader of the JSON expects. */
export function toRecords(table: Table): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null])));
}

const opt = (v: number | null | undefined): number | null => (v === undefined ? null : v);
const coefficientCells = (c: Coefficient): Cell[] => [c.value, opt(c.p), opt(c.lo), opt(c.hi)];
const coefficientColumns = (name: string) => [name, `${name}_p`, `${name}_lo`, `${name}_hi`];

export function buildTables(model: ReportModel): Table[] {
  const used = new Set<string>();
  const table = (name: string, columns: string[], rows: Cell[][]): Table => ({ name: uniqueName(name, used), columns, rows });
  const agents = agentOrder(model);

  const tables: Table[] = [
    table(
      'leaderboard',
      ['agent', 'episodes', 'normalized', 'normalized_lo', 'normalized_hi', 'elo', 'elo_lo', 'elo_hi', 'valid_rate', 'input_tokens', 'output_tokens', 'cost_usd', 'wall_time_sec'],
      rankLeaderboard(model.leaderboard).map((r) => [
        r.agent, r.episodes, r.normalized.value, r.normalized.lo, r.normalized.hi,
        opt(r.elo?.value), opt(r.elo?.lo), opt(r.elo?.hi),
        r.validRate, r.inputTokens, r.outputTokens, r.costUsd, r.wallTimeSec,
      ]),
    ),
    table('suites', ['name', 'origin', 'task_count'], model.suites.map((s) => [s.name, s.origin, s.taskCount])),
    table(
      'set-scores',
      ['set', 'task_count', 'agent', 'aggregate', 'normalized_mean', 'elo', 'elo_lo', 'elo_hi'],
      model.sets.flatMap((s) => s.scores.map((r) => [s.name, s.taskCount, r.agent, r.aggregate, opt(r.normalizedMean), opt(r.elo?.value), opt(r.elo?.lo), opt(r.elo?.hi)])),
    ),
  ];

  for (const s of model.sets) {
    const { agents: names, wins, ties } = s.winLoss;
    const rows: Cell[][] = [];
    names.forEach((agent, i) => names.forEach((opponent, j) => {
      if (i !== j) rows.push([agent, opponent, wins[i]![j]!, ties[i]![j]!, wins[j]![i]!]);
    }));
    tables.push(table(`winloss-${slug(s.name)}`, ['agent', 'opponent', 'wins', 'ties', 'losses'], rows));
  }

  tables.push(
    table(
      'correlations',
      ['x', 'y', 'measure', 'n', ...coefficientColumns('pearson_r'), ...coefficientColumns('spearman_rho'), ...coefficientColumns('kendall_tau'), 'bootstrap'],
      model.correlations.map((c) => [c.x, c.y, c.measure, c.points.length, ...coefficientCells(c.pearson), ...coefficientCells(c.spearman), ...coefficientCells(c.kendall), c.bootstrap]),
    ),
    table(
      'correlation-points',
      ['x', 'y', 'measure', 'agent', 'x_value', 'y_value'],
      model.correlations.flatMap((c) => c.points.map((p) => [c.x, c.y, c.measure, p.agent, p.x, p.y])),
    ),
    table(
      'curves',
      ['kind', 'value', 'n_tasks', 'agent', 'step', 'mean_best_so_far', 'lo', 'hi'],
      model.curves.flatMap((c) => c.points.map((p) => [c.kind, c.value, c.nTasks, p.agent, p.step, p.mean, opt(p.lo), opt(p.hi)])),
    ),
    table('composition', ['suite', 'dimension', 'value', 'count'], model.composition.map((r) => [r.suite, r.dimension, r.value, r.count])),
    table(
      'tasks',
      [
        'suite', 'task', 'title', 'modality', 'objective', 'metric', 'higher_is_better',
        'anchor_trivial', 'anchor_reference', 'anchor_optimum', 'discrimination', 'flags',
        ...agents.flatMap((a) => [`${a}:score`, `${a}:normalized`]),
      ],
      model.tasks.map((t) => {
        const byAgent = new Map(t.results.map((r) => [r.agent, r]));
        return [
          t.suite, t.task, t.title ?? null, t.modality, t.objective, t.metric, t.higherIsBetter ?? null,
          opt(t.anchors.trivial), opt(t.anchors.reference), opt(t.anchors.optimum), opt(t.discrimination), t.flags.join(';'),
          ...agents.flatMap((a) => [byAgent.get(a)?.score ?? null, byAgent.get(a)?.normalized ?? null]),
        ];
      }),
    ),
    table(
      'episodes',
      ['id', 'suite', 'task', 'agent', 'seed', 'status', 'score', 'normalized', 'stop_reason', 'steps', 'wall_time_sec'],
      model.episodes.map((e) => [e.id, e.suite ?? null, e.task, e.agent, e.seed, e.status, e.score, e.normalized, e.stopReason ?? null, e.steps.length, opt(e.wallTimeSec)]),
    ),
    table(
      'paired',
      ['set', 'a', 'b', 'n', 'mean_diff', 'lo', 'hi', 'p', 'p_holm'],
      model.paired.map((p) => [p.set ?? null, p.a, p.b, opt(p.n), p.meanDiff, p.lo, p.hi, p.p, p.pHolm]),
    ),
    ...agreementTables(model, table),
  );
  return tables;
}
