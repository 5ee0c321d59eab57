import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { gradeSubmission } from '../grading/grade.js';
import { maxSubmissionBytes } from '../grading/read-submission.js';
import type { SubmissionErrorCode } from '../grading/submission-errors.js';
import { submissionFormat } from '../grading/submission-format.js';
import type { Sandbox } from '../sandbox/types.js';
import { quoted } from '../util/bounded-text.js';
import { copyOut } from '../sandbox/copy-out.js';
import { UnsafeFileError, type UnsafeKind } from '../sandbox/file-refusals.js';
import type { Task } from '../task/loader.js';
import { executionError, submissionError } from './feedback.js';
import { taskInfo } from './task-info.js';
import { stepSubmissionFile } from './transcript.js';
import { INFO_TOPICS, type Action, type AgentFacingError, type EpisodeEnvironment, type Observation } from './types.js';

/** Everything about one step, including what the agent never sees (the private score). */
export interface StepRecord {
  step: number;
  action: Action['type'];
  topic?: string;
  code?: string;
  ok: boolean;
  error?: AgentFacingError;
  stdout?: string;
  stderr?: string;
  wallMs: number;
  cpuMs: number;
  /** A submission.csv written by this step: its grading, and the harness's copy (or why none was made). */
  submission?: { valid: boolean; publicScore: number | null; privateScore: number | null; file: string };
  observation: string;
}

export interface EpisodeResult {
  /** The step whose submission counts, or null when there is no valid submission. */
  finalStep: number | null;
  score: number | null;
  publicScore: number | null;
  valid: boolean;
  steps: number;
  submitted: boolean;
}

export interface EnvironmentOptions {
  maxSteps: number;
  stepTimeoutSec: number;
  totalTimeSec: number;
  /** Where graded copies of submissions are kept, outside the agent's reach. */
  episodeDir: string;
  onStep(record: StepRecord): void;
}

/** The grader's error code for each reason a workspace file is refused before it is read. */
const REFUSAL_CODES: Record<UnsafeKind, SubmissionErrorCode> = {
  missing: 'file_missing',
  symlink: 'symlink',
  not_a_file: 'not_a_file',
  too_large: 'file_too_large',
  outside: 'not_a_file',
};

/** Information requests allowed in one episode (they use no step of the budget). */
const MAX_INFO_REQUESTS = 20;
const OUTPUT_LIMIT = 16 * 1024;

/**
 * One episode's environment: the agent's actions run in the episode's sandbox; every valid
 * submission is graded on both leaderboards, and only the public score is shown.
 */
export class TaskEnvironment implements EpisodeEnvironment {
  private stepCount = 0;
  private infoRequests = 0;
  private started = 0;
  private finished = false;
  private readonly graded = new Map<number, NonNullable<StepRecord['submission']>>();
  private lastSubmissionHash: string | null = null;
  private chosenStep: number | null = null;
  private submitted = false;
  private lastSubmissionError: AgentFacingError | undefined;

  constructor(
    private readonly task: Task,
    private readonly sandbox: Sandbox,
    private readonly options: EnvironmentOptions,
  ) {}

  get taskId(): string {
    return this.task.manifest.id;
  }

  get done(): boolean {
    return this.finished;
  }

  private stepsLeft(): number {
    return Math.max(0, this.options.maxSteps - this.stepCount);
  }

  private timeLeftSec(): number {
    return Math.max(0, this.options.totalTimeSec - (performance.now() - this.started) / 1000);
  }

  async start(): Promise<Observation> {
    this.started = performance.now();
    const description = await taskInfo(this.task, 'overview', { stepsLeft: this.stepsLeft(), timeLeftSec: this.timeLeftSec() });
    const text = [
      description,
      '',
      '---',
      'Actions: request_info(topic: overview | data_structure | sample_submission | metric | limits), validate_code(code), execute_code(code), submit(step?).',
      'Your code runs with Python in a sandbox: the data is read-only under /data; the current directory is yours and persists between steps.',
      'Write predictions to ./submission.csv in an execute_code step to have them scored on the public leaderboard.',
      `Budget: ${this.options.maxSteps} steps, ${this.options.totalTimeSec} s in all, ${this.options.stepTimeoutSec} s per execution.`,
    ].join('\n');
    return { step: 0, text, ok: true, stepsLeft: this.stepsLeft(), timeLeftSec: this.timeLeftSec(), done: false };
  }

