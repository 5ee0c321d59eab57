import Database from 'better-sqlite3';
import type { EnforcementRecord } from '../sandbox/enforcement.js';
import { cutStrings, cutText } from '../util/bounded-text.js';
import { BLOB_SCHEMA, BlobStore } from './blob-store.js';
import { decodeList, encodeList } from './message-list.js';
import type { StepRecord } from './environment.js';
import { ModelCall, type ModelCallInput } from './model-call.js';
import { TRANSCRIPT_FIELD_CHARS } from './transcript.js';
import type { LlmUsage } from './types.js';

/**
 * The run store: one SQLite file per run directory. Episodes are keyed by task × agent × seed, so
 * running the same command again finds what is done and re-runs only the rest.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_checks (
  run_id TEXT NOT NULL,
  at TEXT NOT NULL,
  backend TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  suite TEXT NOT NULL,
  task_id TEXT NOT NULL,
  task_dir TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  agent_kind TEXT,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'agent_failed', 'infra_error')),
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  finished_at TEXT,
  final_step INTEGER,
  score REAL,
  public_score REAL,
  valid INTEGER,
  steps INTEGER,
  error TEXT,
  stop_reason TEXT,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  wall_ms REAL
);
CREATE TABLE IF NOT EXISTS steps (
  episode_id TEXT NOT NULL REFERENCES episodes(id),
  seq INTEGER NOT NULL,
  step INTEGER NOT NULL,
  action TEXT NOT NULL,
  topic TEXT,
  ok INTEGER NOT NULL,
  error_kind TEXT,
  error_message TEXT,
  wall_ms REAL,
  cpu_ms REAL,
  at TEXT NOT NULL,
  PRIMARY KEY (episode_id, seq)
);
CREATE TABLE IF NOT EXISTS grades (
  episode_id TEXT NOT NULL REFERENCES episodes(id),
  step INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  public_score REAL,
  private_score REAL,
  file TEXT NOT NULL,
  PRIMARY KEY (episode_id, step)
);
CREATE TABLE IF NOT EXISTS llm_calls (
  episode_id TEXT NOT NULL REFERENCES episodes(id),
  seq INTEGER NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms REAL NOT NULL,
  cached INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (episode_id, seq)
);
-- Which events of a Slurm shard's log were merged into this store: each (shard log, episode) once.
CREATE TABLE IF NOT EXISTS shard_merges (
  source TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (source, episode_id)
);
-- Episode lists sort and filter on these (arena view pages 100,000 episodes from SQLite).
-- Each ends with the id, the list's tie-break, so a sorted page is read straight off the index.
CREATE INDEX IF NOT EXISTS episodes_task ON episodes (task_id, agent_id, seed, id);
CREATE INDEX IF NOT EXISTS episodes_agent ON episodes (agent_id, task_id, seed, id);
CREATE INDEX IF NOT EXISTS episodes_score ON episodes (score, id);
CREATE INDEX IF NOT EXISTS episodes_status ON episodes (status, id);
CREATE INDEX IF NOT EXISTS episodes_finished ON episodes (finished_at, id);
CREATE INDEX IF NOT EXISTS steps_error_kind ON steps (error_kind, episode_id);
-- Words of each step's code and output, for search; the text itself is in blobs (contentless index).
CREATE VIRTUAL TABLE IF NOT EXISTS step_text USING fts5 (text, content = '', contentless_delete = 1);
`;

/**
 * Columns added after the first runs were written: a run store opened for writing gains them (old
 * rows keep NULL), and readers treat their absence as "not recorded".
 */
const ADDED_COLUMNS: Record<string, [string, string][]> = {
  steps: [
    ['code_blob', 'INTEGER'],
    ['stdout_blob', 'INTEGER'],
    ['stderr_blob', 'INTEGER'],
    ['observation_blob', 'INTEGER'],
  ],
  llm_calls: [
    ['provider', 'TEXT'],
    ['api', 'TEXT'],
    ['system_blob', 'INTEGER'],
    /** JSON: the message blobs in order, as a delta against the previous call's (message-list.ts). */
    ['messages', 'TEXT'],
    /** JSON: tool names, temperature, seed, output cap. */
    ['params', 'TEXT'],
    ['reply_blob', 'INTEGER'],
    ['stop_reason', 'TEXT'],
    /** JSON array of the failed attempts that were retried. */
    ['retries', 'TEXT'],
    /** JSON of the final failure. */
    ['error', 'TEXT'],
  ],
};

