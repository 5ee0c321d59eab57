import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaselineAgent } from '../../agents/baselines/baseline-agent.js';
import { BASELINE_IDS } from '../../agents/baselines/population.js';
import { solverCode, solverConfig, type SolverConfig } from '../../agents/baselines/solver-code.js';
import type { Action, Agent, EpisodeEnvironment, Observation } from '../../harness/arena/types.js';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { submissionFormat } from '../../harness/grading/submission-format.js';
import { csvField, scanCsvFile } from '../../harness/tabular/csv.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

const run = promisify(execFile);

/** Temp dirs made by this file, removed at the end. */
const scratchDirs: string[] = [];
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
}

interface FakeStep {
  step: number;
  action: Action['type'];
  config?: SolverConfig;
  ok: boolean;
  stdout?: string;
  publicScore?: number;
  privateScore?: number;
  submission?: string;
}

interface FakeOptions {
  maxSteps?: number;
  totalTimeSec?: number;
  /** A virtual clock: each execution costs this many seconds of the episode, whatever it took. */
  secondsPerExecute?: number;
  /** The first n executions fail as a crashing script would, without running. */
  failExecutes?: number;
  /** Overrides the public score the agent is shown (the real one is kept in the step). */
  showPublic?: (step: FakeStep) => number;
}

/**
 * A stand-in for the arena's environment: runs each step's code with Debian's Python in a temp
 * workspace (the solver reads the task's data/public through CONFIG.data_dir), grades every
 * submission.csv with the real grader, and keeps the private scores the agent never sees.
 */
class FakeEnvironment implements EpisodeEnvironment {
  readonly steps: FakeStep[] = [];
  private readonly workspace = scratch('baseline-ws-');
  private readonly gradedDir = scratch('baseline-graded-');
  private used = 0;
  private startedAt = 0;
  private failuresLeft: number;
  private finished = false;
  private chosen: number | null = null;

  constructor(
    private readonly task: Task,
    private readonly options: FakeOptions = {},
  ) {
    this.failuresLeft = options.failExecutes ?? 0;
  }

  get taskId(): string {
    return this.task.manifest.id;
  }

  get done(): boolean {
    return this.finished;
  }

  private stepsLeft(): number {
    return (this.options.maxSteps ?? 10) - this.used;
  }

  private timeLeftSec(): number {
    const { secondsPerExecute } = this.options;
    const executions = this.steps.filter((s) => s.action === 'execute_code').length;
    const spent = secondsPerExecute === undefined ? (performance.now() - this.startedAt) / 1000 : executions * secondsPerExecute;
    return Math.max(0, (this.options.totalTimeSec ?? 1800) - spent);
  }

  private observe(step: number, ok: boolean, extra: Partial<Observation> = {}): Observation {
    return { step, text: '', ok, stepsLeft: this.stepsLeft(), timeLeftSec: this.timeLeftSec(), done: this.finished, ...extra };
  }

  async start(): Promise<Observation> {
    this.startedAt = performance.now();
    return this.observe(0, true);
  }

  async step(action: Action): Promise<Observation> {
    if (this.finished) throw new Error('step after the episode ended');
    if (action.type === 'request_info') return this.observe(this.used, true, { text: `info: ${action.topic}` });
    if (this.stepsLeft() <= 0) {
      this.finished = true;
      return this.observe(this.used, false, { error: { kind: 'budget_exhausted', message: 'no steps left', causes: [] } });
    }
    const step = ++this.used;
    if (action.type === 'submit') {
      const graded = this.steps.find((s) => s.step === action.step && s.privateScore !== undefined);
      this.chosen = graded ? graded.step : null;
      this.steps.push({ step, action: 'submit', ok: true });
      this.finished = true;
      return this.observe(step, true);
    }
    if (action.type === 'validate_code') throw new Error('baselines never validate');
    const obs = await this.execute(step, action.code);
    // As in the arena: spending the last step or second ends the episode.
    if (this.stepsLeft() <= 0 || this.timeLeftSec() <= 0) this.finished = true;
    return { ...obs, done: this.finished };
  }

