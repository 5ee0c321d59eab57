import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EpisodeEvent } from '../../harness/arena/episode/events.js';
import { storeSink } from '../../harness/arena/episode/sinks.js';
import { RunStore } from '../../harness/arena/run-store.js';
import { appendEvent, EventLogError, EventLogReader } from '../../harness/executor/slurm/event-log.js';
import { tempDir } from '../helpers/fixture-task.js';

const call = (system: string, text: string) => ({
  provider: 'openai',
  api: 'chat',
  request: { system, messages: [{ role: 'user' as const, text }], tools: ['execute_code'], maxOutputTokens: 256 },
  reply: { text: 'ok', toolCalls: [], stopReason: 'stop' as const, model: 'gpt-x' },
});

function episode(system: string, text: string): EpisodeEvent[] {
  return [
    { kind: 'start', agentKind: 'llm', startedAt: '2026-12-02T00:00:00.000Z' },
    { kind: 'llm_call', seq: 0, usage: { model: 'gpt-x', inputTokens: 10, outputTokens: 2, costUsd: 0.001, latencyMs: 5, cached: false, call: call(system, text) } },
    { kind: 'step', seq: 0, record: { step: 1, action: 'execute_code', code: `print(${JSON.stringify(text)})`, ok: true, stdout: text, wallMs: 3, cpuMs: 2, observation: text } },
    { kind: 'result', outcome: { status: 'completed', finalStep: null, score: null, publicScore: null, valid: false, steps: 1, error: null, stopReason: 'budget', wallMs: 9 } },
  ];
}

describe('a worker event log', () => {
  it('is read as it grows, never a line before its newline, each line checked against the schema', () => {
    const file = path.join(tempDir('arena-event-log-'), 'events-0.jsonl');
    const reader = new EventLogReader(file);
    expect(reader.readNew()).toEqual([]);
    const events = episode('sys', 'hello');
    for (const e of events.slice(0, 2)) appendEvent(file, 'ep', 'a1', e);
    const line = JSON.stringify({ episode: 'ep', attempt: 'a1', event: events[2] });
    appendFileSync(file, line.slice(0, 20));
    expect(reader.readNew().map((l) => l.event.kind)).toEqual(['start', 'llm_call']);
    expect(reader.readNew()).toEqual([]);
    appendFileSync(file, `${line.slice(20)}\n`);
    expect(reader.readNew().map((l) => [l.episode, l.attempt, l.event])).toEqual([['ep', 'a1', events[2]]]);
    appendFileSync(file, `${JSON.stringify({ episode: 'ep', attempt: 'a1', event: { kind: 'step', seq: 'one' } })}\n`);
    expect(() => reader.readNew()).toThrow(EventLogError);
    expect(() => new EventLogReader(file).readNew()).toThrow(new RegExp(`events-0\\.jsonl, line 4: field event\\.seq`));
  });

  it("replayed into another run store, an episode's texts and model calls take that store's blob ids and read back whole", () => {
    const dir = tempDir('arena-event-merge-');
    const worker = new RunStore(path.join(dir, 'worker.sqlite'), 'w');
    const run = new RunStore(path.join(dir, 'run.sqlite'), 'r');
    for (const [store, ids] of [[worker, ['x']], [run, ['y', 'x']]] as const) {
      store.planEpisodes(ids.map((id) => ({ suite: 's', taskId: id, taskDir: '/t', agentId: 'a', seed: 0 })));
    }
    // The run store already holds other texts, so the same texts get other blob ids there.
    const other = episode('another system prompt', 'other words');
    other.forEach(storeSink(run, 's/y/a/seed-0'));
    const file = path.join(dir, 'events-0.jsonl');
    episode('sys', 'hello').forEach((e) => appendEvent(file, 's/x/a/seed-0', 'a1', e));
    const merged = new EventLogReader(file).readNew().map((l) => l.event);
    merged.forEach(storeSink(worker, 's/x/a/seed-0'));
    run.inTransaction(() => merged.forEach(storeSink(run, 's/x/a/seed-0')));
    expect(run.stepsOf('s/x/a/seed-0')[0]!.code_blob).not.toBe(worker.stepsOf('s/x/a/seed-0')[0]!.code_blob);
    expect(run.modelCalls('s/x/a/seed-0')).toEqual(worker.modelCalls('s/x/a/seed-0').map((c) => ({ ...c, at: expect.any(String) })));
    expect(run.modelCalls('s/x/a/seed-0')[0]!.call).toEqual({ ...call('sys', 'hello'), retries: [] });
    expect(run.stepTexts(run.stepsOf('s/x/a/seed-0')[0]!)).toEqual({ code: 'print("hello")', stdout: 'hello', observation: 'hello' });
    expect(run.episodes().map((e) => [e.id, e.status, e.input_tokens])).toEqual([
      ['s/x/a/seed-0', 'completed', 10],
      ['s/y/a/seed-0', 'completed', 10],
    ]);
    worker.close();
    run.close();
  });
});
