import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { unplayedEpisode } from '../../arena/episode/execute.js';
import type { EpisodeEvent } from '../../arena/episode/events.js';
import { storeSink } from '../../arena/episode/sinks.js';
import type { EpisodeSpec } from '../../arena/episode/spec.js';
import type { EpisodeStatus } from '../../arena/run-store.js';
import { describeIssues } from '../../util/json-file.js';
import type { ExecutionContext, Executor, ExecutorOptions } from '../types.js';
import { SlurmCommandError } from './command.js';
import { EventLogReader, eventLogFileOf } from './event-log.js';
import { ForgottenTasksError, readJobArray, submitJobArray, type ArrayTask, type SubmittedArray } from './job-array.js';
import { dealShards, ShardsFileSchema, writeJsonAtomically, type ShardsFile } from './shards.js';

/** Times the same episodes are submitted in one invocation when Slurm keeps ending their jobs. */
const MAX_SUBMISSIONS = 3;
/** slurmctld's default MaxArraySize is 1001: at most this many tasks per array. */
const MAX_ARRAY_TASKS = 1000;
const POLL_MS = 1000;
const UNFINISHED = new Set<EpisodeStatus>(['pending', 'running', 'infra_error']);

const SubmissionsSchema = z.array(z.object({ jobId: z.number().int(), name: z.string(), taskIds: z.array(z.number().int()), outputDir: z.string() }));

/** bin/arena.js of this checkout, found upward from this module (in harness/ or in dist/harness/). */
function arenaBin(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'arena.js');
    if (existsSync(bin)) return bin;
  }
  throw new Error(`no bin/arena.js above ${fileURLToPath(import.meta.url)}`);
}

interface Attempt {
  events: EpisodeEvent[];
  /** Whether progress counted it as running. */
  started: boolean;
}

/**
 * Runs a run's episodes as Slurm job arrays and merges what the workers write into the run store.
 *
 * Everything it needs to resume lives in <run>/slurm: each submission's directory (its shards file,
 * one event log per array task, Slurm's output files) and submissions.json (the arrays submitted).
 * A restarted coordinator follows the arrays still running and merges every log it finds: an
 * episode is merged from a log once (shard_merges) and only while the store has it unfinished, so
 * each episode is in the run exactly once however often its events are read. Episodes whose job
 * Slurm ended (node down, preempted, cancelled) have no result and are submitted again; a worker
 * that failed by itself leaves its episodes as infrastructure errors, for the next invocation.
 */
export class SlurmCoordinator {
  private readonly slurmDir: string;
  private readonly submissionsFile: string;
  private readonly resolved = new Set<string>();
  private readonly readers = new Map<string, EventLogReader>();
  private readonly attempts = new Map<string, Attempt>();
  private readonly lastFailure = new Map<string, string>();
  private specs = new Map<string, EpisodeSpec>();

  constructor(
    private readonly options: ExecutorOptions,
    private readonly context: ExecutionContext,
  ) {
    this.slurmDir = path.join(context.runDir, 'slurm');
    this.submissionsFile = path.join(this.slurmDir, 'submissions.json');
  }

  async run(specs: EpisodeSpec[]): Promise<void> {
    this.specs = new Map(specs.map((s) => [s.id, s]));
    mkdirSync(this.slurmDir, { recursive: true });
    const submissions = this.readSubmissions();
    // What an earlier coordinator left: every log on disk is merged, live arrays followed to their end.
    const known = new Set(submissions.map((s) => s.outputDir));
    for (const dir of this.roundDirs()) if (!known.has(dir)) this.mergeLogs(dir);
    if (submissions.length) await this.follow(submissions);
    for (let round = 0; ; round++) {
      const todo = specs.filter((s) => !this.resolved.has(s.id) && UNFINISHED.has(this.context.store.statusOf(s.id) ?? 'pending'));
      if (!todo.length) return;
      if (round === MAX_SUBMISSIONS) {
        for (const spec of todo) this.recordUnplayed(`slurm:${spec.id}`, spec, `Slurm ended its job in each of ${MAX_SUBMISSIONS} submissions; the last: ${this.lastFailure.get(spec.id) ?? 'unknown'}`);
        return;
      }
      const array = await this.submit(todo);
      submissions.push(array);
      writeJsonAtomically(this.submissionsFile, submissions);
      await this.follow([array]);
    }
  }

  private readSubmissions(): SubmittedArray[] {
    if (!existsSync(this.submissionsFile)) return [];
    const parsed = SubmissionsSchema.safeParse(JSON.parse(readFileSync(this.submissionsFile, 'utf8')));
    if (!parsed.success) throw new Error(`${this.submissionsFile}: ${describeIssues(parsed.error).join('; ')}`);
    return parsed.data;
  }

  private roundDirs(): string[] {
    return readdirSync(this.slurmDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^round-\d+$/.test(e.name))
      .map((e) => path.join(this.slurmDir, e.name));
  }