  private async execute(step: number, code: string): Promise<Observation> {
    const record: FakeStep = { step, action: 'execute_code', config: configOf(code), ok: false };
    this.steps.push(record);
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      return this.observe(step, false, { error: { kind: 'runtime_error', message: 'MemoryError (simulated)', causes: [] } });
    }
    const file = path.join(this.workspace, `step_${step}.py`);
    const submission = path.join(this.workspace, 'submission.csv');
    writeFileSync(file, code);
    rmSync(submission, { force: true });
    try {
      const out = await run('/usr/bin/python3', [file], { cwd: this.workspace, timeout: 300_000, maxBuffer: 16 << 20 });
      record.stdout = out.stdout;
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? String(err);
      return this.observe(step, false, { error: { kind: 'runtime_error', message: stderr.slice(-2000), causes: [] } });
    }
    if (!existsSync(submission)) return this.observe(step, false, { error: { kind: 'no_submission', message: 'no submission.csv', causes: [] } });
    const copy = path.join(this.gradedDir, `step_${step}.csv`);
    copyFileSync(submission, copy);
    const report = await gradeSubmission(this.task, copy);
    record.submission = readFileSync(copy, 'utf8');
    if (!report.valid) {
      const message = report.errors.map((e) => e.message).join('; ');
      return this.observe(step, false, { error: { kind: 'invalid_submission', message, causes: [] } });
    }
    record.ok = true;
    record.privateScore = report.score!;
    record.publicScore = report.publicScore!;
    const shown = this.options.showPublic?.(record) ?? report.publicScore!;
    return this.observe(step, true, { publicScore: shown, stdout: record.stdout });
  }

  /** The step that counts: the chosen one, else the last valid one (as the arena decides). */
  final(): FakeStep | undefined {
    const valid = this.steps.filter((s) => s.privateScore !== undefined);
    return valid.find((s) => s.step === this.chosen) ?? valid.at(-1);
  }

  executions(): FakeStep[] {
    return this.steps.filter((s) => s.action === 'execute_code');
  }
}

/** The line `CONFIG = json.loads(...)` of a step's code. */
const configLine = (code: string) => code.split('\n').find((l) => l.startsWith('CONFIG = json.loads('))!;

/** The config the agent put in the step's code. */
function configOf(code: string): SolverConfig {
  const line = configLine(code);
  const literal = line.slice(line.indexOf('json.loads(') + 'json.loads('.length, line.lastIndexOf(')'));
  return JSON.parse(JSON.parse(literal) as string) as SolverConfig;
}

const context = (seed = 0) => ({ seed, signal: new AbortController().signal, recordLlmCall: () => {} });

function agentFor(level: string, task: Task): Agent {
  return createBaselineAgent(`baseline:${level}`, task.manifest, { dataDir: task.paths.publicDir });
}

async function play(level: string, task: Task, options: FakeOptions = {}, seed = 0): Promise<FakeEnvironment> {
  const env = new FakeEnvironment(task, options);
  await agentFor(level, task).play(env, context(seed));
  return env;
}

/** One column of a CSV file, by name. */
async function column(file: string, name: string): Promise<string[]> {
  let at = -1;
  const values: string[] = [];
  await scanCsvFile(file, (fields, index) => {
    if (index === 0) at = fields.indexOf(name);
    else values.push(fields[at]!);
  });
  return values;
}

/**
 * The trivial value of a task, computed independently of the solver: the trivial submission
 * (majority class, class priors, or the train mean/median) built here and graded by the grader.
 */
