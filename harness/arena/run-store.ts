import Database from 'better-sqlite3';
import type { EnforcementRecord } from '../sandbox/enforcement.js';
import { cutText } from '../util/bounded-text.js';
import type { StepRecord } from './environment.js';
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
`;

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

export class RunStore {
  private readonly db: Database.Database;

  constructor(
    readonly file: string,
    readonly runId: string,
    options: { readonly?: boolean } = {},
  ) {
    if (options.readonly) {
      // Reports and `runs show` read a run, possibly while it is still being written.
      this.db = new Database(file, { readonly: true, fileMustExist: true });
      return;
    }
    this.db = new Database(file);
    // WAL keeps readers (arena runs show) working while a run writes; NORMAL sync is safe with WAL.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  /** Records the run's configuration (the first time) and returns the stored one. */
  ensureRun(config: unknown): unknown {
    const row = this.db.prepare('SELECT config FROM runs WHERE id = ?').get(this.runId) as { config: string } | undefined;
    if (row) {
      this.db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?').run(now(), this.runId);
      return JSON.parse(row.config);
    }
    this.db.prepare('INSERT INTO runs (id, created_at, updated_at, config) VALUES (?, ?, ?, ?)').run(this.runId, now(), now(), JSON.stringify(config));
    return config;
  }

  /** Which protections held when this invocation of the run started (one row per start or resume). */
  recordSandboxCheck(record: EnforcementRecord): void {
    this.db.prepare('INSERT INTO sandbox_checks (run_id, at, backend, record) VALUES (?, ?, ?, ?)').run(this.runId, now(), record.backend, JSON.stringify(record));
  }

  sandboxChecks(): EnforcementRecord[] {
    const rows = this.db.prepare('SELECT record FROM sandbox_checks WHERE run_id = ? ORDER BY at').all(this.runId) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as EnforcementRecord);
  }

  /** Adds the episodes not yet known; existing ones keep their state. */
  planEpisodes(keys: EpisodeKey[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO episodes (id, run_id, suite, task_id, task_dir, agent_id, seed, status) VALUES (@id, @run, @suite, @taskId, @taskDir, @agentId, @seed, 'pending')`,
    );
    this.db.transaction(() => {
      for (const k of keys) insert.run({ id: episodeId(k), run: this.runId, ...k });
    })();
  }

  episodes(): EpisodeRow[] {
    return this.db.prepare('SELECT * FROM episodes WHERE run_id = ? ORDER BY suite, task_id, agent_id, seed').all(this.runId) as EpisodeRow[];
  }

  /** Episodes to (re)run: never finished, interrupted mid-run, or stopped by an infrastructure error. */
  unfinished(): EpisodeRow[] {
    return this.episodes().filter((e) => e.status === 'pending' || e.status === 'running' || e.status === 'infra_error');
  }

  /** Starts an attempt: whatever an interrupted attempt recorded is removed, so nothing is counted twice. */
  startEpisode(id: string, agentKind: string): void {
    this.db.transaction(() => {
      for (const table of ['steps', 'grades', 'llm_calls']) this.db.prepare(`DELETE FROM ${table} WHERE episode_id = ?`).run(id);
      this.db
        .prepare(
          `UPDATE episodes SET status = 'running', attempts = attempts + 1, agent_kind = ?, started_at = ?, finished_at = NULL, final_step = NULL, score = NULL,
           public_score = NULL, valid = NULL, steps = NULL, error = NULL, stop_reason = NULL, input_tokens = 0, output_tokens = 0, cost_usd = 0, wall_ms = NULL WHERE id = ?`,
        )
        .run(agentKind, now(), id);
    })();
  }

  recordStep(id: string, seq: number, record: StepRecord): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO steps (episode_id, seq, step, action, topic, ok, error_kind, error_message, wall_ms, cpu_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, seq, record.step, record.action, stored(record.topic), record.ok ? 1 : 0, record.error?.kind ?? null, stored(record.error?.message), record.wallMs, record.cpuMs, now());
      if (record.submission) {
        const s = record.submission;
        this.db
          .prepare('INSERT OR REPLACE INTO grades (episode_id, step, valid, public_score, private_score, file) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, record.step, s.valid ? 1 : 0, s.publicScore, s.privateScore, s.file);
      }
    })();
  }

  recordLlmCall(id: string, seq: number, usage: LlmUsage): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO llm_calls (episode_id, seq, model, input_tokens, output_tokens, cost_usd, latency_ms, cached, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, seq, usage.model, usage.inputTokens, usage.outputTokens, usage.costUsd, usage.latencyMs, usage.cached ? 1 : 0, now());
      this.db
        .prepare('UPDATE episodes SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_usd = cost_usd + ? WHERE id = ?')
        .run(usage.inputTokens, usage.outputTokens, usage.costUsd, id);
    })();
  }

  finishEpisode(id: string, outcome: EpisodeOutcome): void {
    this.db
      .prepare(
        `UPDATE episodes SET status = ?, finished_at = ?, final_step = ?, score = ?, public_score = ?, valid = ?, steps = ?, error = ?, stop_reason = ?, wall_ms = ? WHERE id = ?`,
      )
      .run(outcome.status, now(), outcome.finalStep, outcome.score, outcome.publicScore, outcome.valid ? 1 : 0, outcome.steps, stored(outcome.error), stored(outcome.stopReason), outcome.wallMs, id);
  }

  grades(id: string): { step: number; valid: number; public_score: number | null; private_score: number | null }[] {
    return this.db.prepare('SELECT step, valid, public_score, private_score FROM grades WHERE episode_id = ? ORDER BY step').all(id) as never;
  }

  stepsOf(id: string): Record<string, unknown>[] {
    return this.db.prepare('SELECT * FROM steps WHERE episode_id = ? ORDER BY seq').all(id) as Record<string, unknown>[];
  }

  close(): void {
    this.db.close();
  }
}
