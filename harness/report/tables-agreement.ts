import type { ReportModel } from './model.js';
import type { Cell, Table } from './tables.js';

/** The agreement, the paper's table and the agent profiles as flat tables (data/*.csv, .json), those the model has. */
export function agreementTables(model: ReportModel, table: (name: string, columns: string[], rows: Cell[][]) => Table): Table[] {
  const a = model.agreement;
  const tables = [
    table(
      'agreement',
      ['x', 'y', 'x_tasks', 'y_tasks', 'coefficient', 'value', 'p', 'p_method', 'lo', 'hi', 'undefined_resamples', 'resamples', 'level'],
      a?.coefficients.map((c) => [a.x, a.y, a.tasks[0], a.tasks[1], c.name, c.value, c.p, c.pMethod ?? c.reason ?? null, c.lo, c.hi, c.undefinedResamples, a.resamples, a.level]) ?? [],
    ),
    table(
      'agreement-ranks',
      ['agent', 'x_elo', 'x_rank', 'x_rank_lo', 'x_rank_hi', 'y_elo', 'y_rank', 'y_rank_lo', 'y_rank_hi'],
      a?.agents.map((g) => [g.agent, g.x.elo, g.x.rank, g.x.rankLo, g.x.rankHi, g.y.elo, g.y.rank, g.y.rankLo, g.y.rankHi]) ?? [],
    ),
    table(
      'tasks-needed',
      ['target_half_width', 'scale', 'x_tasks', 'y_tasks', 'half_width', 'projected_tasks', 'method'],
      a?.tasksNeeded.curve.map((p) => [a.tasksNeeded.target, p.scale, p.tasks[0], p.tasks[1], p.halfWidth, a.tasksNeeded.tasks, a.tasksNeeded.method]) ?? [],
    ),
    table(
      'paper',
      ['comparison', 'n', 'coefficient', 'quoted', 'recomputed', 'reproduced'],
      model.paper.flatMap((p) => p.coefficients.map((c) => [p.label, p.n, c.name, c.quoted, c.recomputed, c.reproduced])),
    ),
    table(
      'profiles',
      ['agent', 'kind', 'value', 'tasks', 'mean_normalized', 'all_agents_mean', 'strong', 'weak'],
      model.profiles.flatMap((p) => p.cells.map((c) => [p.agent, c.kind, c.value, c.tasks, c.mean, c.population, p.strong.includes(`${c.kind}: ${c.value}`), p.weak.includes(`${c.kind}: ${c.value}`)])),
    ),
  ];
  return tables.filter((t) => t.rows.length > 0);
}
