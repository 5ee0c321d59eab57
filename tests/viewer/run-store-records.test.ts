import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeList, encodeList } from '../../harness/arena/message-list.js';
import { RunStore } from '../../harness/arena/run-store.js';
import { Transcript, transcriptFile } from '../../harness/arena/transcript.js';
import { episodePage } from '../../harness/viewer/episode-page.js';
import { parseQuery } from '../../harness/viewer/episode-query.js';
import { RunReader } from '../../harness/viewer/run-reader.js';
import { scratchDirs } from '../agents/scratch-dirs.js';

const scratch = scratchDirs();
afterAll(() => scratch.removeAll());

const LEGACY_SCHEMA = readFileSync(path.join(import.meta.dirname, 'fixtures', 'legacy-schema.sql'), 'utf8');
const EPISODE = 's/t/a/seed-0';

/** A run written before transcripts were kept: the old schema, an episode, a step, a model call. */
function legacyRun(): string {
  const file = path.join(scratch.make('legacy-run-'), 'run.sqlite');
  const db = new Database(file);
  db.exec(LEGACY_SCHEMA);
  db.prepare("INSERT INTO runs VALUES ('run', 'x', 'x', '{}')").run();
  db.prepare(`INSERT INTO episodes (id, run_id, suite, task_id, task_dir, agent_id, seed, status, score) VALUES (?, 'run', 's', 't', '/t', 'a', 0, 'completed', 0.5)`).run(EPISODE);
  db.prepare(`INSERT INTO steps (episode_id, seq, step, action, ok, at) VALUES (?, 0, 1, 'execute_code', 1, 'x')`).run(EPISODE);
  db.prepare(`INSERT INTO llm_calls VALUES (?, 0, 'gpt-4o', 10, 5, 0.01, 120, 0, 'x')`).run(EPISODE);
  db.close();
  return file;
}

const call = (text: string) => ({
  provider: 'openai',
  api: 'chat',
  request: { system: 'sys', messages: [{ role: 'user' as const, text }], tools: ['submit'], maxOutputTokens: 100 },
  reply: { text: 'ok', toolCalls: [{ id: 'c1', name: 'submit', rawArguments: '{}' }], stopReason: 'tool_calls' as const, model: 'gpt-4o' },
});

describe('message lists as deltas against the previous call', () => {
  it('round-trips histories that grow at the end and are trimmed at the front', () => {
    let random = 7;
    const next = () => (random = (random * 48271) % 2147483647) / 2147483647;
    let previous: number[] = [];
    let id = 1;
    for (let call = 0; call < 300; call++) {
      const grown = [...previous.slice(next() < 0.2 ? 1 + Math.floor(next() * previous.length) : 0), ...Array.from({ length: 1 + Math.floor(next() * 3) }, () => id++)];
      // A trimmed history gets a new first message (the task with a note of what was left out).
      const current = next() < 0.3 ? [id++, ...grown] : grown;
      const delta = encodeList(previous, current);
      expect(decodeList(previous, delta)).toEqual(current);
      expect(delta.length).toBeLessThanOrEqual(6);
      previous = current;
    }
  });

  it('refuses a range outside the previous list', () => {
    expect(decodeList([1, 2], [[0, 3]])).toBeUndefined();
    expect(decodeList([1, 2], 'x')).toBeUndefined();
  });
});

