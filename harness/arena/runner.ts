import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { limitsForTask } from '../sandbox/limits.js';
import { getBackend } from '../sandbox/registry.js';
import { requireEnforced } from '../sandbox/enforcement.js';
import { SandboxError, type BackendName, type EnforcementName } from '../sandbox/types.js';
import { loadSuite, loadTask, type Task } from '../task/loader.js';
import { PrepareError, prepareTasks } from '../task/prepare.js';
import { sampleTasks } from './task-sample.js';
import { createAgent, type LlmSettings } from './agent-factory.js';
import { ProviderError } from '../llm/provider.js';
import { untilAborted } from './abortable.js';
import { TaskEnvironment } from './environment.js';
import { episodeId, RunStore, type EpisodeOutcome, type EpisodeRow } from './run-store.js';
import { matchesAny } from '../util/glob.js';
import { episodeDir, Transcript, transcriptFile } from './transcript.js';
import type { LlmUsage } from './types.js';

export interface EvalConfig {
  suites: string[];
  /** Single task directories, each under a suite name (e.g. a candidate task being verified). */
  tasks?: { suite: string; dir: string }[];
  agents: string[];
  seeds: number;
  concurrency: number;
  runtime: BackendName;
  /** Protections the user accepts as not enforced on this machine (`--allow-unenforced`). */
  allowUnenforced?: EnforcementName[];
  /** Overrides every task's step budget. */
  maxSteps?: number;
  /** Overrides every task's time limit per code execution (e.g. to bound a demo's run time). */
  stepTimeoutSec?: number;
  /** Runs at most this many tasks per suite, a fixed sample stratified by modality and objective. */
  samplePerSuite?: number;
  /** Only the suites' tasks whose id matches one of these globs (SQLite GLOB semantics, as `arena view`). */
  taskGlobs?: string[];
  outDir: string;
  /** Per-episode budgets for LLM agents; the episode ends with its best submission when passed. */
  maxTokensPerEpisode?: number;
  maxCostPerEpisode?: number;
  /** Temperature, output cap and OpenAI API for every LLM agent. */
  llm?: LlmSettings;
}

export interface EvalProgress {
  total: number;
  done: number;
  running: number;
  failed: number;
  tokens: number;
  costUsd: number;
  last?: string;
}

export interface EvalSummary {
  runDir: string;
  store: string;
  episodes: EpisodeRow[];
  skipped: number;
}

/** Errors that are the harness's or a provider's fault, never the agent's. */
function isInfrastructureError(err: unknown): boolean {
  return err instanceof SandboxError || (err instanceof ProviderError && err.infrastructure);
}

async function loadSuites(config: EvalConfig): Promise<{ suite: string; task: Task }[]> {
  const found: { suite: string; task: Task }[] = [];
  for (const dir of config.suites) {
    const suite = await loadSuite(dir);
    const selected = suite.tasks.filter((t) => matchesAny(t.manifest.id, config.taskGlobs));
    const tasks = config.samplePerSuite ? sampleTasks(selected, config.samplePerSuite) : selected;
    for (const task of tasks) found.push({ suite: suite.manifest.name, task });
  }
  for (const { suite, dir } of config.tasks ?? []) found.push({ suite, task: await loadTask(dir) });
  if (found.length === 0) throw new Error(`no task of ${config.suites.join(', ')} matches --tasks ${config.taskGlobs?.join(',') ?? ''}`);
  const failed = (await prepareTasks(found.map(({ task }) => task), { runtime: config.runtime, concurrency: config.concurrency })).find((r) => r.status === 'failed');
  if (failed && 'error' in failed) throw new PrepareError(failed.error);
  return found;
}

/** LLM settings in a fixed key order, unset ones left out, so stored and requested settings compare as text. */
function llmSettingsText(llm: LlmSettings | undefined): string {
  return JSON.stringify({ temperature: llm?.temperature, maxOutputTokens: llm?.maxOutputTokens, openaiApi: llm?.openaiApi });
}

/**
 * Runs every task × agent × seed episode not yet finished in the run directory, at most
 * `concurrency` at a time. Running it again resumes: finished episodes are kept, interrupted or
 * infrastructure-failed ones are re-run from scratch, nothing is counted twice.
 */
