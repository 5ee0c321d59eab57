import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { arrayTimeLimitMinutes } from './array-time-limit.js';
import { listJobs, usableCpus } from './cluster.js';
import { SlurmCommandError } from './command.js';
import { EventLogReader, eventLogFileOf } from './event-log.js';
import { ForgottenTasksError, readJobArray, submitJobArray, type ArrayTask, type SubmittedArray } from './job-array.js';
import { PollInterval } from './poll-interval.js';
import { cleanRound } from './round-files.js';
import type { SqueueJob } from './schemas.js';
import { dealShards, ShardsFileSchema, writeJsonAtomically, type ShardsFile } from './shards.js';

/** Times the same episodes are submitted in one invocation when Slurm keeps ending their jobs. */
const MAX_SUBMISSIONS = 3;
/** slurmctld's default MaxArraySize is 1001: at most this many tasks per array. */
const MAX_ARRAY_TASKS = 1000;
/** The event logs are read this often: a result is in the store within this long of being written. */
const LOG_POLL_MS = 200;
/**
 * slurmctld is asked at most once a second and at least every 15 s: a task that ended without
 * its results (killed, its node lost) is seen within 15 s, well before slurmctld forgets it
 * (MinJobAge, 300 s by default).
 */
const SQUEUE_MIN_MS = 1000;
const SQUEUE_MAX_MS = 15_000;
/** Once every episode of an array has its result: how long its tasks may take to end before its directory is cleaned. */
const END_WAIT_MS = 5000;
const END_POLL_MS = 250;
const UNFINISHED = new Set<EpisodeStatus>(['pending', 'running', 'infra_error']);