  private shardsOf(dir: string): ShardsFile | undefined {
    const file = path.join(dir, 'shards.json');
    if (!existsSync(file)) return undefined;
    const parsed = ShardsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error).join('; ')}`);
    return parsed.data;
  }

  private async submit(specs: EpisodeSpec[]): Promise<SubmittedArray> {
    // Numbered past every directory there, recorded or not: a coordinator killed between sbatch and
    // recording the array leaves a round whose tasks may still be writing to it.
    const next = Math.max(-1, ...this.roundDirs().map((d) => Number(path.basename(d).slice('round-'.length)))) + 1;
    const dir = path.join(this.slurmDir, `round-${next}`);
    mkdirSync(dir, { recursive: true });
    const shards = dealShards(specs, Math.min(this.options.arraySize ?? specs.length, MAX_ARRAY_TASKS));
    const shardsFile = path.join(dir, 'shards.json');
    writeJsonAtomically(shardsFile, { runDir: this.context.runDir, allowUnenforced: this.options.allowUnenforced ?? [], shards } satisfies ShardsFile);
    return submitJobArray({
      name: `arena-${path.basename(this.context.runDir)}`,
      command: [process.execPath, arenaBin(), 'episode', 'run', '--shards', shardsFile],
      tasks: shards.length,
      outputDir: dir,
      partition: this.options.partition,
      cpusPerTask: 1,
    });
  }

  /** Merges the arrays' logs as they grow until every task has ended, then settles the episodes left without a result. */
  private async follow(arrays: SubmittedArray[]): Promise<void> {
    const ended = new Map<SubmittedArray, ArrayTask[] | 'forgotten'>();
    while (ended.size < arrays.length) {
      for (const array of arrays) {
        if (ended.has(array)) continue;
        let tasks: ArrayTask[] | 'forgotten';
        try {
          tasks = await readJobArray(array);
        } catch (err) {
          if (err instanceof ForgottenTasksError) tasks = 'forgotten';
          // slurmctld restarting or failing over: the jobs run on; ask again.
          else if (err instanceof SlurmCommandError && err.reason !== 'not-installed') tasks = [];
          else throw err;
        }
        // Logs are read after the states: a task seen ended has written all it will.
        this.mergeLogs(array.outputDir);
        if (tasks === 'forgotten' || (tasks.length && tasks.every((t) => t.phase === 'finished'))) {
          ended.set(array, tasks);
          this.settle(array, tasks);
        }
      }
      if (ended.size < arrays.length) await sleep(POLL_MS);
    }
  }

  private mergeLogs(dir: string): void {
    const shards = this.shardsOf(dir);
    if (!shards) return;
    shards.shards.forEach((_, shard) => {
      const file = eventLogFileOf(path.join(dir, 'shards.json'), shard);
      let reader = this.readers.get(file);
      if (!reader) this.readers.set(file, (reader = new EventLogReader(file)));
      for (const line of reader.readNew()) this.take(file, line.episode, line.attempt, line.event);
    });
  }

  private take(file: string, episode: string, attemptId: string, event: EpisodeEvent): void {
    const key = `${file}\0${episode}\0${attemptId}`;
    let attempt = this.attempts.get(key);
    if (!attempt) this.attempts.set(key, (attempt = { events: [], started: false }));
    attempt.events.push(event);
    const spec = this.specs.get(episode);
    if (event.kind === 'start' && spec && !this.resolved.has(episode)) {
      attempt.started = true;
      this.context.progress.observe(spec, event);
    } else if (event.kind === 'llm_call' && spec && attempt.started) this.context.progress.observe(spec, event);
    else if (event.kind === 'result') {
      this.attempts.delete(key);
      const merged = this.merge(path.relative(this.context.runDir, file), episode, attempt.events);
      if (merged && spec) {
        if (!attempt.started) this.context.progress.observe(spec, attempt.events[0]!);
        this.context.progress.observe(spec, event);
      } else if (attempt.started) this.context.progress.interrupted();
    }
  }

  /** Replays an episode's events into the run store, once per source and only while it is unfinished there. */
  private merge(source: string, episode: string, events: EpisodeEvent[]): boolean {
    const { store } = this.context;
    const status = store.statusOf(episode);
    if (status === undefined || !UNFINISHED.has(status) || this.resolved.has(episode) || store.wasMerged(source, episode)) return false;
    store.inTransaction(() => {
      const sink = storeSink(store, episode);
      events.forEach(sink);
      store.markMerged(source, episode);
    });
    this.resolved.add(episode);
    return true;
  }

  /** An array's tasks have ended: episodes of theirs without a result are resubmitted (Slurm's failure) or recorded (the worker's). */
  private settle(array: SubmittedArray, tasks: ArrayTask[] | 'forgotten'): void {
    const shards = this.shardsOf(array.outputDir);
    if (!shards) return;
    shards.shards.forEach((specs, shard) => {
      const file = eventLogFileOf(path.join(array.outputDir, 'shards.json'), shard);
      for (const [key, attempt] of this.attempts) {
        if (!key.startsWith(`${file}\0`)) continue;
        this.attempts.delete(key);
        if (attempt.started) this.context.progress.interrupted();
      }
      const task = tasks === 'forgotten' ? undefined : tasks.find((t) => t.taskId === shard);
      const how = task ? `job ${array.jobId}_${shard} ended ${task.state}${task.node ? ` on ${task.node}` : ''} (${task.reason})` : `job ${array.jobId}_${shard} ended unseen (slurmctld forgot it)`;
      for (const spec of specs) {
        if (this.resolved.has(spec.id)) continue;
        if (!task || task.outcome === 'infrastructure') this.lastFailure.set(spec.id, how);
        else this.recordUnplayed(path.relative(this.context.runDir, file), spec, `the worker ended without its result: ${how}, exit ${task.exitCode ?? '?'}; its error output is ${task.stderrPath}`);
      }
    });
  }

  private recordUnplayed(source: string, spec: EpisodeSpec, error: string): void {
    const events = unplayedEpisode('infra_error', error);
    if (this.merge(source, spec.id, events)) events.forEach((e) => this.context.progress.observe(spec, e));
  }
}

/** `--executor slurm`: the episodes as job arrays on a Slurm cluster that shares the run directory. */
export function slurmExecutor(options: ExecutorOptions): Executor {
  return { name: 'slurm', run: (specs, context) => new SlurmCoordinator(options, context).run(specs) };
}