  async step(action: Action): Promise<Observation> {
    if (this.finished) return this.observe(this.stepCount, false, 'The episode is over.', { kind: 'invalid_action', message: 'the episode has ended', causes: [] });
    if (action.type === 'request_info') return this.requestInfo(action.topic);
    if (this.stepsLeft() === 0 || this.timeLeftSec() <= 0) {
      this.finish();
      return this.observe(this.stepCount, false, 'The budget is spent; the episode ends with your best valid submission.', { kind: 'budget_exhausted', message: 'no steps or time left', causes: [] });
    }
    this.stepCount++;
    const step = this.stepCount;
    if (action.type === 'submit') return this.submit(step, action.step);
    const result = await this.runCode(step, action.code, action.type === 'execute_code');
    if (this.stepsLeft() === 0 || this.timeLeftSec() <= 0) this.finish();
    return { ...result, done: this.finished };
  }

  private async requestInfo(topic: string): Promise<Observation> {
    const known = (INFO_TOPICS as readonly string[]).includes(topic);
    if (!known || this.infoRequests >= MAX_INFO_REQUESTS) {
      const message = known ? `at most ${MAX_INFO_REQUESTS} information requests per episode` : `unknown topic ${quoted(topic)}; one of ${INFO_TOPICS.join(', ')}`;
      return this.observe(this.stepCount, false, message, { kind: 'invalid_action', message, causes: [] });
    }
    this.infoRequests++;
    const text = await taskInfo(this.task, topic as (typeof INFO_TOPICS)[number], { stepsLeft: this.stepsLeft(), timeLeftSec: this.timeLeftSec() });
    this.options.onStep({ step: this.stepCount, action: 'request_info', topic, ok: true, wallMs: 0, cpuMs: 0, observation: text });
    return this.observe(this.stepCount, true, text);
  }

  /**
   * Writes the step's script under a name that did not exist: the code may have planted
   * `step_<n>.py` (a FIFO, a link) for the harness to trip over, so that name is never reused.
   */
  private async writeScript(step: number, code: string): Promise<string> {
    const plain = `step_${step}.py`;
    try {
      await this.sandbox.writeFile(plain, code, { exclusive: true });
      return plain;
    } catch (err) {
      if (!(err instanceof UnsafeFileError)) throw err;
      const fresh = `step_${step}_${randomBytes(4).toString('hex')}.py`;
      await this.sandbox.writeFile(fresh, code, { exclusive: true });
      return fresh;
    }
  }

  private async runCode(step: number, code: string, score: boolean): Promise<Observation> {
    const file = await this.writeScript(step, code);
    const timeoutSec = Math.max(1, Math.min(this.options.stepTimeoutSec, this.timeLeftSec()));
    const result = await this.sandbox.exec(['/usr/bin/python3', file], { timeoutSec, outputLimitBytes: OUTPUT_LIMIT });
    const error = executionError(result, timeoutSec, this.task.manifest.limits.memoryMb);
    const lines = [
      `${score ? 'execute_code' : 'validate_code'} step ${step}: ${error ? `failed (${error.kind})` : 'ran successfully'} in ${(result.wallMs / 1000).toFixed(1)} s`,
      result.stdout ? `stdout:\n${result.stdout}` : '',
      result.stderr ? `stderr:\n${result.stderr}` : '',
    ];
    let submission: StepRecord['submission'];
    let finalError = error;
    if (score && !error) {
      submission = await this.gradeNewSubmission(step);
      if (submission === undefined) lines.push('No new submission.csv was written by this step.');
      else if (submission.valid) lines.push(`submission.csv is valid. Public leaderboard score (${this.task.manifest.metric.name}): ${submission.publicScore}`);
      else finalError = this.lastSubmissionError;
    }
    if (finalError && finalError.kind === 'invalid_submission') lines.push(`submission.csv is invalid:\n${finalError.message}`);
    if (finalError && finalError.kind !== 'invalid_submission') lines.push(`error: ${finalError.message}`, ...finalError.causes.map((c) => `likely cause: ${c}`));
    if (!score && !error) lines.push('validate_code does not score submissions.');
    lines.push(`Steps left: ${this.stepsLeft()}; time left: ${Math.floor(this.timeLeftSec())} s.`);
    const text = lines.filter(Boolean).join('\n');
    this.options.onStep({
      step,
      action: score ? 'execute_code' : 'validate_code',
      code,
      ok: !finalError,
      error: finalError,
      stdout: result.stdout,
      stderr: result.stderr,
      wallMs: result.wallMs,
      cpuMs: result.cpuMs,
      submission,
      observation: text,
    });
    return { ...this.observe(step, !finalError, text, finalError), stdout: result.stdout, stderr: result.stderr, ...(submission?.valid ? { publicScore: submission.publicScore ?? undefined } : {}) };
  }