async function trivialValue(task: Task): Promise<number> {
  const { manifest: m, paths } = task;
  const format = submissionFormat(m);
  const ids = await column(paths.test, m.idColumn);
  const truth = await column(paths.train, m.targetColumns[0]!);
  let row: (string | number)[];
  if (format.inputKind === 'values') {
    const ys = truth.map(Number).sort((a, b) => a - b);
    const median = ys.length % 2 ? ys[(ys.length - 1) / 2]! : (ys[ys.length / 2 - 1]! + ys[ys.length / 2]!) / 2;
    row = [['mae', 'median_ae', 'mape'].includes(m.metric.name) ? median : ys.reduce((a, b) => a + b, 0) / ys.length];
  } else {
    const prior = format.classes.map((c) => truth.filter((t) => t === c).length / truth.length);
    const majority = format.classes[prior.indexOf(Math.max(...prior))]!;
    if (format.inputKind === 'labels') row = [majority];
    else if (format.inputKind === 'binary-scores') row = [prior[format.positiveClass]!];
    else row = prior;
  }
  const file = path.join(scratch('baseline-trivial-'), 'submission.csv');
  const header = m.submission.columns.map((c) => c.name).join(',');
  writeFileSync(file, [header, ...ids.map((id) => [id, ...row].join(','))].join('\n') + '\n');
  const report = await gradeSubmission(task, file);
  expect(report.valid, JSON.stringify(report.errors)).toBe(true);
  return report.score!;
}

async function records(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  await scanCsvFile(file, (fields) => void rows.push(fields.slice()));
  return rows;
}

const toCsv = (rows: string[][]) => rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';

/** A copy of a task with only its first train and test rows, to keep slow tasks quick. */
async function smaller(task: Task, trainRows: number, testRows: number): Promise<Task> {
  const { manifest: m, paths } = task;
  const dir = path.join(scratch('baseline-smaller-'), m.id);
  mkdirSync(path.join(dir, 'data', 'public'), { recursive: true });
  mkdirSync(path.join(dir, 'data', 'private'), { recursive: true });
  const [train, test, sample, answers] = await Promise.all([paths.train, paths.test, paths.sampleSubmission, paths.answers].map(records));
  const kept = test!.slice(0, testRows + 1);
  const ids = new Set(kept.slice(1).map((r) => r[kept[0]!.indexOf(m.idColumn)]!));
  const sameIds = (rows: string[][]) => [rows[0]!, ...rows.slice(1).filter((r) => ids.has(r[rows[0]!.indexOf(m.idColumn)]!))];
  writeFileSync(path.join(dir, 'data', 'public', 'train.csv'), toCsv(train!.slice(0, trainRows + 1)));
  writeFileSync(path.join(dir, 'data', 'public', 'test.csv'), toCsv(kept));
  writeFileSync(path.join(dir, 'data', 'public', 'sample_submission.csv'), toCsv(sameIds(sample!)));
  writeFileSync(path.join(dir, 'data', 'private', 'answers.csv'), toCsv(sameIds(answers!)));
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ ...m, split: { ...m.split, rows: { train: trainRows, test: testRows } } }));
  copyFileSync(paths.description, path.join(dir, 'description.md'));
  return loadTask(dir);
}

/** Human-v1 tasks from the repository when prepared there, else prepared in a temp dir. */
async function humanTasks(ids: string[]): Promise<Map<string, Task>> {
  const prepared = (id: string) => existsSync(path.resolve('tasks/human-v1', id, 'data', 'private', 'answers.csv'));
  const missing = ids.filter((id) => !prepared(id));
  const tasks = missing.length ? (await preparedSuite(missing, 'baseline-tasks')).tasks : [];
  for (const id of ids.filter(prepared)) tasks.push(await loadTask(path.resolve('tasks/human-v1', id)));
  return new Map(tasks.map((t) => [t.manifest.id, t]));
}

const better = (task: Task, a: number, b: number) => (task.manifest.metric.higherIsBetter ? a > b : a < b);
const MODELS = ['trivial', 'linear', 'forest', 'gbm'] as const;

// Binary (probability, labels), multiclass (probabilities, labels, dates), regression (both
// directions), text and image, each small enough (the e-mails cut to 1500/600 rows) for the
// whole file to stay within minutes.
const TASKS = [
  'iris-species',
  'breast-cancer-diagnosis',
  'diabetes-progression',
  'boston-house-prices',
  'seattle-weather-type',
  'spambase-spam-detection',
  'digits-recognition',
  'spam-assassin-email',
];
let tasks: Map<string, Task>;
const results = new Map<string, Record<string, { score: number; seconds: number }>>();

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  const rows = [...results].map(([id, r]) => `${id.padEnd(26)} ${MODELS.map((l) => `${l} ${r[l]?.score.toFixed(4)} (${r[l]?.seconds.toFixed(1)} s)`).join('  ')}`);
  if (rows.length) console.log(`private scores:\n${rows.join('\n')}`);
});

