import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore, episodeId } from '../../harness/arena/run-store.js';
import { Transcript, TRANSCRIPT_FIELD_CHARS, transcriptFile } from '../../harness/arena/transcript.js';
import type { TranscriptRecord } from '../../harness/arena/transcript-records.js';
import { buildReportModel } from '../../harness/report/build-model.js';
import { collectRuns, type CollectedRuns } from '../../harness/report/collect.js';
import { DEFAULT_DRILLDOWN_LIMITS, episodePages } from '../../harness/report/html-episodes.js';
import { STEP_TEXT_CHARS } from '../../harness/report/model.js';
import { validateModel } from '../../harness/report/write.js';
import { readBoundedLines } from '../../harness/util/bounded-lines.js';
import { manifest, tempDir } from '../helpers/fixture-task.js';
import { writeLargeFile } from '../helpers/large-file.js';

const root = tempDir('report-transcripts-');
const runDir = path.join(root, 'run-1');
const id = episodeId({ suite: 'fixture-suite', taskId: 'fixture-task', agentId: 'baseline:fixture', seed: 0 });
const transcript = transcriptFile(runDir, id);
const hugeCode = 'c'.repeat(1_000_000);
const longError = 'e'.repeat(50_000);
const bigLineHead = '{"at":"x","kind":"step","step":2,"stdout":"';

/** Transcript lines as the runner wrote them before the schema, for the steps given. */
function stepLines(steps: Record<string, unknown>[]): string {
  const scratch = path.join(tempDir('transcript-lines-'), 't.jsonl');
  const t = new Transcript(scratch);
  t.reset({ kind: 'episode', id, task: 'fixture-task', agent: 'baseline:fixture', agentKind: 'baseline', seed: 0, startedAt: 'now' });
  // Steps of an older shape: no action, no observation.
  for (const s of steps) t.write({ kind: 'step', ok: true, wallMs: 1, cpuMs: 1, ...s } as unknown as TranscriptRecord);
  return readFileSync(scratch, 'utf8').split('\n').slice(1).join('\n');
}

const suiteDir = path.join(root, 'fixture-suite');

/** A run of one episode whose store kept no code or output (as before it did), its suite beside it. */
function runWithoutTexts(dir: string): RunStore {
  mkdirSync(path.join(suiteDir, 'fixture-task'), { recursive: true });
  writeFileSync(path.join(suiteDir, 'fixture-task', 'task.json'), JSON.stringify(manifest({ id: 'fixture-task', anchors: { trivial: 0.3, reference: 0.9, optimum: 1 } })));
  writeFileSync(path.join(suiteDir, 'suite.json'), JSON.stringify({ name: 'fixture-suite', version: '1', origin: 'human', tasks: ['fixture-task'] }));
  mkdirSync(dir, { recursive: true });
  const store = new RunStore(path.join(dir, 'run.sqlite'), path.basename(dir));
  store.ensureRun({});
  store.planEpisodes([{ suite: 'fixture-suite', taskId: 'fixture-task', taskDir: path.join(suiteDir, 'fixture-task'), agentId: 'baseline:fixture', seed: 0 }]);
  store.startEpisode(id, 'baseline');
  return store;
}

beforeAll(async () => {
  const store = runWithoutTexts(runDir);
  for (let step = 1; step <= 3; step++) store.recordStep(id, step - 1, { step, action: 'execute_code', ok: true, wallMs: 1, cpuMs: 1, observation: '' });
  store.recordStep(id, 3, { step: 4, action: 'execute_code', ok: false, error: { kind: 'runtime_error', message: longError, causes: [] }, wallMs: 1, cpuMs: 1, observation: '' });
  store.finishEpisode(id, { status: 'completed', finalStep: null, score: null, publicScore: null, valid: false, steps: 4, error: null, stopReason: 'submitted', wallMs: 10 });
  store.close();

  // Line 1 the header, 2 step 1, 3 a 50 MiB line (step 2), 4 a broken line, 5 step 3, 6 step 4 with
  // code over the transcript's bound, 7 a last line cut mid-write.
  mkdirSync(path.dirname(transcript), { recursive: true });
  await writeLargeFile(transcript, [
    JSON.stringify({ at: 'x', kind: 'episode', id }) + '\n',
    stepLines([{ step: 1, code: 'print(1)', stdout: 'one' }]),
    bigLineHead,
    ['y', 50 << 20],
    '"}\n',
    '{"at": "x", "kind": "step", "st\n',
    stepLines([{ step: 3, code: 'print(3)', stderr: 'Traceback: three' }, { step: 4, code: hugeCode, stdout: 'four' }]),
    '{"at":"x","kind":"res',
  ]);
});