  /** Grades ./submission.csv when this step wrote a new one; undefined when it did not. */
  private async gradeNewSubmission(step: number): Promise<StepRecord['submission']> {
    const copy = stepSubmissionFile(this.options.episodeDir, step);
    await mkdir(path.dirname(copy), { recursive: true });
    // A re-run episode starts over in the same directory.
    await rm(copy, { force: true });
    const { manifest } = this.task;
    const maxBytes = maxSubmissionBytes(manifest.split.rows.test, submissionFormat(manifest).valueColumns.length + 1);
    let sha256: string;
    try {
      sha256 = (await copyOut(this.sandbox, 'submission.csv', copy, maxBytes)).sha256;
    } catch (err) {
      await rm(copy, { force: true });
      if (!(err instanceof UnsafeFileError)) throw err;
      if (err.kind === 'missing') return undefined;
      // Refused before a byte was copied: a link, a FIFO or device, a file far over the size limit.
      this.lastSubmissionHash = null;
      this.lastSubmissionError = submissionError([{ code: REFUSAL_CODES[err.kind], message: err.message.replace(/^"submission\.csv"/, './submission.csv') }]);
      return { valid: false, publicScore: null, privateScore: null, file: `(not copied: ${err.kind})` };
    }
    if (sha256 === this.lastSubmissionHash) {
      await rm(copy, { force: true });
      return undefined;
    }
    this.lastSubmissionHash = sha256;
    const report = await gradeSubmission(this.task, copy);
    const graded = { valid: report.valid, publicScore: report.publicScore, privateScore: report.score, file: copy };
    if (report.valid) this.graded.set(step, graded);
    else this.lastSubmissionError = submissionError(report.errors.map((e) => ({ ...e, message: e.message.replaceAll(copy, './submission.csv') })));
    return graded;
  }

  private submit(step: number, chosen: number | undefined): Observation {
    this.submitted = true;
    let text: string;
    if (chosen !== undefined && this.graded.has(chosen)) {
      this.chosenStep = chosen;
      text = `Submitted the submission of step ${chosen}.`;
    } else {
      const last = [...this.graded.keys()].pop();
      text = last === undefined ? 'Submitted, but no valid submission was ever written: no score.' : `${chosen !== undefined ? `Step ${chosen} has no valid submission; ` : ''}submitted the last valid submission (step ${last}).`;
    }
    this.options.onStep({ step, action: 'submit', ok: true, wallMs: 0, cpuMs: 0, observation: text });
    this.finish();
    return this.observe(step, true, text);
  }

  private finish(): void {
    this.finished = true;
  }

  private observe(step: number, ok: boolean, text: string, error?: AgentFacingError): Observation {
    return { step, text, ok, ...(error ? { error } : {}), stepsLeft: this.stepsLeft(), timeLeftSec: this.timeLeftSec(), done: this.finished };
  }

  /** The outcome: the chosen valid submission, else the last valid one. */
  result(): EpisodeResult {
    const finalStep = this.chosenStep ?? [...this.graded.keys()].pop() ?? null;
    const final = finalStep === null ? undefined : this.graded.get(finalStep);
    return {
      finalStep,
      score: final?.privateScore ?? null,
      publicScore: final?.publicScore ?? null,
      valid: Boolean(final),
      steps: this.stepCount,
      submitted: this.submitted,
    };
  }
}
