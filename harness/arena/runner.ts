import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createExecutor, type ExecutorKind } from '../executor/registry.js';
import { getBackend } from '../sandbox/registry.js';
import { requireEnforced } from '../sandbox/enforcement.js';
import type { BackendName, EnforcementName } from '../sandbox/types.js';
import { loadSuite, loadTask, type Task } from '../task/loader.js';
import { PrepareError, prepareTasks } from '../task/prepare.js';
import { sampleTasks } from './task-sample.js';
import { agentRelativeCost, checkAgentId, createAgent, type LlmSettings } from './agent-factory.js';
import { llmCacheDirOf } from './episode/execute.js';
import { ProgressTracker, type EvalProgress } from './episode/progress.js';
import { costKey, scheduleSpecs, taskSize } from './episode/schedule.js';
import { planSpecs, type EpisodeSpec } from './episode/spec.js';
import { RunStore, type EpisodeRow } from './run-store.js';
import { matchesAny } from '../util/glob.js';

export type { EvalProgress } from './episode/progress.js';

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
  /**
   * Earlier run directories whose recorded wall times (by task × agent) order this run's episodes,
   * longest first; this run's own finished episodes count as well.
   */
  costsFrom?: string[];
  /** Per-episode budgets for LLM agents; the episode ends with its best submission when passed. */
  maxTokensPerEpisode?: number;
  maxCostPerEpisode?: number;
  /** Temperature, output cap and OpenAI API for every LLM agent. */
  llm?: LlmSettings;
  /** Where the episodes run: this process's pool (default) or a Slurm cluster. */
  executor?: ExecutorKind;
  /** Slurm: the partition, and array tasks per submission. */
  partition?: string;
  arraySize?: number;
}

export interface EvalSummary {
  runDir: string;
  store: string;
  episodes: EpisodeRow[];
  skipped: number;
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

/**
 * Recorded mean wall time by task × agent: the given earlier runs' (a directory or its run.sqlite),
 * then this run's own finished episodes, which win where both have the pair.
 */
function recordedWallTimes(store: RunStore, costsFrom: string[]): Map<string, number> {
  const recorded = new Map<string, number>();
  const add = (rows: ReturnType<RunStore['recordedWallTimes']>) => rows.forEach((r) => recorded.set(costKey(r.taskId, r.agentId), r.wallMs));
  for (const from of costsFrom) {
    const file = from.endsWith('.sqlite') ? from : path.join(from, 'run.sqlite');
    if (!existsSync(file)) throw new Error(`--costs-from ${from}: no run store at ${file}`);
    const prior = new RunStore(file, path.basename(path.dirname(file)), { readonly: true });
    try {
      add(prior.recordedWallTimes());
    } finally {
      prior.close();
    }
  }
  add(store.recordedWallTimes());
  return recorded;
}

/** The episodes in the order to start them: longest expected first (episode/schedule.ts). */
async function inScheduleOrder(specs: EpisodeSpec[], tasks: Map<string, Task>, recorded: Map<string, number>): Promise<EpisodeSpec[]> {
  const dirs = [...new Set(specs.map((s) => s.task.dir))];
  const sizes = new Map(await Promise.all(dirs.map(async (dir) => [dir, await taskSize(tasks.get(dir)!)] as const)));
  const costs = new Map<string, number>();
  const relativeCost = (id: string) => costs.get(id) ?? costs.set(id, agentRelativeCost(id)).get(id)!;
  return scheduleSpecs(specs, { sizes, relativeCost, recorded });
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
  // Ids no registry knows are refused before any work, not recorded as every episode's failure.
  config.agents.forEach(checkAgentId);
  const backend = await getBackend(config.runtime);
  const runDir = path.resolve(config.outDir);
  mkdirSync(runDir, { recursive: true });
  const store = new RunStore(path.join(runDir, 'run.sqlite'), path.basename(runDir));
  try {
    const stored = store.ensureRun({ ...config, outDir: runDir }) as Partial<EvalConfig>;
    // Episodes played with other model settings must never be resumed into (and mixed with) this run.
    if (llmSettingsText(stored.llm) !== llmSettingsText(config.llm)) {
      throw new Error(`${runDir} holds a run with LLM settings ${llmSettingsText(stored.llm)}, not ${llmSettingsText(config.llm)}: use another run directory for other settings`);
    }
    store.recordSandboxCheck(requireEnforced(await backend.check(), config.allowUnenforced ?? []));
    await backend.gc();
    const tasks = await loadSuites(config);
    const byDir = new Map(tasks.map((t) => [t.task.paths.dir, t.task]));
    const specs = planSpecs({
      tasks,
      agents: config.agents,
      seeds: config.seeds,
      llm: config.llm,
      limits: { maxSteps: config.maxSteps, stepTimeoutSec: config.stepTimeoutSec, maxTokensPerEpisode: config.maxTokensPerEpisode, maxCostPerEpisode: config.maxCostPerEpisode },
      backend: config.runtime,
    });
    store.planEpisodes(specs.map((s) => ({ suite: s.task.suite, taskId: s.task.id, taskDir: s.task.dir, agentId: s.agent.id, seed: s.seed })));
    const wanted = new Set(specs.map((s) => s.id));
    const unfinished = new Set(store.unfinished().map((e) => e.id));
    const todo = await inScheduleOrder(
      specs.filter((s) => unfinished.has(s.id)),
      byDir,
      recordedWallTimes(store, config.costsFrom ?? []),
    );
    const progress = new ProgressTracker(wanted.size, wanted.size - todo.length, onProgress);
    const executor = await createExecutor(config.executor ?? 'local', { concurrency: config.concurrency, partition: config.partition, arraySize: config.arraySize, allowUnenforced: config.allowUnenforced });
    await executor.run(todo, {
      runDir,
      store,
      progress,
      deps: { runDir, backend, createAgent, llmCacheDir: llmCacheDirOf(runDir), task: async (spec) => byDir.get(spec.task.dir)! },
    });
    return { runDir, store: store.file, episodes: store.episodes().filter((e) => wanted.has(e.id)), skipped: wanted.size - todo.length };
  } finally {
    store.close();
  }
}
