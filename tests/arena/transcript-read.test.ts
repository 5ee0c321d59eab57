import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript, Transcript, TranscriptLineError, type LenientReadOptions, type TranscriptEntry } from '../../harness/arena/transcript.js';
import type { LenientRecord } from '../../harness/arena/transcript-records.js';
import { tempDir } from '../helpers/fixture-task.js';

const root = tempDir('transcript-read-');

async function read(file: string, options?: LenientReadOptions): Promise<TranscriptEntry<LenientRecord>[]> {
  const out = [];
  for await (const e of options ? readTranscript(file, options) : readTranscript(file)) out.push(e);
  return out;
}

/** A transcript as the harness writes it now: header, action, step, model call, result. */
function currentTranscript(name: string): string {
  const file = path.join(root, name, 'transcript.jsonl');
  const t = new Transcript(file);
  t.reset({ kind: 'episode', id: 's/t/a/seed-0', task: 't', agent: 'replay:x', agentKind: 'replay', seed: 0, startedAt: '2026-12-02T00:00:00.000Z' });
  t.write({ kind: 'action', action: { type: 'execute_code', code: 'print(1)' } });
  t.write({ kind: 'step', step: 1, action: 'execute_code', code: 'print(1)', ok: true, stdout: '1', wallMs: 5, cpuMs: 4, observation: 'ran', submission: { valid: true, publicScore: 0.5, privateScore: 0.4 } });
  t.write({ kind: 'llm_call', model: 'gpt-4o', inputTokens: 10, outputTokens: 2, costUsd: 0.001, latencyMs: 30, cached: false });
  t.write({ kind: 'result', status: 'completed', finalStep: 1, score: 0.4, publicScore: 0.5, valid: true, steps: 1, error: null, stopReason: 'submitted', wallMs: 50 });
  return file;
}

/** Lines of the shapes older transcripts and fixtures have, one of each. */
const LEGACY_LINES = [
  { kind: 'episode', id: 'old' },
  { type: 'execute_code', code: 'print(2)' },
  { kind: 'step', step: 1, code: 'print(2)', stdout: '2', at: 'then' },
  { kind: 'llm_call', model: 'gpt-4o' },
  { kind: 'action', action: { type: 'submit' } },
];

function legacyTranscript(name: string): string {
  const file = path.join(root, `${name}.jsonl`);
  writeFileSync(file, LEGACY_LINES.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('reading a transcript through its schema', () => {
  it('reads a current transcript strictly: every record typed, with its line and time, none marked legacy', async () => {
    const entries = await read(currentTranscript('current'));
    expect(entries.map((e) => [e.line, e.record.kind])).toEqual([
      [1, 'episode'],
      [2, 'action'],
      [3, 'step'],
      [4, 'llm_call'],
      [5, 'result'],
    ]);
    expect(entries.every((e) => e.legacy === undefined && typeof e.at === 'string')).toBe(true);
    expect(entries[2]!.record).toMatchObject({ kind: 'step', step: 1, stdout: '1', submission: { valid: true, privateScore: 0.4 } });
    // A lenient read of a current transcript reads the same.
    expect(await read(currentTranscript('current-lenient'), { legacy: true })).toEqual(entries.map((e) => ({ ...e, at: expect.any(String) })));
  });

  it('refuses a legacy line when strict, naming the file and line', async () => {
    const file = legacyTranscript('legacy-strict');
    const error = await read(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptLineError);
    expect(error).toMatchObject({ file, line: 1 });
    expect((error as Error).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, line 1: field `));
  });

  it('maps each legacy shape onto the records when lenient, each entry saying which shape and what it lacked', async () => {
    const entries = await read(legacyTranscript('legacy'), { legacy: true });
    expect(entries.map((e) => e.record)).toEqual([
      { kind: 'episode', id: 'old' },
      { kind: 'action', action: { type: 'execute_code', code: 'print(2)' } },
      { kind: 'step', step: 1, code: 'print(2)', stdout: '2' },
      { kind: 'llm_call', model: 'gpt-4o' },
      { kind: 'action', action: { type: 'submit' } },
    ]);
    expect(entries.map((e) => e.legacy)).toEqual([
      'episode record written before the transcript schema, without at, task, agent, agentKind, seed, startedAt',
      'a bare action, as replay files are written',
      'step record written before the transcript schema, without action, ok, wallMs, cpuMs, observation',
      'llm_call record written before the transcript schema, without at, inputTokens, outputTokens, costUsd, latencyMs, cached',
      'action record written before the transcript schema, without at',
    ]);
    expect(entries[2]!.at).toBe('then');
  });

  it.each([
    ['not JSON', '{"kind": "st', /line 3: not JSON/],
    ['an unknown kind', JSON.stringify({ kind: 'scratch', at: 'x' }), /line 3: no record of any shape: field kind: /],
    ['a field of the wrong type', JSON.stringify({ kind: 'step', step: 'two', at: 'x' }), /line 3: no record of any shape: field step: /],
    ['a malformed bare action', JSON.stringify({ type: 'execute_code' }), /line 3: no record of any shape: neither a record \(no kind\) nor a bare action; field code: /],
  ])('a corrupt line (%s) is an error naming the file and line, even when lenient', async (_what, corrupt, reason) => {
    const file = currentTranscript(`corrupt-${_what.replace(/\W+/g, '-')}`);
    writeFileSync(file, JSON.stringify({ kind: 'episode', id: 'x' }) + '\n' + JSON.stringify({ kind: 'action', action: { type: 'submit' } }) + '\n' + corrupt + '\n' + JSON.stringify({ kind: 'action', action: { type: 'submit' } }) + '\n');
    const error = await read(file, { legacy: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptLineError);
    expect(error).toMatchObject({ file, line: 3 });
    expect((error as Error).message.startsWith(`${file}, line 3: `)).toBe(true);
    expect((error as Error).message).toMatch(reason);
  });

  it('hands unreadable lines to onUnreadable and reads on: a line cut mid-write, an oversized one', async () => {
    const file = currentTranscript('cut');
    appendFileSync(file, `{"at":"x","kind":"step","stdout":"${'y'.repeat(17 << 20)}"}\n`);
    appendFileSync(file, '{"at":"x","kind":"res');
    const unreadable: TranscriptLineError[] = [];
    const entries = await read(file, { legacy: true, onUnreadable: (e) => unreadable.push(e) });
    expect(entries.map((e) => e.record.kind)).toEqual(['episode', 'action', 'step', 'llm_call', 'result']);
    expect(unreadable.map((e) => [e.file, e.line])).toEqual([
      [file, 6],
      [file, 7],
    ]);
    expect(unreadable[0]!.reason).toMatch(/^\d+ bytes, longer than a transcript line can be/);
    expect(unreadable[1]!.reason).toMatch(/not JSON/);
  });
});
