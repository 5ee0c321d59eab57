import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RunStore, type EpisodeRow, type StepTexts, type StoredModelCall } from '../arena/run-store.js';
import { readTranscript, transcriptFile } from '../arena/transcript.js';
import { episodeSql, parseQuery, type EpisodeQuery, type Selection } from './episode-query.js';

/**
 * What the viewer reads from the run stores, on demand: a page of episodes, one episode whole,
 * per-agent totals. Stores are opened read-only, so a running eval keeps writing while the viewer
 * reads, and every request sees the episodes finished so far.
 */

/** The columns of a list row: no text, no blobs. */
const LIST_COLUMNS = 'id, suite, task_id, agent_id, seed, status, score, public_score, valid, steps, error, stop_reason, input_tokens, output_tokens, cost_usd, wall_ms, finished_at';
export type ListRow = Pick<EpisodeRow, 'id' | 'suite' | 'task_id' | 'agent_id' | 'seed' | 'status' | 'score' | 'public_score' | 'valid' | 'steps' | 'error' | 'stop_reason' | 'input_tokens' | 'output_tokens' | 'cost_usd' | 'wall_ms' | 'finished_at'> & { run: number };

export interface EpisodeStepView {
  seq: number;
  step: number;
  action: string;
  topic: string | null;
  ok: boolean;
  errorKind: string | null;
  errorMessage: string | null;
  wallMs: number | null;
  at: string;
  texts: StepTexts;
  grade?: { valid: boolean; publicScore: number | null; privateScore: number | null };
}

export interface EpisodeView {
  run: number;
  runDir: string;
  row: EpisodeRow;
  steps: EpisodeStepView[];
  calls: StoredModelCall[];
  /** What reading an old run's transcript met: lines of a legacy shape, lines it could not read. */
  transcriptNotes: string[];
}

export interface AgentTotals {
  agent: string;
  episodes: number;
  completed: number;
  valid: number;
  meanScore: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

class OneRun {
  readonly db: Database.Database;
  readonly store: RunStore;
  readonly hasSearch: boolean;

  constructor(readonly dir: string) {
    const file = path.join(dir, 'run.sqlite');
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.store = new RunStore(file, path.basename(dir), { readonly: true });
    this.hasSearch = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'step_text'").get() !== undefined;
  }

  close(): void {
    this.db.close();
    this.store.close();
  }
}

export class RunReader {
  private readonly runs: OneRun[];

  constructor(readonly dirs: string[], readonly selection: Selection = {}) {
    this.runs = dirs.map((d) => new OneRun(path.resolve(d)));
  }

  get runDirs(): string[] {
    return this.runs.map((r) => r.dir);
  }

  /** One page of the list, and how many episodes match in all. */
  page(query: EpisodeQuery): { rows: ListRow[]; total: number } {
    const offset = (query.page - 1) * query.size;
    let total = 0;
    const rows: ListRow[] = [];
    this.runs.forEach((run, i) => {
      const sql = episodeSql(query, this.selection, run.hasSearch);
      total += run.db.prepare(`SELECT count(*) FROM episodes ${sql.where}`).pluck().get(...sql.params) as number;
      // One run: the page itself. Several: each run's first offset + size rows, merged below.
      const [limit, skip] = this.runs.length === 1 ? [query.size, offset] : [offset + query.size, 0];
      const found = run.db.prepare(`SELECT ${LIST_COLUMNS} FROM episodes ${sql.where} ORDER BY ${sql.orderBy} LIMIT ? OFFSET ?`).all(...sql.params, limit, skip) as ListRow[];
      for (const r of found) rows.push({ ...r, run: i });
    });
    if (this.runs.length === 1) return { rows, total };
    return { rows: rows.sort(compareRows(query)).slice(offset, offset + query.size), total };
  }