export async function runEval(config: EvalConfig, onProgress: (p: EvalProgress) => void = () => {}): Promise<EvalSummary> {
  const runDir = path.resolve(config.outDir);
  mkdirSync(runDir, { recursive: true });
  const store = new RunStore(path.join(runDir, 'run.sqlite'), path.basename(runDir));
  try {
    const stored = store.ensureRun({ ...config, outDir: runDir }) as Partial<EvalConfig>;
    // Episodes played with other model settings must never be resumed into (and mixed with) this run.
    if (llmSettingsText(stored.llm) !== llmSettingsText(config.llm)) {
      throw new Error(`${runDir} holds a run with LLM settings ${llmSettingsText(stored.llm)}, not ${llmSettingsText(config.llm)}: use another run directory for other settings`);
    }
    const backend = await getBackend(config.runtime);
    store.recordSandboxCheck(requireEnforced(await backend.check(), config.allowUnenforced ?? []));
    await backend.gc();
    const tasks = await loadSuites(config);
    const byKey = new Map(tasks.map((t) => [`${t.suite}/${t.task.manifest.id}`, t.task]));
    store.planEpisodes(
      tasks.flatMap(({ suite, task }) =>
        config.agents.flatMap((agentId) =>
          Array.from({ length: config.seeds }, (_, seed) => ({ suite, taskId: task.manifest.id, taskDir: task.paths.dir, agentId, seed })),
        ),
      ),
    );
    const wanted = new Set(tasks.flatMap(({ suite, task }) => config.agents.flatMap((a) => Array.from({ length: config.seeds }, (_, seed) => episodeId({ suite, taskId: task.manifest.id, agentId: a, seed })))));
    const todo = store.unfinished().filter((e) => wanted.has(e.id));
    const progress: EvalProgress = { total: wanted.size, done: wanted.size - todo.length, running: 0, failed: 0, tokens: 0, costUsd: 0 };
    onProgress(progress);
    const limit = pLimit(config.concurrency);
    await Promise.all(
      todo.map((row) =>
        limit(async () => {
          progress.running++;
          onProgress(progress);
          const outcome = await runEpisode(row, byKey.get(`${row.suite}/${row.task_id}`)!, config, store, runDir, (usage) => {
            progress.tokens += usage.inputTokens + usage.outputTokens;
            progress.costUsd += usage.costUsd;
            onProgress(progress);
          });
          progress.running--;
          progress.done++;
          if (outcome.status !== 'completed') progress.failed++;
          progress.last = `${row.task_id} ${row.agent_id} seed ${row.seed}: ${outcome.status}${outcome.score !== null ? ` ${outcome.score.toPrecision(4)}` : ''}`;
          onProgress(progress);
        }),
      ),
    );
    return { runDir, store: store.file, episodes: store.episodes().filter((e) => wanted.has(e.id)), skipped: wanted.size - todo.length };
  } finally {
    store.close();
  }
}

/** The task as this run plays it: run-wide overrides apply everywhere (agent, environment, task info, sandbox). */
function withRunLimits(task: Task, config: EvalConfig): Task {
  const limits = { ...task.manifest.limits };
  if (config.maxSteps !== undefined) limits.maxSteps = config.maxSteps;
  if (config.stepTimeoutSec !== undefined) limits.stepTimeoutSec = config.stepTimeoutSec;
  return { ...task, manifest: { ...task.manifest, limits } };
}