describe('run stores', () => {
  it('read a run written before transcripts: its calls have counts and no record, its steps no texts', () => {
    const file = legacyRun();
    const reader = new RunStore(file, 'run', { readonly: true });
    expect(reader.episodes().map((e) => e.id)).toEqual([EPISODE]);
    expect(reader.modelCalls(EPISODE)).toEqual([{ seq: 0, model: 'gpt-4o', inputTokens: 10, outputTokens: 5, costUsd: 0.01, latencyMs: 120, cached: false, at: 'x' }]);
    expect(reader.stepTexts(reader.stepsOf(EPISODE)[0]!)).toEqual({});
    reader.close();
  });

  it('show an old run in the viewer, its code and output read from the JSON Lines transcript', async () => {
    const file = legacyRun();
    const transcript = transcriptFile(path.dirname(file), EPISODE);
    mkdirSync(path.dirname(transcript), { recursive: true });
    writeFileSync(transcript, [{ kind: 'episode', id: EPISODE }, { kind: 'step', step: 1, code: 'print(42)', stdout: '42' }, { kind: 'llm_call', model: 'gpt-4o' }].map((r) => JSON.stringify(r)).join('\n') + '\n{"kind": "st');
    const reader = new RunReader([path.dirname(file)]);
    try {
      const view = (await reader.episode(EPISODE))!;
      expect(view.steps.map((s) => s.texts)).toEqual([{ code: 'print(42)', stdout: '42' }]);
      expect(view.calls.map((c) => c.call)).toEqual([undefined]);
      const html = episodePage(view);
      expect(html).toContain('did not keep the call');
      expect(html).toContain('<span class="hl-b">print</span>(<span class="hl-n">42</span>)');
      expect(reader.page(parseQuery(new URLSearchParams({ q: 'print' }))).total).toBe(0);
      // What the lenient read met is said on the page: the legacy shapes, and the line cut mid-write by file and line.
      expect(view.transcriptNotes).toEqual([
        `${transcript}: 3 lines of a shape older than the transcript schema, read as far as they go (first: line 1: episode record written before the transcript schema, without at, task, agent, agentKind, seed, startedAt)`,
        `${transcript}, line 4: not JSON (a line cut by a crash mid-write?): left out`,
      ]);
      expect(html).toContain(`${transcript}, line 4: not JSON`);
    } finally {
      reader.close();
    }
  });

  it('show an old run whose transcript has the current shape with no note, and name a corrupt line by file and line', async () => {
    const file = legacyRun();
    const transcript = transcriptFile(path.dirname(file), EPISODE);
    const t = new Transcript(transcript);
    t.reset({ kind: 'episode', id: EPISODE, task: 't', agent: 'a', agentKind: 'llm', seed: 0, startedAt: 'now' });
    t.write({ kind: 'step', step: 1, action: 'execute_code', code: 'print(7)', ok: true, stdout: '7', wallMs: 1, cpuMs: 1, observation: 'ran' });
    const reader = new RunReader([path.dirname(file)]);
    try {
      const current = (await reader.episode(EPISODE))!;
      expect(current.steps.map((s) => s.texts)).toEqual([{ code: 'print(7)', stdout: '7', observation: 'ran' }]);
      expect(current.transcriptNotes).toEqual([]);
      appendFileSync(transcript, JSON.stringify({ kind: 'step', step: 'two', at: 'now' }) + '\n');
      const corrupt = (await reader.episode(EPISODE))!;
      expect(corrupt.steps.map((s) => s.texts)).toEqual([{ code: 'print(7)', stdout: '7', observation: 'ran' }]);
      expect(corrupt.transcriptNotes).toEqual([expect.stringMatching(/, line 3: no record of any shape: field step: .*: left out$/)]);
      expect(corrupt.transcriptNotes[0]!.startsWith(`${transcript}, line 3: `)).toBe(true);
      expect(episodePage(corrupt)).toContain(`${transcript}, line 3: no record of any shape`);
    } finally {
      reader.close();
    }
  });

  it('gain the new tables and columns when an old run is resumed, keeping its rows', () => {
    const file = legacyRun();
    const store = new RunStore(file, 'run');
    expect(store.modelCalls(EPISODE)).toHaveLength(1);
    const other = 's/t/b/seed-0';
    store.planEpisodes([{ suite: 's', taskId: 't', taskDir: '/t', agentId: 'b', seed: 0 }]);
    store.startEpisode(other, 'llm');
    store.recordStep(other, 0, { step: 1, action: 'execute_code', code: 'from sklearn.ensemble import RandomForestClassifier', stdout: 'cv accuracy 0.93', ok: true, wallMs: 1, cpuMs: 1, observation: 'ran' });
    store.recordLlmCall(other, 0, { model: 'gpt-4o', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, cached: false, call: call('hello') });
    store.close();
    const reader = new RunStore(file, 'run', { readonly: true });
    expect(reader.modelCalls(EPISODE)[0]!.call).toBeUndefined();
    expect(reader.modelCalls(other)[0]!.call!.request.messages).toEqual([{ role: 'user', text: 'hello' }]);
    expect(reader.stepTexts(reader.stepsOf(other)[0]!)).toEqual({ code: 'from sklearn.ensemble import RandomForestClassifier', stdout: 'cv accuracy 0.93', observation: 'ran' });
    reader.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT s.episode_id FROM step_text JOIN steps s ON s.rowid = step_text.rowid WHERE step_text MATCH 'RandomForestClassifier'").pluck().all()).toEqual([other]);
    db.close();
  });

  it('forget a re-run episode\'s calls, steps and search words, and name the call a damaged row belongs to', () => {
    const file = path.join(scratch.make('rerun-'), 'run.sqlite');
    const store = new RunStore(file, 'run');
    store.planEpisodes([{ suite: 's', taskId: 't', taskDir: '/t', agentId: 'a', seed: 0 }]);
    store.startEpisode(EPISODE, 'llm');
    store.recordStep(EPISODE, 0, { step: 1, action: 'execute_code', code: 'print("zebra")', ok: true, wallMs: 1, cpuMs: 1, observation: '' });
    store.recordLlmCall(EPISODE, 0, { model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, cached: false, call: call('first') });
    store.recordLlmCall(EPISODE, 1, { model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, cached: false, call: call('second') });
    expect(store.modelCalls(EPISODE).map((c) => c.call!.request.messages)).toEqual([[{ role: 'user', text: 'first' }], [{ role: 'user', text: 'second' }]]);
    store.startEpisode(EPISODE, 'llm');
    expect(store.modelCalls(EPISODE)).toEqual([]);
    store.recordLlmCall(EPISODE, 0, { model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, cached: false, call: call('again') });
    store.close();
    const db = new Database(file);
    expect(db.prepare("SELECT count(*) FROM step_text WHERE step_text MATCH 'zebra'").pluck().get()).toBe(0);
    db.prepare("UPDATE llm_calls SET messages = '[[5, 9]]'").run();
    db.close();
    const reader = new RunStore(file, 'run', { readonly: true });
    expect(() => reader.modelCalls(EPISODE)).toThrow(`episode ${EPISODE}, model call 0: messages is not a list of message references`);
    reader.close();
  });
});