/** Runs `read` while sampling the heap, so a line held whole along the way shows. */
async function measured<T>(read: () => Promise<T>): Promise<{ value: T; heapGrowthMiB: number }> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  try {
    const value = await read();
    return { value, heapGrowthMiB: (Math.max(peak, process.memoryUsage().heapUsed) - base) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

describe('reading transcripts for the report', () => {
  let collected: CollectedRuns;

  it('streams past a 50 MiB line and a broken one, naming each by file and line, and keeps the good steps', async () => {
    const { value, heapGrowthMiB } = await measured(() => collectRuns([runDir]));
    collected = value;
    // Reading the 50 MiB line whole (readFileSync, readline) would alone add 50 MiB.
    expect(heapGrowthMiB).toBeLessThan(30);
    expect(collected.skipped.count).toBe(3);
    expect(collected.skipped.lines.map((l) => [l.file, l.line])).toEqual([
      [transcript, 3],
      [transcript, 4],
      [transcript, 7],
    ]);
    expect(collected.skipped.lines[0]!.reason).toContain(`${bigLineHead.length + (50 << 20) + 2} bytes`);
    expect(collected.skipped.lines[1]!.reason).toMatch(/not JSON/);
    const steps = collected.episodes[0]!.steps;
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    expect(steps[0]).toMatchObject({ code: 'print(1)', output: 'one' });
    expect(steps[1]!.code).toBeUndefined();
    expect(steps[1]!.output).toBeUndefined();
    expect(steps[2]).toMatchObject({ code: 'print(3)', output: 'Traceback: three' });
    // The header and the steps lack fields a record has now: read as far as they go, and said so.
    expect(collected.legacy.count).toBe(4);
    expect(collected.legacy.lines.map((l) => [l.file, l.line])).toEqual([
      [transcript, 1],
      [transcript, 2],
      [transcript, 5],
      [transcript, 6],
    ]);
    expect(collected.legacy.lines[1]!.reason).toBe('step record written before the transcript schema, without action, observation');
  });

  it('keeps code cut by the transcript and clipped on reading, with its length, and the page counts it right', async () => {
    const step = collected.episodes[0]!.steps[3]!;
    // The transcript kept TRANSCRIPT_FIELD_CHARS of the code, its tail saying how much it cut.
    const full = step.codeChars!;
    expect(full).toBe(TRANSCRIPT_FIELD_CHARS);
    const marker = /…\[\+(\d+) chars\]$/.exec(step.code!)!;
    expect(full - marker[0].length + Number(marker[1])).toBe(hugeCode.length);
    expect(step.code!.length).toBeLessThan(STEP_TEXT_CHARS + 100);
    expect(step.output).toBe('four');
    // The stored error is clipped on reading the same way, its length kept.
    expect(step.errorChars).toBe('runtime_error: '.length + longError.length);
    expect(step.error!.length).toBeLessThan(STEP_TEXT_CHARS + 100);
    expect(step.error!.startsWith('runtime_error: eee')).toBe(true);

    const model = validateModel(await buildReportModel(collected, { resamples: 100 }));
    expect(model.labels.join(' ')).toContain(`3 unreadable transcript lines skipped (first: ${transcript} line 3`);
    expect(model.labels.join(' ')).toContain(`4 transcript lines of a shape older than the transcript schema read as far as they go (first: ${transcript} line 1, episode record written before the transcript schema, without task, agent, agentKind, seed, startedAt)`);
    const section = episodePages(model, DEFAULT_DRILLDOWN_LIMITS)[0]!.html;
    const omitted = full - DEFAULT_DRILLDOWN_LIMITS.maxCodeChars;
    expect(section).toContain(`code truncated: ${omitted.toLocaleString('en-US')} of ${full.toLocaleString('en-US')} characters omitted`);
    expect(section).toContain(`[${omitted.toLocaleString('en-US')} characters omitted]`);
    const errorOmitted = step.errorChars! - DEFAULT_DRILLDOWN_LIMITS.maxOutputChars;
    expect(section).toContain(`error truncated: ${errorOmitted.toLocaleString('en-US')} of ${step.errorChars!.toLocaleString('en-US')} characters omitted`);
  });
});

describe('reading a current transcript for the report', () => {
  it('takes code and output from records of the current shape, noting nothing', async () => {
    const dir = path.join(root, 'run-current');
    const store = runWithoutTexts(dir);
    store.recordStep(id, 0, { step: 1, action: 'execute_code', ok: true, wallMs: 1, cpuMs: 1, observation: '' });
    store.finishEpisode(id, { status: 'completed', finalStep: null, score: null, publicScore: null, valid: false, steps: 1, error: null, stopReason: 'submitted', wallMs: 10 });
    store.close();
    const t = new Transcript(transcriptFile(dir, id));
    t.reset({ kind: 'episode', id, task: 'fixture-task', agent: 'baseline:fixture', agentKind: 'baseline', seed: 0, startedAt: 'now' });
    t.write({ kind: 'step', step: 1, action: 'execute_code', code: 'print(1)', ok: true, stdout: 'one', wallMs: 1, cpuMs: 1, observation: 'ran' });
    const collected = await collectRuns([dir]);
    expect(collected.episodes[0]!.steps[0]).toMatchObject({ step: 1, code: 'print(1)', output: 'one' });
    expect(collected.legacy).toEqual({ lines: [], count: 0 });
    expect(collected.skipped).toEqual({ lines: [], count: 0 });
  });
});

describe('readBoundedLines', () => {
  it('gives every line with its number and size, text only within the bound, across read boundaries and UTF-8', async () => {
    const file = path.join(root, 'lines.txt');
    const long = 'é'.repeat(800_000); // 1.6 MB: spans reads of 1 MiB, split inside a character
    writeFileSync(file, `a\n\n${long}\nlast €`);
    const lines = [];
    for await (const line of readBoundedLines(file, 2_000_000)) lines.push(line);
    expect(lines).toEqual([
      { number: 1, bytes: 1, text: 'a' },
      { number: 2, bytes: 0, text: '' },
      { number: 3, bytes: 1_600_000, text: long },
      { number: 4, bytes: 8, text: 'last €' },
    ]);
    const bounded = [];
    for await (const line of readBoundedLines(file, 1_000_000)) bounded.push(line);
    expect(bounded[2]).toEqual({ number: 3, bytes: 1_600_000, text: null });
    expect(bounded[3]!.text).toBe('last €');
  });
});
