import path from 'node:path';
import { ProviderError } from '../../llm/provider.js';
import { limitsForTask } from '../../sandbox/limits.js';
import { SandboxError, type SandboxBackend } from '../../sandbox/types.js';
import type { Task } from '../../task/loader.js';
import type { TaskManifest } from '../../task/schema.js';
import { untilAborted } from '../abortable.js';
import type { AgentOptions } from '../agent-registry.js';
import { TaskEnvironment } from '../environment.js';
import type { EpisodeOutcome } from '../run-store.js';
import { episodeDir } from '../transcript.js';
import type { Agent } from '../types.js';
import { Channel } from './channel.js';
import type { EpisodeEvent } from './events.js';
import type { EpisodeSpec } from './spec.js';

/** What executing a spec needs from the process that runs it. */
export interface EpisodeDeps {
  /** The run directory: the episode's graded submissions go under its episodes/ folder. */
  runDir: string;
  /** The spec's task, loaded (and checked against its content hash) by the caller. */
  task(spec: EpisodeSpec): Promise<Task>;
  backend: SandboxBackend;
  createAgent(id: string, manifest: TaskManifest, options: AgentOptions): Promise<Agent>;
  llmCacheDir: string;
}

/** Errors that are the harness's or a provider's fault, never the agent's. */
export function isInfrastructureError(err: unknown): boolean {
  return err instanceof SandboxError || (err instanceof ProviderError && err.infrastructure);
}

/** The task as this run plays it: run-wide overrides apply everywhere (agent, environment, task info, sandbox). */
function withRunLimits(task: Task, spec: EpisodeSpec): Task {
  const limits = { ...task.manifest.limits };
  if (spec.limits.maxSteps !== undefined) limits.maxSteps = spec.limits.maxSteps;
  if (spec.limits.stepTimeoutSec !== undefined) limits.stepTimeoutSec = spec.limits.stepTimeoutSec;
  return { ...task, manifest: { ...task.manifest, limits } };
}

const noResult = { finalStep: null, score: null, publicScore: null, valid: false, steps: 0, stopReason: null } as const;

/** The events of an episode that could not be played at all: started by no agent, ended with why. */
export function unplayedEpisode(status: 'infra_error' | 'agent_failed', error: string, wallMs = 0): EpisodeEvent[] {
  return [
    { kind: 'start', agentKind: 'unknown', startedAt: new Date().toISOString() },
    { kind: 'result', outcome: { status, ...noResult, error, wallMs } },
  ];
}

/**
 * Plays one episode and yields its events as they happen, the result last. Never throws for
 * what goes wrong in the episode: that is the result's status (the agent's failure, or an
 * infrastructure error for the sandbox, a provider, or a task that cannot be loaded).
 */
export async function* executeEpisode(spec: EpisodeSpec, deps: EpisodeDeps): AsyncGenerator<EpisodeEvent, EpisodeOutcome> {
  const channel = new Channel<EpisodeEvent>();
  let outcome: EpisodeOutcome | undefined;
  play(spec, deps, (event) => channel.push(event)).then(
    (o) => {
      outcome = o;
      channel.close();
    },
    (err: unknown) => channel.fail(err),
  );
  yield* channel;
  return outcome!;
}

async function play(spec: EpisodeSpec, deps: EpisodeDeps, emit: (event: EpisodeEvent) => void): Promise<EpisodeOutcome> {
  const started = performance.now();
  let seq = 0;
  let llmSeq = 0;
  let tokens = 0;
  let cost = 0;
  let stopReason: string | null = null;
  // A step still pending when the episode is stopped may settle later: nothing after the result counts.
  let closed = false;
  const finish = (partial: Omit<EpisodeOutcome, 'wallMs'>): EpisodeOutcome => {
    closed = true;
    const full = { ...partial, wallMs: performance.now() - started };
    emit({ kind: 'result', outcome: full });
    return full;
  };
  const unstarted = (status: 'infra_error' | 'agent_failed', error: string) => {
    emit({ kind: 'start', agentKind: 'unknown', startedAt: new Date().toISOString() });
    return finish({ status, ...noResult, error });
  };

  let task: Task;
  try {
    task = withRunLimits(await deps.task(spec), spec);
  } catch (err) {
    return unstarted('infra_error', `task: ${(err as Error).message}`);
  }
  let agent: Agent;
  try {
    agent = await deps.createAgent(spec.agent.id, task.manifest, { llmCacheDir: deps.llmCacheDir, llm: spec.agent.llm });
  } catch (err) {
    // A missing API key or an unreachable provider is not the agent's failure.
    return unstarted(isInfrastructureError(err) ? 'infra_error' : 'agent_failed', (err as Error).message);
  }
  emit({ kind: 'start', agentKind: agent.kind, startedAt: new Date().toISOString() });

  const limits = task.manifest.limits;
  const controller = new AbortController();
  let sandbox;
  try {
    sandbox = await deps.backend.create({ name: `${spec.task.id}-${spec.agent.id}-${spec.seed}`, publicDir: task.paths.publicDir, limits: limitsForTask(task.manifest) });
  } catch (err) {
    return finish({ status: 'infra_error', ...noResult, error: `sandbox: ${(err as Error).message}` });
  }
  const env = new TaskEnvironment(task, sandbox, {
    maxSteps: limits.maxSteps,
    stepTimeoutSec: limits.stepTimeoutSec,
    totalTimeSec: limits.totalTimeSec,
    episodeDir: episodeDir(deps.runDir, spec.id),
    onStep: (record) => {
      if (!closed) emit({ kind: 'step', seq: seq++, record });
    },
  });
  const instrumented = {
    taskId: env.taskId,
    get done() {
      return env.done;
    },
    start: () => env.start(),
    step: async (action: Parameters<typeof env.step>[0]) => {
      emit({ kind: 'action', action });
      return untilAborted(env.step(action), controller.signal, () => stopReason ?? 'stopped');
    },
  };
  const deadline = setTimeout(() => {
    stopReason = 'episode time limit';
    controller.abort();
  }, episodeDeadlineSec(limits) * 1000);
  const { maxTokensPerEpisode, maxCostPerEpisode } = spec.limits;
  try {
    await agent.play(instrumented, {
      seed: spec.seed,
      signal: controller.signal,
      recordLlmCall: (usage) => {
        emit({ kind: 'llm_call', seq: llmSeq++, usage });
        tokens += usage.inputTokens + usage.outputTokens;
        cost += usage.costUsd;
        if ((maxTokensPerEpisode && tokens > maxTokensPerEpisode) || (maxCostPerEpisode && cost > maxCostPerEpisode)) {
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

/** When an episode is stopped: its time budget plus room for model latency. */
export function episodeDeadlineSec(limits: { totalTimeSec: number }): number {
  return limits.totalTimeSec + 120;
}

/** The LLM cache an episode's agents share: ARENA_LLM_CACHE_DIR, else the run's own. */
export function llmCacheDirOf(runDir: string): string {
  return process.env.ARENA_LLM_CACHE_DIR ?? path.join(runDir, 'llm-cache');
}