function addMissingColumns(db: Database.Database): void {
  for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
    const present = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
    for (const [name, type] of columns) if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
}

export type EpisodeStatus = 'pending' | 'running' | 'completed' | 'agent_failed' | 'infra_error';

export interface EpisodeKey {
  suite: string;
  taskId: string;
  taskDir: string;
  agentId: string;
  seed: number;
}

export interface EpisodeRow {
  id: string;
  run_id: string;
  suite: string;
  task_id: string;
  task_dir: string;
  agent_id: string;
  agent_kind: string | null;
  seed: number;
  status: EpisodeStatus;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  final_step: number | null;
  score: number | null;
  public_score: number | null;
  valid: number | null;
  steps: number | null;
  error: string | null;
  stop_reason: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  wall_ms: number | null;
}

export interface EpisodeOutcome {
  status: Exclude<EpisodeStatus, 'pending' | 'running'>;
  finalStep: number | null;
  score: number | null;
  publicScore: number | null;
  valid: boolean;
  steps: number;
  error: string | null;
  stopReason: string | null;
  wallMs: number;
}

export function episodeId(key: Omit<EpisodeKey, 'taskDir'>): string {
  return `${key.suite}/${key.taskId}/${key.agentId}/seed-${key.seed}`;
}

const now = () => new Date().toISOString();

/**
 * Longest text a row keeps per field. Messages arrive bounded (grader, sandbox output caps); this
 * is the last bound on agent-influenced text (an error quoting a crash) before it is stored.
 */
export const STORED_TEXT_CHARS = 64 * 1024;

const stored = (text: string | null | undefined): string | null => (text == null ? null : cutText(text, STORED_TEXT_CHARS));

/** The texts of a step the run keeps, with the columns that name their blobs. */
const STEP_TEXTS = [
  ['code', 'code_blob'],
  ['stdout', 'stdout_blob'],
  ['stderr', 'stderr_blob'],
  ['observation', 'observation_blob'],
] as const;
export type StepTexts = Partial<Record<(typeof STEP_TEXTS)[number][0], string>>;

/** What arena view shows of a model call: the record and its counts. */
export interface StoredModelCall extends Omit<LlmUsage, 'call'> {
  seq: number;
  at: string;
  /** Absent for calls recorded before transcripts were kept. */
  call?: ModelCall;
}

export class RunStoreReadError extends Error {
  override name = 'RunStoreReadError';
}

export class RunStore {
  private readonly db: Database.Database;
  private readonly blobs: BlobStore;
  private readonly statements = new Map<string, Database.Statement>();
  /** The message blobs of each running episode's last call, which the next call's list refers to. */
  private readonly lastMessages = new Map<string, { seq: number; ids: number[] }>();

  constructor(
    readonly file: string,
    readonly runId: string,
    options: { readonly?: boolean } = {},
  ) {
    if (options.readonly) {
      // Reports and `runs show` read a run, possibly while it is still being written.
      this.db = new Database(file, { readonly: true, fileMustExist: true });
      this.blobs = new BlobStore(this.db, false);
      return;
    }
    this.db = new Database(file);
    // WAL keeps readers (arena runs show) working while a run writes; NORMAL sync is safe with WAL.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA + BLOB_SCHEMA);
    addMissingColumns(this.db);
    this.blobs = new BlobStore(this.db, true);
  }

