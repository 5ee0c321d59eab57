import { z } from 'zod';

/**
 * The episode list's query (filters, sort, page) as it travels in a URL, and the SQL that answers
 * it from one run store. Every filter and sort maps to an indexed column of the run store, and
 * only the page's rows are read, so a page costs the same at 200 or 100,000 episodes.
 */

export const SORTS = {
  task: 'task_id, agent_id, seed',
  agent: 'agent_id, task_id, seed',
  score: 'score',
  status: 'status',
  finished: 'finished_at',
} as const;
export type SortKey = keyof typeof SORTS;

export const STATUSES = ['pending', 'running', 'completed', 'agent_failed', 'infra_error'] as const;

const optionalText = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => v || undefined);
const optionalNumber = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: `"${v}" is not a number` });
    return n;
  });

export const EpisodeQuery = z.object({
  /** Part of the task id, or a glob with * ? [...] (SQLite GLOB, case-sensitive). */
  task: optionalText,
  /** The agent id, or a glob: exact, so the list is read through the agent index. */
  agent: optionalText,
  seed: optionalNumber,
  status: z.enum(STATUSES).optional().or(z.literal('').transform(() => undefined)),
  /** Episodes with at least one step that failed with this error kind. */
  error: optionalText,
  minScore: optionalNumber,
  maxScore: optionalNumber,
  /** Words that must occur in a step's code, output or error (full-text search). */
  q: optionalText,
  sort: z.enum(Object.keys(SORTS) as [SortKey, ...SortKey[]]).default('task'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  size: z.coerce.number().int().min(1).max(500).default(50),
});
export type EpisodeQuery = z.infer<typeof EpisodeQuery>;

/** Filters fixed for the whole viewer (`arena view --tasks --agents`): globs, any of which may match. */
export interface Selection {
  tasks?: string[];
  agents?: string[];
}

export function parseQuery(params: URLSearchParams): EpisodeQuery {
  const parsed = EpisodeQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw new QueryError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export class QueryError extends Error {
  override name = 'QueryError';
}

const GLOB = /[*?[]/;
/** A box's text as a GLOB pattern: as given when it has wildcards, else "contains". */
const pattern = (text: string) => (GLOB.test(text) ? text : `*${text.replace(/[*?[\]]/g, '[$&]')}*`);

/**
 * Words as an FTS5 query: each word quoted (so code such as `fit(` or `-1` is not query syntax),
 * all of them required.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length ? words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ') : undefined;
}

export interface Sql {
  where: string;
  params: unknown[];
  orderBy: string;
}

/** `hasSearch`: the run store has the full-text table (runs written before it cannot be searched). */
export function episodeSql(query: EpisodeQuery, selection: Selection, hasSearch: boolean): Sql {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const anyGlob = (column: string, globs: string[] | undefined) => {
    if (!globs?.length) return;
    clauses.push(`(${globs.map(() => `${column} GLOB ?`).join(' OR ')})`);
    params.push(...globs);
  };
  anyGlob('task_id', selection.tasks);
  anyGlob('agent_id', selection.agents);
  if (query.task) anyGlob('task_id', [pattern(query.task)]);
  if (query.agent) {
    if (GLOB.test(query.agent)) anyGlob('agent_id', [query.agent]);
    else clauses.push('agent_id = ?') && params.push(query.agent);
  }
  if (query.seed !== undefined) clauses.push('seed = ?') && params.push(query.seed);
  if (query.status) clauses.push('status = ?') && params.push(query.status);
  if (query.minScore !== undefined) clauses.push('score >= ?') && params.push(query.minScore);
  if (query.maxScore !== undefined) clauses.push('score <= ?') && params.push(query.maxScore);
  if (query.error) clauses.push('id IN (SELECT episode_id FROM steps WHERE error_kind = ?)') && params.push(query.error);
  const words = query.q ? ftsQuery(query.q) : undefined;
  if (words) {
    if (!hasSearch) clauses.push('0');
    else clauses.push('id IN (SELECT s.episode_id FROM step_text JOIN steps s ON s.rowid = step_text.rowid WHERE step_text MATCH ?)') && params.push(words);
  }
  const dir = query.dir === 'desc' ? 'DESC' : 'ASC';
  // The id breaks ties so pages never overlap; with it, each order is one index of the run store.
  const orderBy = [...SORTS[query.sort].split(', '), 'id'].map((k) => `${k} ${dir}`).join(', ');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, orderBy };
}