async function runEpisode(row: EpisodeRow, original: Task, config: EvalConfig, store: RunStore, runDir: string, onLlm: (u: LlmUsage) => void): Promise<EpisodeOutcome> {
  const task = withRunLimits(original, config);
  const started = performance.now();
  const dir = episodeDir(runDir, row.id);
  const transcript = new Transcript(transcriptFile(runDir, row.id));
  const limits = task.manifest.limits;
  const controller = new AbortController();
  let seq = 0;
  let llmSeq = 0;
  let tokens = 0;
  let cost = 0;
  let stopReason: string | null = null;
  // A step still pending when the episode is stopped may settle later: nothing after the result counts.
  let closed = false;
  const finish = (outcome: Omit<EpisodeOutcome, 'wallMs'>): EpisodeOutcome => {
    closed = true;
    const full = { ...outcome, wallMs: performance.now() - started };
    store.finishEpisode(row.id, full);
    transcript.write({ kind: 'result', ...full });
    return full;
  };

  let agent;
  try {
    agent = await createAgent(row.agent_id, task.manifest, { llmCacheDir: process.env.ARENA_LLM_CACHE_DIR ?? path.join(runDir, 'llm-cache'), llm: config.llm });
  } catch (err) {
    // A missing API key or an unreachable provider is not the agent's failure.
    store.startEpisode(row.id, 'unknown');
    return finish({ status: isInfrastructureError(err) ? 'infra_error' : 'agent_failed', finalStep: null, score: null, publicScore: null, valid: false, steps: 0, error: (err as Error).message, stopReason: null });
  }
  store.startEpisode(row.id, agent.kind);
  transcript.reset({ kind: 'episode', id: row.id, task: row.task_id, agent: row.agent_id, agentKind: agent.kind, seed: row.seed, startedAt: new Date().toISOString() });

  let sandbox;
  try {
    sandbox = await (await getBackend(config.runtime)).create({ name: `${row.task_id}-${row.agent_id}-${row.seed}`, publicDir: task.paths.publicDir, limits: limitsForTask(task.manifest) });
  } catch (err) {
    return finish({ status: 'infra_error', finalStep: null, score: null, publicScore: null, valid: false, steps: 0, error: `sandbox: ${(err as Error).message}`, stopReason: null });
  }
  const env = new TaskEnvironment(task, sandbox, {
    maxSteps: limits.maxSteps,
    stepTimeoutSec: limits.stepTimeoutSec,
    totalTimeSec: limits.totalTimeSec,
    episodeDir: dir,
    onStep: (record) => {
      if (closed) return;
      store.recordStep(row.id, seq++, record);
      transcript.write({ kind: 'step', ...record, submission: record.submission ? { valid: record.submission.valid, publicScore: record.submission.publicScore, privateScore: record.submission.privateScore } : undefined });
    },
  });
  const instrumented = {
    taskId: env.taskId,
    get done() {
      return env.done;
    },
    start: () => env.start(),
    step: async (action: Parameters<typeof env.step>[0]) => {
      transcript.write({ kind: 'action', action });
      return untilAborted(env.step(action), controller.signal, () => stopReason ?? 'stopped');
    },
  };
  // The whole episode gets its time budget plus room for model latency; then it is stopped.
  const deadline = setTimeout(() => {
    stopReason = 'episode time limit';
    controller.abort();
  }, (limits.totalTimeSec + 120) * 1000);
  try {
    await agent.play(instrumented, {
      seed: row.seed,
      signal: controller.signal,
      recordLlmCall: (usage) => {
        store.recordLlmCall(row.id, llmSeq++, usage);
        // The call's messages go to the run store only (content-addressed there); the line keeps its counts.
        transcript.write({ kind: 'llm_call', ...usage, call: undefined });
        tokens += usage.inputTokens + usage.outputTokens;
        cost += usage.costUsd;
        onLlm(usage);
        if ((config.maxTokensPerEpisode && tokens > config.maxTokensPerEpisode) || (config.maxCostPerEpisode && cost > config.maxCostPerEpisode)) {
          stopReason = 'token or cost budget';
          controller.abort();
        }
      },
    });
    const result = env.result();
    return finish({ status: 'completed', finalStep: result.finalStep, score: result.score, publicScore: result.publicScore, valid: result.valid, steps: result.steps, error: null, stopReason: stopReason ?? (result.submitted ? 'submitted' : 'budget') });
  } catch (err) {
    const result = env.result();
    const infra = isInfrastructureError(err);
    // An aborted agent still has its best submission; a crashed one is the agent's failure.
    const status = controller.signal.aborted ? 'completed' : infra ? 'infra_error' : 'agent_failed';
    return finish({ status, finalStep: result.finalStep, score: result.score, publicScore: result.publicScore, valid: result.valid, steps: result.steps, error: (err as Error).message ?? String(err), stopReason });
  } finally {
    clearTimeout(deadline);
    await sandbox.destroy().catch(() => undefined);
  }
}