beforeAll(async () => {
  tasks = await humanTasks([...TASKS]);
  tasks.set('spam-assassin-email', await smaller(tasks.get('spam-assassin-email')!, 1500, 600));
});

describe('baseline agents on human-v1 tasks', () => {
  it.each(TASKS)('every level writes a valid submission on %s, trivial scoring the trivial value', { timeout: 240_000 }, async (id) => {
    const task = tasks.get(id)!;
    const scores: Record<string, { score: number; seconds: number }> = {};
    for (const level of MODELS) {
      const started = performance.now();
      const env = await play(level, task);
      const [execution, ...more] = env.executions();
      expect(more, `${level} needed a retry: ${execution?.ok}`).toHaveLength(0);
      expect(execution!.config!).toMatchObject({ model: level, seed: 0, timeLimitSec: task.manifest.limits.stepTimeoutSec });
      expect(env.final()?.step, `${level} left no valid submission`).toBe(execution!.step);
      expect(env.steps.at(-1)!.action).toBe('submit');
      scores[level] = { score: env.final()!.privateScore!, seconds: (performance.now() - started) / 1000 };
    }
    results.set(id, scores);
    expect(scores['trivial']!.score).toBeCloseTo(await trivialValue(task), 6);
  });

  it('trivial scores are the textbook trivial values', () => {
    const trivial = (id: string) => results.get(id)!['trivial']!.score;
    expect(trivial('breast-cancer-diagnosis')).toBe(0.5); // roc_auc of a constant score
    expect(trivial('diabetes-progression')).toBeLessThanOrEqual(0); // r2 of the train mean
    expect(trivial('diabetes-progression')).toBeGreaterThan(-0.05);
    expect(trivial('iris-species')).toBeCloseTo(Math.log(3), 1); // log loss of near-uniform priors
    expect(trivial('spambase-spam-detection')).toBe(0); // f1 of always predicting the majority "nonspam"
  });

  it('forest and gbm beat trivial on (almost) every task, linear on most', () => {
    const beats = (level: string) => TASKS.filter((id) => better(tasks.get(id)!, results.get(id)![level]!.score, results.get(id)!['trivial']!.score));
    expect(results.size).toBe(TASKS.length);
    expect(beats('gbm').length).toBeGreaterThanOrEqual(TASKS.length - 1);
    expect(beats('forest').length).toBeGreaterThanOrEqual(TASKS.length - 1);
    expect(beats('linear').length).toBeGreaterThanOrEqual(TASKS.length - 2);
  });
});

describe('baseline:ladder', () => {
  it('climbs trivial → gbm and submits the best public score (a loss: lowest)', { timeout: 120_000 }, async () => {
    const task = tasks.get('iris-species')!;
    expect(task.manifest.metric.higherIsBetter).toBe(false);
    const env = await play('ladder', task);
    const runs = env.executions();
    expect(runs.map((s) => s.config!.model)).toEqual([...MODELS]);
    const best = runs.reduce((a, b) => (better(task, b.publicScore!, a.publicScore!) ? b : a));
    expect(env.steps.at(-1)!.action).toBe('submit');
    expect(env.final()!.step).toBe(best.step);
  });

  it('picks the best step even when it is not the last (a gain: highest)', { timeout: 120_000 }, async () => {
    const task = tasks.get('diabetes-progression')!;
    expect(task.manifest.metric.higherIsBetter).toBe(true);
    // The public scores shown make linear look best.
    const env = await play('ladder', task, { showPublic: (s) => (s.config!.model === 'linear' ? 0.9 : 0.1) });
    expect(env.final()!.config!.model).toBe('linear');
    expect(env.executions()).toHaveLength(4);
  });

  it('stops climbing when steps run out, keeping one step to submit', async () => {
    const env = await play('ladder', tasks.get('iris-species')!, { maxSteps: 3 });
    expect(env.executions().map((s) => s.config!.model)).toEqual(['trivial', 'linear']);
    expect(env.steps.at(-1)!.action).toBe('submit');
    expect(env.final()).toBeDefined();
  });

  it('with a single step, runs trivial and lets the episode end on it', async () => {
    const env = await play('ladder', tasks.get('iris-species')!, { maxSteps: 1 });
    expect(env.steps.map((s) => [s.action, s.config?.model])).toEqual([['execute_code', 'trivial']]);
    expect(env.done).toBe(true);
    expect(env.final()!.step).toBe(1);
  });

  it('stops climbing when time runs out, and gives each step only the time left', async () => {
    const env = await play('ladder', tasks.get('iris-species')!, { totalTimeSec: 100, secondsPerExecute: 40 });
    const runs = env.executions();
    expect(runs.map((s) => s.config!.model)).toEqual(['trivial', 'linear']);
    expect(runs.map((s) => s.config!.timeLimitSec)).toEqual([95, 55]);
    expect(env.steps.at(-1)!.action).toBe('submit');
  });
});

