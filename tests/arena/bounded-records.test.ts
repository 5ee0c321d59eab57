import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore, STORED_TEXT_CHARS, episodeId } from '../../harness/arena/run-store.js';
import { Transcript, TRANSCRIPT_FIELD_CHARS, TRANSCRIPT_LINE_BYTES } from '../../harness/arena/transcript.js';
import { tempDir } from '../helpers/fixture-task.js';

/** Text the way a crash quotes agent data: a recognisable start, then megabytes. */
const huge = (label: string, length: number) => `${label}:` + 'x'.repeat(length);

describe('the transcript', () => {
  it('writes every record, each string within TRANSCRIPT_FIELD_CHARS with the count of what was cut', () => {
    const file = path.join(tempDir('transcript-'), 'episode', 'transcript.jsonl');
    const t = new Transcript(file);
    t.reset({ kind: 'episode', id: huge('id', 1_000_000) });
    t.write({ kind: 'action', action: { type: 'execute_code', code: huge('code', 5_000_000) } });
    t.write({ kind: 'step', step: 1, ok: false, stdout: 'fine', error: { kind: 'runtime_error', message: huge('message', 3_000_000), causes: [huge('cause', 400_000)] } });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(3);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(TRANSCRIPT_LINE_BYTES);
    const [header, action, step] = lines.map((l) => JSON.parse(l));
    const cut = (text: string, label: string, length: number) => {
      expect(text.length).toBeLessThanOrEqual(TRANSCRIPT_FIELD_CHARS);
      expect(text.startsWith(`${label}:xxx`)).toBe(true);
      const marker = /…\[\+(\d+) chars\]$/.exec(text)!;
      expect(text.length - marker[0].length + Number(marker[1])).toBe(label.length + 1 + length);
    };
    cut(header.id, 'id', 1_000_000);
    cut(action.action.code, 'code', 5_000_000);
    cut(step.error.message, 'message', 3_000_000);
    cut(step.error.causes[0], 'cause', 400_000);
    expect(step).toMatchObject({ kind: 'step', step: 1, ok: false, stdout: 'fine', error: { kind: 'runtime_error' } });
    expect(typeof header.at).toBe('string');
  });
});

describe('the run store', () => {
  it('stores every step and outcome, agent text within STORED_TEXT_CHARS', () => {
    const dir = tempDir('run-store-');
    const store = new RunStore(path.join(dir, 'run.sqlite'), 'run-1');
    store.ensureRun({});
    const key = { suite: 's', taskId: 't', taskDir: dir, agentId: 'baseline:x', seed: 0 };
    const id = episodeId(key);
    store.planEpisodes([key]);
    store.startEpisode(id, 'baseline');
    store.recordStep(id, 0, { step: 1, action: 'request_info', topic: huge('topic', 200_000), ok: true, wallMs: 1, cpuMs: 1, observation: '' });
    const message = huge('submission', 10_000_000);
    store.recordStep(id, 1, {
      step: 2,
      action: 'execute_code',
      ok: false,
      error: { kind: 'invalid_submission', message, causes: [] },
      wallMs: 1,
      cpuMs: 1,
      observation: '',
      submission: { valid: false, publicScore: null, privateScore: null, file: 'step_2.csv' },
    });
    store.finishEpisode(id, { status: 'agent_failed', finalStep: null, score: null, publicScore: null, valid: false, steps: 2, error: huge('crash', 20_000_000), stopReason: 'budget', wallMs: 5 });

    const steps = store.stepsOf(id);
    expect(steps.length).toBe(2);
    const topic = String(steps[0]!.topic);
    const stored = String(steps[1]!.error_message);
    for (const text of [topic, stored]) expect(text.length).toBeLessThanOrEqual(STORED_TEXT_CHARS);
    expect(topic.startsWith('topic:xxx')).toBe(true);
    expect(stored.startsWith('submission:xxx')).toBe(true);
    expect(stored).toMatch(/…\[\+\d+ chars\]$/);
    expect(steps[1]!.error_kind).toBe('invalid_submission');
    expect(store.grades(id)).toEqual([{ step: 2, valid: 0, public_score: null, private_score: null }]);
    const [episode] = store.episodes();
    expect(episode!.status).toBe('agent_failed');
    expect(episode!.error!.length).toBeLessThanOrEqual(STORED_TEXT_CHARS);
    expect(episode!.error!.startsWith('crash:xxx')).toBe(true);
    expect(episode!.stop_reason).toBe('budget');
    store.close();
  });
});
