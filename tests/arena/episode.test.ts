import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../harness/arena/agent-factory.js';
import { EpisodeEventSchema, type EpisodeEvent } from '../../harness/arena/episode/events.js';
import { executeEpisode } from '../../harness/arena/episode/execute.js';
import { EpisodeSpecSchema, planSpecs, taskContentHash } from '../../harness/arena/episode/spec.js';
import { readTranscript, TranscriptLineError, transcriptFile } from '../../harness/arena/transcript.js';
import { runEval } from '../../harness/arena/runner.js';
import { getBackend } from '../../harness/sandbox/registry.js';
import type { Task } from '../../harness/task/loader.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

let suiteDir = '';
let tasks: Task[] = [];
const replays = tempDir('arena-episode-replays-');
const COPY_SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";

function replay(name: string, actions: object[]): string {
  const file = path.join(replays, `${name}.jsonl`);
  writeFileSync(file, actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return `replay:${file}`;
}

beforeAll(async () => {
  ({ dir: suiteDir, tasks } = await preparedSuite(['iris-species'], 'episode-suite'));
});

describe('episode specs', () => {
  it('plan task × agent × seed, survive JSON, and hash the task by its content', () => {
    const specs = planSpecs({ tasks: tasks.map((task) => ({ suite: 's', task })), agents: ['baseline:trivial', 'baseline:gbm'], seeds: 2, limits: { maxSteps: 3 }, backend: 'local' });
    expect(specs.map((s) => s.id)).toEqual(['s/iris-species/baseline:trivial/seed-0', 's/iris-species/baseline:trivial/seed-1', 's/iris-species/baseline:gbm/seed-0', 's/iris-species/baseline:gbm/seed-1']);
    expect(specs.map((s) => EpisodeSpecSchema.parse(JSON.parse(JSON.stringify(s))))).toEqual(specs);
    expect(specs[0]!.task.sha256).toMatch(/^[0-9a-f]{64}$/);
    const edited = tempDir('arena-episode-edited-');
    writeFileSync(path.join(edited, 'task.json'), '{}');
    expect(taskContentHash({ ...tasks[0]!, paths: { ...tasks[0]!.paths, manifest: path.join(edited, 'task.json') } })).not.toBe(specs[0]!.task.sha256);
    expect(() => EpisodeSpecSchema.parse({ ...specs[0], seed: -1 })).toThrow(/seed/);
  });
});

describe('executeEpisode', () => {
  it('yields start, each action and step in order, and the result last; every event parses with the schema', async () => {
    const [spec] = planSpecs({
      tasks: [{ suite: 's', task: tasks[0]! }],
      agents: [replay('copy', [{ type: 'request_info', topic: 'metric' }, { type: 'execute_code', code: COPY_SAMPLE }, { type: 'submit' }])],
      seeds: 1,
      limits: {},
      backend: 'local',
    });
    const runDir = tempDir('arena-episode-run-');
    const events: EpisodeEvent[] = [];
    const generator = executeEpisode(spec!, { runDir, backend: await getBackend('local'), createAgent, llmCacheDir: path.join(runDir, 'cache'), task: async () => tasks[0]! });
    let next = await generator.next();
    while (!next.done) {
      events.push(next.value);
      next = await generator.next();
    }
    expect(events.map((e) => (e.kind === 'action' ? `action ${e.action.type}` : e.kind === 'step' ? `step ${e.record.step} ${e.record.action}` : e.kind))).toEqual([
      'start',
      'action request_info',
      'step 0 request_info',
      'action execute_code',
      'step 1 execute_code',
      'action submit',
      'step 2 submit',
      'result',
    ]);
    for (const e of events) expect(EpisodeEventSchema.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
    const result = events.at(-1)!;
    expect(result.kind === 'result' && result.outcome).toMatchObject({ status: 'completed', valid: true, finalStep: 1, stopReason: 'submitted' });
    expect(next.value).toEqual(result.kind === 'result' ? result.outcome : undefined);
  });

  it('a task that cannot be loaded is an infrastructure error, not the agent’s', async () => {
    const [spec] = planSpecs({ tasks: [{ suite: 's', task: tasks[0]! }], agents: ['baseline:trivial'], seeds: 1, limits: {}, backend: 'local' });
    const runDir = tempDir('arena-episode-run-');
    const events: EpisodeEvent[] = [];
    for await (const e of executeEpisode(spec!, { runDir, backend: await getBackend('local'), createAgent, llmCacheDir: runDir, task: () => Promise.reject(new Error('task.json changed')) })) events.push(e);
    expect(events.map((e) => e.kind)).toEqual(['start', 'result']);
    expect(events[1]).toMatchObject({ outcome: { status: 'infra_error', error: 'task: task.json changed' } });
  });
});

describe('transcripts', () => {
  it('are read back through their schema; a line that is not a record is named by file and line', async () => {
    const out = path.join(tempDir('arena-episode-eval-'), 'run');
    const agent = replay('copy2', [{ type: 'execute_code', code: COPY_SAMPLE }, { type: 'submit' }]);
    const { episodes } = await runEval({ suites: [suiteDir], agents: [agent], seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
    const file = transcriptFile(out, episodes[0]!.id);
    const records = [];
    for await (const { record, at } of readTranscript(file)) records.push({ ...record, at });
    expect(records.map((r) => r.kind)).toEqual(['episode', 'action', 'step', 'action', 'step', 'result']);
    expect(records[0]).toMatchObject({ kind: 'episode', id: episodes[0]!.id, agent, agentKind: 'replay', seed: 0 });
    expect(records.at(-1)).toMatchObject({ kind: 'result', status: 'completed', valid: true });
    appendFileSync(file, JSON.stringify({ kind: 'step', step: 'two', at: 'now' }) + '\n');
    const read = async () => {
      for await (const _ of readTranscript(file)) void _;
    };
    await expect(read()).rejects.toThrow(TranscriptLineError);
    await expect(read()).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, line 7: field step: `));
  });
});