describe('baseline failures and levels', () => {
  it('retries once with the next simpler model after a failing step', async () => {
    const env = await play('gbm', tasks.get('iris-species')!, { failExecutes: 1 });
    expect(env.executions().map((s) => [s.config!.model, s.ok])).toEqual([['gbm', false], ['forest', true]]);
    expect(env.final()!.config!.model).toBe('forest');
    expect(env.steps.at(-1)!.action).toBe('submit');
  });

  it('a single level uses even the last step: the episode ends on its submission', async () => {
    const env = await play('linear', tasks.get('iris-species')!, { maxSteps: 1 });
    expect(env.steps.map((s) => [s.action, s.config?.model])).toEqual([['execute_code', 'linear']]);
    expect(env.done).toBe(true);
    expect(env.final()!.step).toBe(1);
  });

  it('retries only once, and trivial has nothing simpler to fall back to', async () => {
    const twice = await play('linear', tasks.get('iris-species')!, { failExecutes: 2 });
    expect(twice.executions().map((s) => s.config!.model)).toEqual(['linear', 'trivial']);
    expect(twice.final()).toBeUndefined();
    expect(twice.steps.at(-1)!.action).toBe('submit');
    const trivial = await play('trivial', tasks.get('iris-species')!, { failExecutes: 1 });
    expect(trivial.executions()).toHaveLength(1);
  });

  it('writes a CONFIG line Python reads back exactly, with sandbox paths by default', async () => {
    const m = manifest({ id: 'odd-classes', classes: ['a"b', 'naïve\nline', "it's", '\\'], metric: { name: 'accuracy', higherIsBetter: true, params: { positiveClass: 'x' } } });
    const config = solverConfig({ model: 'forest' }, m, { seed: 3, timeLimitSec: 42.7 });
    expect(config).toMatchObject({ model: 'forest', seed: 3, data_dir: '/data', positiveClass: 'x', threads: 1, timeLimitSec: 42 });
    const code = solverCode(config, { install: true });
    expect(code.split('\n')[0]).toBe('# forest on numeric, category, date, text, image features');
    const { stdout } = await run('/usr/bin/python3', ['-c', `import json\n${configLine(code)}\nprint(json.dumps(CONFIG))`]);
    expect(JSON.parse(stdout)).toEqual(config);
    expect(configOf(code)).toEqual(config);
  });

  it('knows its levels and rejects unknown ones', () => {
    const m = tasks.get('iris-species')!.manifest;
    expect(BASELINE_IDS.slice(0, 5)).toEqual(['baseline:trivial', 'baseline:linear', 'baseline:forest', 'baseline:gbm', 'baseline:ladder']);
    for (const id of BASELINE_IDS) expect(createBaselineAgent(id, m)).toMatchObject({ id, kind: 'baseline' });
    expect(() => createBaselineAgent('baseline:neural', m)).toThrow(/unknown baseline "baseline:neural": use one of baseline:trivial, baseline:linear, baseline:forest, baseline:gbm, baseline:ladder/);
    expect(() => createBaselineAgent('gbm', m)).toThrow(/unknown baseline "gbm"/);
  });
});