  /** A statement prepared once per store: preparing costs more than running most of these. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Runs `work` as one transaction: many records written at once (a shard merged, a synthetic run) commit once. */
  inTransaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Records the run's configuration (the first time) and returns the stored one. */
  ensureRun(config: unknown): unknown {
    const row = this.sql('SELECT config FROM runs WHERE id = ?').get(this.runId) as { config: string } | undefined;
    if (row) {
      this.sql('UPDATE runs SET updated_at = ? WHERE id = ?').run(now(), this.runId);
      return JSON.parse(row.config);
    }
    this.sql('INSERT INTO runs (id, created_at, updated_at, config) VALUES (?, ?, ?, ?)').run(this.runId, now(), now(), JSON.stringify(config));
    return config;
  }

  /** Which protections held when this invocation of the run started (one row per start or resume). */
  recordSandboxCheck(record: EnforcementRecord): void {
    this.sql('INSERT INTO sandbox_checks (run_id, at, backend, record) VALUES (?, ?, ?, ?)').run(this.runId, now(), record.backend, JSON.stringify(record));
  }

  sandboxChecks(): EnforcementRecord[] {
    const rows = this.sql('SELECT record FROM sandbox_checks WHERE run_id = ? ORDER BY at').all(this.runId) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as EnforcementRecord);
  }

  /** Adds the episodes not yet known; existing ones keep their state. */
  planEpisodes(keys: EpisodeKey[]): void {
    const insert = this.sql(
      `INSERT OR IGNORE INTO episodes (id, run_id, suite, task_id, task_dir, agent_id, seed, status) VALUES (@id, @run, @suite, @taskId, @taskDir, @agentId, @seed, 'pending')`,
    );
    this.db.transaction(() => {
      for (const k of keys) insert.run({ id: episodeId(k), run: this.runId, ...k });
    })();
  }

  episodes(): EpisodeRow[] {
    return this.sql('SELECT * FROM episodes WHERE run_id = ? ORDER BY suite, task_id, agent_id, seed').all(this.runId) as EpisodeRow[];
  }

  /**
   * Mean wall time (ms) of the finished episodes (completed or the agent's failure: played to an
   * end) by task id × agent id, of every run in this file: what the next run orders its episodes by.
   */
  recordedWallTimes(): { taskId: string; agentId: string; wallMs: number; episodes: number }[] {
    return this.sql(
      `SELECT task_id AS taskId, agent_id AS agentId, AVG(wall_ms) AS wallMs, COUNT(*) AS episodes FROM episodes
       WHERE status IN ('completed', 'agent_failed') AND wall_ms IS NOT NULL GROUP BY task_id, agent_id ORDER BY task_id, agent_id`,
    ).all() as { taskId: string; agentId: string; wallMs: number; episodes: number }[];
  }

  /** Episodes to (re)run: never finished, interrupted mid-run, or stopped by an infrastructure error. */
  unfinished(): EpisodeRow[] {
    return this.episodes().filter((e) => e.status === 'pending' || e.status === 'running' || e.status === 'infra_error');
  }

  statusOf(id: string): EpisodeStatus | undefined {
    return (this.sql('SELECT status FROM episodes WHERE id = ?').get(id) as { status: EpisodeStatus } | undefined)?.status;
  }

  /** Whether the episode's events in this shard log were merged already. */
  wasMerged(source: string, id: string): boolean {
    return this.sql('SELECT 1 FROM shard_merges WHERE source = ? AND episode_id = ?').get(source, id) !== undefined;
  }

  /** Call in the transaction that replays the events, so a merge counts exactly when it is recorded. */
  markMerged(source: string, id: string): void {
    this.sql('INSERT INTO shard_merges (source, episode_id, at) VALUES (?, ?, ?)').run(source, id, now());
  }

  /** Starts an attempt: whatever an interrupted attempt recorded is removed, so nothing is counted twice. */
  startEpisode(id: string, agentKind: string): void {
    this.lastMessages.delete(id);
    this.db.transaction(() => {
      // Blobs stay: other episodes may share them (a system prompt), and a re-run mostly rewrites the same.
      this.sql('DELETE FROM step_text WHERE rowid IN (SELECT rowid FROM steps WHERE episode_id = ?)').run(id);
      for (const table of ['steps', 'grades', 'llm_calls']) this.sql(`DELETE FROM ${table} WHERE episode_id = ?`).run(id);
      this.sql(
          `UPDATE episodes SET status = 'running', attempts = attempts + 1, agent_kind = ?, started_at = ?, finished_at = NULL, final_step = NULL, score = NULL,
           public_score = NULL, valid = NULL, steps = NULL, error = NULL, stop_reason = NULL, input_tokens = 0, output_tokens = 0, cost_usd = 0, wall_ms = NULL WHERE id = ?`,
        )
        .run(agentKind, now(), id);
    })();
  }

  recordStep(id: string, seq: number, record: StepRecord): void {
    this.db.transaction(() => {
      const text = (value: string | undefined) => (value ? this.blobs.put(cutText(value, TRANSCRIPT_FIELD_CHARS)) : null);
      const { lastInsertRowid } = this.sql(
          `INSERT INTO steps (episode_id, seq, step, action, topic, ok, error_kind, error_message, wall_ms, cpu_ms, at, code_blob, stdout_blob, stderr_blob, observation_blob)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, seq, record.step, record.action, stored(record.topic), record.ok ? 1 : 0, record.error?.kind ?? null, stored(record.error?.message), record.wallMs, record.cpuMs, now(),
          ...STEP_TEXTS.map(([field]) => text(record[field])));
      const words = [record.code, record.stdout, record.stderr, record.error?.message].filter(Boolean).join('\n');
      if (words) this.sql('INSERT INTO step_text (rowid, text) VALUES (?, ?)').run(lastInsertRowid, cutText(words, 4 * TRANSCRIPT_FIELD_CHARS));
      if (record.submission) {
        const s = record.submission;
        this.sql('INSERT OR REPLACE INTO grades (episode_id, step, valid, public_score, private_score, file) VALUES (?, ?, ?, ?, ?, ?)').run(id, record.step, s.valid ? 1 : 0, s.publicScore, s.privateScore, s.file);
      }
    })();
  }

  recordLlmCall(id: string, seq: number, usage: LlmUsage): void {
    this.db.transaction(() => {
      const c = usage.call ? this.callColumns(id, seq, usage.call) : {};
      this.sql(
          `INSERT INTO llm_calls (episode_id, seq, model, input_tokens, output_tokens, cost_usd, latency_ms, cached, at, provider, api, system_blob, messages, params, reply_blob, stop_reason, retries, error)
           VALUES (@id, @seq, @model, @inputTokens, @outputTokens, @costUsd, @latencyMs, @cached, @at, @provider, @api, @system, @messages, @params, @reply, @stopReason, @retries, @error)`,
        )
        .run({
          id, seq, model: usage.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: usage.costUsd, latencyMs: usage.latencyMs, cached: usage.cached ? 1 : 0, at: now(),
          provider: null, api: null, system: null, messages: null, params: null, reply: null, stopReason: null, retries: null, error: null, ...c,
        });
      this.sql('UPDATE episodes SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_usd = cost_usd + ? WHERE id = ?')
        .run(usage.inputTokens, usage.outputTokens, usage.costUsd, id);
    })();
  }

  finishEpisode(id: string, outcome: EpisodeOutcome): void {
    this.lastMessages.delete(id);
    this.sql(
        `UPDATE episodes SET status = ?, finished_at = ?, final_step = ?, score = ?, public_score = ?, valid = ?, steps = ?, error = ?, stop_reason = ?, wall_ms = ? WHERE id = ?`,
      )
      .run(outcome.status, now(), outcome.finalStep, outcome.score, outcome.publicScore, outcome.valid ? 1 : 0, outcome.steps, stored(outcome.error), stored(outcome.stopReason), outcome.wallMs, id);
  }

  /** A call's columns: every text by hash (each distinct one stored once), the small parts as JSON. */
  private callColumns(id: string, seq: number, input: ModelCallInput): Record<string, string | number | null> {
    const call = ModelCall.parse(cutStrings(input, TRANSCRIPT_FIELD_CHARS));
    const { system, messages, ...params } = call.request;
    const ids = messages.map((m) => this.blobs.put(JSON.stringify(m)));
    // Only the call just before can be referred to: a reader decodes the calls in order.
    const last = this.lastMessages.get(id);
    const previous = last && last.seq === seq - 1 ? last.ids : [];
    this.lastMessages.set(id, { seq, ids });
    return {
      provider: call.provider,
      api: call.api,
      system: this.blobs.put(system),
      messages: JSON.stringify(encodeList(previous, ids)),
      params: JSON.stringify(params),
      reply: call.reply ? this.blobs.put(JSON.stringify(call.reply)) : null,
      stopReason: call.reply?.stopReason ?? null,
      retries: JSON.stringify(call.retries),
      error: call.error ? JSON.stringify(call.error) : null,
    };
  }

  /** An episode's model calls in order, each with its full record when the run kept one. */
  modelCalls(id: string): StoredModelCall[] {
    const rows = this.sql('SELECT * FROM llm_calls WHERE episode_id = ? ORDER BY seq').all(id) as Record<string, unknown>[];
    let previous = { seq: -2, ids: [] as number[] };
    return rows.map((r) => {
      const seq = Number(r.seq);
      let call: ModelCall | undefined;
      if (typeof r.messages === 'string') {
        const ids = decodeList(previous.seq === seq - 1 ? previous.ids : [], this.json(id, r, r.messages, 'messages'));
        if (!ids) throw new RunStoreReadError(`${this.where(id, r)}: messages is not a list of message references`);
        call = this.callOf(id, r, ids);
        previous = { seq, ids };
      }
      return {
        seq,
        model: String(r.model),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        costUsd: Number(r.cost_usd),
        latencyMs: Number(r.latency_ms),
        cached: r.cached === 1,
        at: String(r.at),
        ...(call ? { call } : {}),
      };
    });
  }

  private where(id: string, r: Record<string, unknown>): string {
    return `run store ${this.file}: episode ${id}, model call ${String(r.seq)}`;
  }

  private json(id: string, r: Record<string, unknown>, text: unknown, field: string): unknown {
    try {
      return JSON.parse(String(text));
    } catch {
      throw new RunStoreReadError(`${this.where(id, r)}: ${field} is not JSON`);
    }
  }

  private callOf(id: string, r: Record<string, unknown>, messageIds: number[]): ModelCall {
    const blob = (ref: unknown, field: string): string => {
      const text = typeof ref === 'number' ? this.blobs.get(ref) : undefined;
      if (text === undefined) throw new RunStoreReadError(`${this.where(id, r)}: ${field} ${String(ref)} is not in the blobs table`);
      return text;
    };
    const json = (text: unknown, field: string) => this.json(id, r, text, field);
    const parsed = ModelCall.safeParse({
      provider: r.provider,
      api: r.api,
      request: {
        system: blob(r.system_blob, 'system_blob'),
        messages: messageIds.map((m, i) => json(blob(m, `message ${i}`), `message ${i}`)),
        ...(json(r.params, 'params') as object),
      },
      reply: r.reply_blob == null ? undefined : json(blob(r.reply_blob, 'reply_blob'), 'reply'),
      retries: r.retries ? json(r.retries, 'retries') : [],
      error: r.error ? json(r.error, 'error') : undefined,
    });
    if (!parsed.success) throw new RunStoreReadError(`${this.where(id, r)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  /** A step's code and output as recorded; empty for steps recorded before the store kept them. */
  stepTexts(row: Record<string, unknown>): StepTexts {
    const out: StepTexts = {};
    for (const [field, column] of STEP_TEXTS) {
      const text = typeof row[column] === 'number' ? this.blobs.get(row[column]) : undefined;
      if (text !== undefined) out[field] = text;
    }
    return out;
  }

  grades(id: string): { step: number; valid: number; public_score: number | null; private_score: number | null }[] {
    return this.sql('SELECT step, valid, public_score, private_score FROM grades WHERE episode_id = ? ORDER BY step').all(id) as never;
  }

  stepsOf(id: string): Record<string, unknown>[] {
    return this.sql('SELECT * FROM steps WHERE episode_id = ? ORDER BY seq').all(id) as Record<string, unknown>[];
  }

  close(): void {
    this.db.close();
  }
}