/** An array submitted by a coordinator; `over` once it ended and its directory was cleaned. */
const SubmissionSchema = z.object({ jobId: z.number().int(), name: z.string(), taskIds: z.array(z.number().int()), outputDir: z.string(), over: z.boolean().default(false) });
type Submission = z.infer<typeof SubmissionSchema>;
const SubmissionsSchema = z.array(SubmissionSchema);

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
  /** Per event log: its shard's episodes, and how many of them were merged from it by this coordinator. */
  private readonly logs = new Map<string, { episodes: number; merged: number }>();
  private readonly shardFiles = new Map<string, ShardsFile>();
  private specs = new Map<string, EpisodeSpec>();
  private submissions: Submission[] = [];

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
    this.submissions = this.readSubmissions();
    // What an earlier coordinator left: every log on disk is merged, live arrays followed to their end.
    const known = new Set(this.submissions.map((s) => s.outputDir));
    for (const dir of this.roundDirs()) if (!known.has(dir)) this.mergeLogs(dir);
    await this.follow(this.submissions.filter((s) => !s.over));
    for (let round = 0; ; round++) {
      const todo = specs.filter((s) => !this.resolved.has(s.id) && UNFINISHED.has(this.context.store.statusOf(s.id) ?? 'pending'));
      if (!todo.length) return;
      if (round === MAX_SUBMISSIONS) {
        for (const spec of todo) this.recordUnplayed(`slurm:${spec.id}`, spec, `Slurm ended its job in each of ${MAX_SUBMISSIONS} submissions; the last: ${this.lastFailure.get(spec.id) ?? 'unknown'}`);
        return;
      }
      const array: Submission = { ...(await this.submit(todo)), over: false };
      this.submissions.push(array);
      this.recordSubmissions();
      await this.follow([array]);
    }
  }

  private readSubmissions(): Submission[] {
    if (!existsSync(this.submissionsFile)) return [];
    const parsed = SubmissionsSchema.safeParse(JSON.parse(readFileSync(this.submissionsFile, 'utf8')));
    if (!parsed.success) throw new Error(`${this.submissionsFile}: ${describeIssues(parsed.error).join('; ')}`);
    return parsed.data;
  }

  private recordSubmissions(): void {
    writeJsonAtomically(this.submissionsFile, this.submissions);
  }

  private roundDirs(): string[] {
    return readdirSync(this.slurmDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^round-\d+$/.test(e.name))
      .map((e) => path.join(this.slurmDir, e.name));
  }

  /** A round's shards file, read once (it is written whole before its array is submitted, and never changes). */
  private shardsOf(dir: string): ShardsFile | undefined {
    const cached = this.shardFiles.get(dir);
    if (cached) return cached;
    const file = path.join(dir, 'shards.json');
    if (!existsSync(file)) return undefined;
    const parsed = ShardsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error).join('; ')}`);
    this.shardFiles.set(dir, parsed.data);
    return parsed.data;
  }

  /** One array task per CPU the partition can use now (each task takes one), unless --array-size says otherwise. */
  private async arraySize(specs: number): Promise<number> {
    const wanted = this.options.arraySize ?? ((await usableCpus(this.options.partition)) || specs);
    return Math.min(wanted, MAX_ARRAY_TASKS);
  }

  private async submit(specs: EpisodeSpec[]): Promise<SubmittedArray> {
    // Numbered past every directory there, recorded or not: a coordinator killed between sbatch and
    // recording the array leaves a round whose tasks may still be writing to it.
    const next = Math.max(-1, ...this.roundDirs().map((d) => Number(path.basename(d).slice('round-'.length)))) + 1;
    const dir = path.join(this.slurmDir, `round-${next}`);
    mkdirSync(dir, { recursive: true });
    const shards = dealShards(specs, await this.arraySize(specs.length));
    const limits = await Promise.all(shards.map((shard) => Promise.all(shard.map(async (spec) => (await this.context.deps.task(spec)).manifest.limits))));
    const shardsFile = path.join(dir, 'shards.json');
    writeJsonAtomically(shardsFile, { runDir: this.context.runDir, allowUnenforced: this.options.allowUnenforced ?? [], shards } satisfies ShardsFile);
    return submitJobArray({
      name: `arena-${path.basename(this.context.runDir)}`,
      command: [process.execPath, arenaBin(), 'episode', 'run', '--shards', shardsFile],
      tasks: shards.length,
      outputDir: dir,
      partition: this.options.partition,
      cpusPerTask: 1,
      timeLimitMinutes: arrayTimeLimitMinutes(limits),
    });
  }

  /** Whether the episode needs nothing more from any array: merged here, or finished in the store. */
  private settled(id: string): boolean {
    return this.resolved.has(id) || !UNFINISHED.has(this.context.store.statusOf(id) ?? 'completed');
  }

  /**
   * Merges the arrays' logs as they grow (every LOG_POLL_MS) until every episode of theirs has its
   * result or every task has ended; then settles the episodes left without one. slurmctld is asked
   * adaptively (PollInterval), all arrays in one listing; results never wait for it.
   */
  private async follow(arrays: Submission[]): Promise<void> {
    const open = new Set(arrays);
    const resultsIn: Submission[] = [];
    const seen = new Map<Submission, string>();
    const poll = new PollInterval(SQUEUE_MIN_MS, SQUEUE_MAX_MS);
    let askAt = 0;
    while (open.size) {
      for (const array of open) {
        this.mergeLogs(array.outputDir);
        if (this.shardsOf(array.outputDir)?.shards.every((shard) => shard.every((spec) => this.settled(spec.id))) ?? false) {
          open.delete(array);
          resultsIn.push(array);
        }
      }
      if (open.size && Date.now() >= askAt) {
        let changed = false;
        const states = await this.askSlurm([...open]);
        for (const [array, tasks] of states) {
          const now = tasks === 'forgotten' ? tasks : JSON.stringify(tasks.map((t) => [t.state, t.node, t.restarts]));
          if (seen.get(array) !== now) changed = true;
          seen.set(array, now);
          // Logs are read after the states: a task seen ended has written all it will.
          this.mergeLogs(array.outputDir);
          if (tasks === 'forgotten' || tasks.every((t) => t.phase === 'finished')) {
            open.delete(array);
            this.end(array, tasks);
          }
        }
        askAt = Date.now() + poll.next(changed);
      }
      if (open.size) await sleep(LOG_POLL_MS);
    }
    // Every episode has its result: the tasks are exiting. Their directory is cleaned once they have ended.
    const deadline = Date.now() + END_WAIT_MS;
    const exiting = new Set(resultsIn);
    while (exiting.size) {
      for (const [array, tasks] of await this.askSlurm([...exiting])) {
        if (tasks !== 'forgotten' && !tasks.every((t) => t.phase === 'finished')) continue;
        exiting.delete(array);
        this.end(array, tasks);
      }
      if (!exiting.size || Date.now() >= deadline) return;
      await sleep(END_POLL_MS);
    }
  }

  /** Each array's tasks as slurmctld has them now; none when it cannot be asked (restarting, failing over: the jobs run on). */
  private async askSlurm(arrays: Submission[]): Promise<Map<Submission, ArrayTask[] | 'forgotten'>> {
    const states = new Map<Submission, ArrayTask[] | 'forgotten'>();
    let jobs: SqueueJob[];
    try {
      jobs = await listJobs();
    } catch (err) {
      if (err instanceof SlurmCommandError && err.reason !== 'not-installed') return states;
      throw err;
    }
    for (const array of arrays) {
      try {
        states.set(array, await readJobArray(array, jobs));
      } catch (err) {
        if (!(err instanceof ForgottenTasksError)) throw err;
        states.set(array, 'forgotten');
      }
    }
    return states;
  }

  /** The array's tasks have all ended: its episodes without a result are settled, its directory cleaned. */
  private end(array: Submission, tasks: ArrayTask[] | 'forgotten'): void {
    this.settle(array, tasks);
    const shards = this.shardsOf(array.outputDir);
    if (shards) cleanRound(path.join(array.outputDir, 'shards.json'), shards.shards.length);
    array.over = true;
    this.recordSubmissions();
  }

  private mergeLogs(dir: string): void {
    const shards = this.shardsOf(dir);
    if (!shards) return;
    shards.shards.forEach((_, shard) => {
      const file = eventLogFileOf(path.join(dir, 'shards.json'), shard);
      let reader = this.readers.get(file);
      if (!reader) {
        this.readers.set(file, (reader = new EventLogReader(file)));
        this.logs.set(file, { episodes: shards.shards[shard]!.length, merged: 0 });
      }
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
      if (merged) this.mergedFrom(file);
      if (merged && spec) {
        if (!attempt.started) this.context.progress.observe(spec, attempt.events[0]!);
        this.context.progress.observe(spec, event);
      } else if (attempt.started) this.context.progress.interrupted();
    }
  }

  /** A log all of whose episodes are in the store is removed at once: a long run's logs do not pile up until its array ends. */
  private mergedFrom(file: string): void {
    const log = this.logs.get(file);
    if (log && ++log.merged === log.episodes) rmSync(file, { force: true });
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
