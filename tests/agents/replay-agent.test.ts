import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../harness/arena/agent-factory.js';
import { Transcript } from '../../harness/arena/transcript.js';
import type { Action, EpisodeEnvironment } from '../../harness/arena/types.js';
import { manifest, tempDir } from '../helpers/fixture-task.js';

const root = tempDir('replay-agent-');
const OPTIONS = { llmCacheDir: root };

/** The actions a replay agent plays for a file, through the agent registry as an eval creates it. */
async function played(file: string): Promise<Action[]> {
  const agent = await createAgent(`replay:${file}`, manifest({ id: 't' }), OPTIONS);
  const actions: Action[] = [];
  const env = {
    done: false,
    start: async () => {},
    step: async (a: Action) => {
      actions.push(a);
      env.done = a.type === 'submit';
    },
  };
  await agent.play(env as unknown as EpisodeEnvironment, { signal: new AbortController().signal } as never);
  return actions;
}

const lines = (name: string, values: unknown[]) => {
  const file = path.join(root, name);
  writeFileSync(file, values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n');
  return file;
};

describe('the replay agent reads its file through the transcript schema', () => {
  it("replays a run's current transcript: its actions, not its other records", async () => {
    const file = path.join(root, 'run', 'transcript.jsonl');
    const t = new Transcript(file);
    t.reset({ kind: 'episode', id: 'e', task: 't', agent: 'baseline:x', agentKind: 'baseline', seed: 0, startedAt: 'now' });
    t.write({ kind: 'action', action: { type: 'request_info', topic: 'overview' } });
    t.write({ kind: 'step', step: 1, action: 'request_info', topic: 'overview', ok: true, wallMs: 1, cpuMs: 0, observation: 'the task' });
    t.write({ kind: 'action', action: { type: 'execute_code', code: 'print(1)' } });
    t.write({ kind: 'result', status: 'completed', finalStep: null, score: null, publicScore: null, valid: false, steps: 1, error: null, stopReason: 'budget', wallMs: 5 });
    expect(await played(file)).toEqual([{ type: 'request_info', topic: 'overview' }, { type: 'execute_code', code: 'print(1)' }, { type: 'submit' }]);
  });

  it('replays legacy files: bare actions (the replay format) and records written before the schema', async () => {
    const file = lines('legacy.jsonl', [{ type: 'execute_code', code: 'print(2)' }, { kind: 'episode', id: 'old' }, { kind: 'action', action: { type: 'submit', step: 1 } }, { kind: 'step', step: 1 }]);
    expect(await played(file)).toEqual([{ type: 'execute_code', code: 'print(2)' }, { type: 'submit', step: 1 }]);
  });

  it('refuses a corrupt line naming the file and line, before playing anything', async () => {
    const notJson = lines('not-json.jsonl', [{ type: 'submit' }, '{"type": "exec']);
    await expect(played(notJson)).rejects.toThrow(`${notJson}, line 2: not JSON`);
    const badAction = lines('bad-action.jsonl', [{ type: 'execute_code', code: 'x' }, { type: 'execute_code', code: 1 }]);
    await expect(played(badAction)).rejects.toThrow(`${badAction}, line 2: no record of any shape: neither a record (no kind) nor a bare action; field code: `);
    const badRecord = lines('bad-record.jsonl', [{ kind: 'action', action: { type: 'dance' } }]);
    await expect(played(badRecord)).rejects.toThrow(`${badRecord}, line 1: no record of any shape: field action.type: `);
    await expect(played(lines('empty.jsonl', [{ kind: 'episode', id: 'x' }]))).rejects.toThrow(/empty\.jsonl: no actions$/);
    await expect(played(path.join(root, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl not found/);
  });
});