/**
 * A table as generated tasks will bring them: missing values, a categorical string with a level
 * unseen in train, dates, a constant, an id-like string and an id-like number, integer-looking
 * class names ("0"/"1").
 */
async function messyTask(): Promise<Task> {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const header = 'id,x,colour,day,constant,username,row_id';
  const rows = Array.from({ length: 600 }, (_, i) => {
    const x = random();
    const colour = i >= 400 && i % 25 === 0 ? 'purple' : (['red', 'green', 'blue'][Math.floor(random() * 3)] as string);
    const day = new Date(Date.UTC(2021, 0, 1 + Math.floor(random() * 365)));
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const label = x + (colour === 'red' ? 0.45 : 0) + (weekend ? 0.35 : 0) > 0.8 ? '1' : '0';
    const cells = [`r${i}`, i % 9 === 0 ? '' : x.toFixed(4), i % 13 === 0 ? '' : colour, i % 17 === 0 ? '' : day.toISOString().slice(0, 10), 'same', `user-${i * 7919}`, String(1000 + 3 * i)];
    return { id: `r${i}`, line: cells.join(','), label, board: (i % 2 ? 'public' : 'private') as 'public' | 'private' };
  });
  const train = rows.slice(0, 400);
  const test = rows.slice(400);
  const m = manifest({
    id: 'messy-table',
    objective: 'binary',
    classes: ['0', '1'],
    metric: { name: 'accuracy', higherIsBetter: true, params: {} },
    targetColumns: ['label'],
    submission: { columns: [{ name: 'id', type: 'id' }, { name: 'label', type: 'label' }] },
    split: { seed: 0, rows: { train: train.length, test: test.length }, publicLeaderboardFraction: 0.5 },
  });
  const dir = writeGradableTask(scratch('baseline-messy-'), m, test.map((r) => ({ id: r.id, target: r.label, board: r.board })));
  const pub = path.join(dir, 'data', 'public');
  mkdirSync(pub, { recursive: true });
  writeFileSync(path.join(pub, 'train.csv'), [`${header},label`, ...train.map((r) => `${r.line},${r.label}`)].join('\n') + '\n');
  writeFileSync(path.join(pub, 'test.csv'), [header, ...test.map((r) => r.line)].join('\n') + '\n');
  writeFileSync(path.join(pub, 'sample_submission.csv'), ['id,label', ...test.map((r) => `${r.id},0`)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'description.md'), 'A messy fixture table.\n');
  return loadTask(dir);
}

describe('baselines on a messy table', () => {
  it('every level copes: valid submissions, learned signal, sensible features', { timeout: 120_000 }, async () => {
    const task = await messyTask();
    const scores: Record<string, number> = {};
    for (const level of MODELS) {
      const env = await play(level, task);
      const [run] = env.executions();
      expect(env.executions(), `${level}: ${JSON.stringify(env.steps)}`).toHaveLength(1);
      expect(run!.ok, level).toBe(true);
      scores[level] = env.final()!.privateScore!;
      if (level === 'trivial') continue;
      expect(run!.stdout).toMatch(/date: day/);
      expect(run!.stdout).toMatch(/drop: constant, username, row_id/);
      expect(run!.stdout).toMatch(/category: colour/);
    }
    for (const level of ['linear', 'forest', 'gbm']) expect(scores[level]!, JSON.stringify(scores)).toBeGreaterThan(scores['trivial']! + 0.1);
  });

  it('is deterministic given the seed', { timeout: 120_000 }, async () => {
    const task = await messyTask();
    for (const level of ['forest', 'gbm']) {
      const [first, second] = [await play(level, task, {}, 7), await play(level, task, {}, 7)].map((env) => env.executions()[0]!);
      expect(first!.config!.seed).toBe(7);
      expect(first!.submission, level).toBeDefined();
      expect(second!.submission, level).toBe(first!.submission);
    }
  });
});