  /** The SQL plan of the list's page query on the first run (what a page reads). */
  plan(query: EpisodeQuery): string[] {
    const run = this.runs[0]!;
    const sql = episodeSql(query, this.selection, run.hasSearch);
    const rows = run.db.prepare(`EXPLAIN QUERY PLAN SELECT ${LIST_COLUMNS} FROM episodes ${sql.where} ORDER BY ${sql.orderBy} LIMIT 50`).all(...sql.params) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  /** The episode with this id (in the given run, else the first run that has it). */
  async episode(id: string, runIndex?: number): Promise<EpisodeView | undefined> {
    const candidates = runIndex === undefined ? this.runs.map((r, i) => [r, i] as const) : this.runs[runIndex] ? [[this.runs[runIndex]!, runIndex] as const] : [];
    for (const [run, i] of candidates) {
      const row = run.db.prepare('SELECT * FROM episodes WHERE id = ?').get(id) as EpisodeRow | undefined;
      if (!row || !this.selected(row)) continue;
      const grades = new Map(run.store.grades(id).map((g) => [g.step, g]));
      const rows = run.store.stepsOf(id);
      const fallback = rows.some((r) => r.code_blob == null && r.stdout_blob == null) ? await transcriptTexts(run.dir, id) : { texts: new Map<number, StepTexts>(), notes: [] };
      const steps = rows.map((r): EpisodeStepView => {
        const step = Number(r.step);
        const g = grades.get(step);
        const texts = run.store.stepTexts(r);
        return {
          seq: Number(r.seq),
          step,
          action: String(r.action),
          topic: (r.topic as string | null) ?? null,
          ok: r.ok === 1,
          errorKind: (r.error_kind as string | null) ?? null,
          errorMessage: (r.error_message as string | null) ?? null,
          wallMs: (r.wall_ms as number | null) ?? null,
          at: String(r.at),
          texts: Object.keys(texts).length ? texts : (fallback.texts.get(step) ?? {}),
          ...(g ? { grade: { valid: g.valid === 1, publicScore: g.public_score, privateScore: g.private_score } } : {}),
        };
      });
      return { run: i, runDir: run.dir, row, steps, calls: run.store.modelCalls(id), transcriptNotes: fallback.notes };
    }
    return undefined;
  }

  private selected(row: EpisodeRow): boolean {
    const { tasks, agents } = this.selection;
    const any = (globs: string[] | undefined, value: string) => !globs?.length || globs.some((g) => globMatch(g, value));
    return any(tasks, row.task_id) && any(agents, row.agent_id);
  }

  /** Per-agent totals over the selected episodes of every run. */
  leaderboard(): AgentTotals[] {
    const totals = new Map<string, AgentTotals & { scoreSum: number; scored: number }>();
    for (const run of this.runs) {
      const sql = episodeSql(parseQuery(new URLSearchParams()), this.selection, run.hasSearch);
      const rows = run.db
        .prepare(
          `SELECT agent_id AS agent, count(*) AS episodes, sum(status = 'completed') AS completed, sum(valid = 1 AND status = 'completed') AS valid,
           sum(CASE WHEN status = 'completed' AND valid = 1 THEN score END) AS scoreSum, count(CASE WHEN status = 'completed' AND valid = 1 THEN score END) AS scored,
           sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens, sum(cost_usd) AS costUsd FROM episodes ${sql.where} GROUP BY agent_id`,
        )
        .all(...sql.params) as (AgentTotals & { scoreSum: number | null; scored: number })[];
      for (const r of rows) {
        const t = totals.get(r.agent) ?? { agent: r.agent, episodes: 0, completed: 0, valid: 0, meanScore: null, inputTokens: 0, outputTokens: 0, costUsd: 0, scoreSum: 0, scored: 0 };
        t.episodes += r.episodes;
        t.completed += r.completed;
        t.valid += r.valid;
        t.scoreSum += r.scoreSum ?? 0;
        t.scored += r.scored;
        t.inputTokens += r.inputTokens;
        t.outputTokens += r.outputTokens;
        t.costUsd += r.costUsd;
        totals.set(r.agent, t);
      }
    }
    return [...totals.values()].map(({ scoreSum, scored, ...t }) => ({ ...t, meanScore: scored ? scoreSum / scored : null })).sort((a, b) => a.agent.localeCompare(b.agent));
  }

  /** Episodes by status over every run: what the live view polls. */
  status(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const run of this.runs) {
      for (const r of run.db.prepare('SELECT status, count(*) AS n FROM episodes GROUP BY status').all() as { status: string; n: number }[]) out[r.status] = (out[r.status] ?? 0) + r.n;
    }
    return out;
  }

  /** The error kinds steps failed with, for the filter's choices. */
  errorKinds(): string[] {
    const kinds = new Set<string>();
    for (const run of this.runs) for (const k of run.db.prepare('SELECT DISTINCT error_kind FROM steps WHERE error_kind IS NOT NULL').pluck().all() as string[]) kinds.add(k);
    return [...kinds].sort();
  }

  close(): void {
    for (const r of this.runs) r.close();
  }
}

function compareRows(query: EpisodeQuery): (a: ListRow, b: ListRow) => number {
  const keys = [...({ task: ['task_id', 'agent_id', 'seed'], agent: ['agent_id', 'task_id', 'seed'], score: ['score'], status: ['status'], finished: ['finished_at'] } as const)[query.sort], 'id'] as (keyof ListRow)[];
  const sign = query.dir === 'desc' ? -1 : 1;
  return (a, b) => {
    for (const k of keys) {
      const [x, y] = [a[k], b[k]];
      // SQLite orders NULL first.
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y! ? -1 : 1;
      if (c !== 0) return sign * c;
    }
    return a.run - b.run;
  };
}

/** SQLite's GLOB for one value (case-sensitive; * ? and [...] classes). */
function globMatch(glob: string, value: string): boolean {
  // Character classes read the same in both languages; everything else is literal but * and ?.
  const re = glob.replace(/\[[^\]]*\]|[*?]|[.+^${}()|\\/]/g, (m) => (m === '*' ? '.*' : m === '?' ? '.' : m.startsWith('[') ? m : `\\${m}`));
  return new RegExp(`^${re}$`, 's').test(value);
}

/**
 * Code and output per step from an old run's JSON Lines transcript (the store did not keep them
 * then), read leniently: what it met on the way (legacy shapes, unreadable lines) said in notes.
 */
async function transcriptTexts(runDir: string, id: string): Promise<{ texts: Map<number, StepTexts>; notes: string[] }> {
  const texts = new Map<number, StepTexts>();
  const notes: string[] = [];
  const file = transcriptFile(runDir, id);
  if (!existsSync(file)) return { texts, notes };
  let legacy = 0;
  let first = '';
  for await (const { line, record, legacy: shape } of readTranscript(file, { legacy: true, onUnreadable: (e) => notes.push(`${e.message}: left out`) })) {
    if (shape && legacy++ === 0) first = `line ${line}: ${shape}`;
    if (record.kind !== 'step') continue;
    const step: StepTexts = {};
    for (const k of ['code', 'stdout', 'stderr', 'observation'] as const) if (record[k]) step[k] = record[k];
    texts.set(record.step, step);
  }
  if (legacy) notes.unshift(`${file}: ${legacy} line${legacy === 1 ? '' : 's'} of a shape older than the transcript schema, read as far as they go (first: ${first})`);
  return { texts, notes };
}
