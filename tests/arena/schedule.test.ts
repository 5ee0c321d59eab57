import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentRelativeCost } from '../../harness/arena/agent-factory.js';
import { registerAgentKind } from '../../harness/arena/agent-registry.js';
import { costKey, dataSize, expectedCosts, longestFirst, scheduleSpecs, taskSizeUnits, type CostInputs } from '../../harness/arena/episode/schedule.js';
import type { EpisodeSpec } from '../../harness/arena/episode/spec.js';
import { RunStore, type EpisodeRow } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

function spec(taskId: string, agentId: string, seed = 0): EpisodeSpec {
  return {
    id: `s/${taskId}/${agentId}/seed-${seed}`,
    task: { suite: 's', id: taskId, dir: `/tasks/${taskId}`, sha256: 'x' },
    agent: { id: agentId, llm: {} },
    seed,
    limits: {},
    backend: 'local',
  };
}

const inputs = (sizes: Record<string, number>, costs: Record<string, number> = {}, recorded: Record<string, number> = {}): CostInputs => ({
  sizes: new Map(Object.entries(sizes).map(([t, s]) => [`/tasks/${t}`, s])),
  relativeCost: (id) => costs[id] ?? 1,
  recorded: new Map(Object.entries(recorded).map(([k, ms]) => [costKey(...(k.split('|') as [string, string])), ms])),
});

const ids = (specs: EpisodeSpec[]) => specs.map((s) => `${s.task.id}|${s.agent.id}|${s.seed}`);

describe('episode order: longest expected first', () => {
  it('puts the big task × costly agent first, the small × cheap last', () => {
    const specs = ['small', 'big'].flatMap((t) => ['a:cheap', 'a:costly'].map((a) => spec(t, a)));
    expect(ids(scheduleSpecs(specs, inputs({ small: 2, big: 50 }, { 'a:cheap': 0.1, 'a:costly': 1 })))).toEqual(['big|a:costly|0', 'big|a:cheap|0', 'small|a:costly|0', 'small|a:cheap|0']);
  });

  it('keeps the given order among equal costs (seeds of one pair, or unknown sizes), whatever the input size', () => {
    const specs = Array.from({ length: 40 }, (_, i) => spec(`t${i % 4}`, 'a:x', Math.floor(i / 4)));
    expect(scheduleSpecs(specs, inputs({}))).toEqual(specs);
    expect(longestFirst(['a', 'b', 'c', 'd'], [1, 2, 1, 2])).toEqual(['b', 'd', 'a', 'c']);
    // The same input gives the same order every time.
    const sized = inputs({ t0: 3, t1: 1, t2: 3, t3: 2 });
    expect(ids(scheduleSpecs(specs, sized))).toEqual(ids(scheduleSpecs([...specs], sized)));
    expect(ids(scheduleSpecs(specs, sized)).slice(0, 3)).toEqual(['t0|a:x|0', 't2|a:x|0', 't0|a:x|1']);
  });

  it('prefers recorded wall times over the estimate, and scales the estimate of the rest by them', () => {
    // By the estimate big × gbm (10 units) is the longest; it was recorded at 10 s, small × gbm at 90 s.
    const specs = [spec('small', 'b:gbm'), spec('big', 'b:gbm'), spec('big', 'b:lin')];
    const withRecord = inputs({ small: 2, big: 10 }, { 'b:lin': 0.5 }, { 'small|b:gbm': 90_000, 'big|b:gbm': 10_000 });
    // Units 2, 10, 5; recorded per unit 45 s and 1 s, median 23 s: big × lin (5 units) is expected at 115 s.
    expect(expectedCosts(specs, withRecord)).toEqual([90_000, 10_000, 115_000]);
    expect(ids(scheduleSpecs(specs, withRecord))).toEqual(['big|b:lin|0', 'small|b:gbm|0', 'big|b:gbm|0']);
    // Without any record the default scale applies, and the order is the estimate's.
    expect(ids(scheduleSpecs(specs, inputs({ small: 2, big: 10 }, { 'b:lin': 0.5 })))).toEqual(['big|b:gbm|0', 'big|b:lin|0', 'small|b:gbm|0']);
  });

  it("sizes a task by its public data's bytes and files, times the classes beyond binary", async () => {
    const dir = tempDir('arena-size-');
    mkdirSync(path.join(dir, 'images'));
    writeFileSync(path.join(dir, 'train.csv'), Buffer.alloc(1024 * 1024));
    for (let i = 0; i < 256; i++) writeFileSync(path.join(dir, 'images', `${i}.png`), 'x');
    const size = await dataSize(dir);
    expect(size).toEqual({ bytes: 1024 * 1024 + 256, files: 257 });
    expect(taskSizeUnits(size, 0)).toBeCloseTo(1 + (1024 * 1024 + 256 + 257 * 4096) / 1024 ** 2);
    expect(taskSizeUnits(size, 2)).toBe(taskSizeUnits(size, 0));
    expect(taskSizeUnits(size, 10) - 1).toBeCloseTo((taskSizeUnits(size, 0) - 1) * 10);
    expect(await dataSize(path.join(dir, 'missing'))).toEqual({ bytes: 0, files: 0 });
  });

  it("takes an agent's relative cost from its kind: the baselines' own, 1 for a kind that gives none", () => {
    expect(agentRelativeCost('baseline:gbm')).toBe(1);
    expect(agentRelativeCost('baseline:trivial')).toBeLessThan(agentRelativeCost('baseline:linear'));
    expect(agentRelativeCost('baseline:linear')).toBeLessThan(agentRelativeCost('baseline:gbm'));
    expect(agentRelativeCost('replay:/some/file.jsonl')).toBe(1);
  });
});

/** A kind whose agents wait in JavaScript (no sandbox work) and submit nothing: `wait:<ms>`, as costly as its wait. */
registerAgentKind({
  prefix: 'wait',
  usage: 'wait:<ms>',
  relativeCost: (id) => Number(id.slice('wait:'.length)),
  create: async (id) => ({ id, kind: 'wait', play: () => new Promise((resolve) => setTimeout(resolve, Number(id.slice('wait:'.length)))) }),
});

const byStart = (episodes: EpisodeRow[]) => [...episodes].sort((a, b) => a.started_at!.localeCompare(b.started_at!) || a.id.localeCompare(b.id));

describe('runEval starts the longest episodes first', () => {
  let suiteDir = '';
  beforeAll(async () => {
    suiteDir = (await preparedSuite(['iris-species', 'wine-cultivar'], 'schedule-suite')).dir;
  });

  it('at concurrency 2 both long episodes start before any short one (planned order: iris short, iris long, wine short, wine long)', async () => {
    const out = path.join(tempDir('arena-schedule-'), 'run');
    const run = await runEval({ suites: [suiteDir], agents: ['wait:50', 'wait:1500'], seeds: 1, concurrency: 2, runtime: 'local', outDir: out });
    expect(run.episodes.every((e) => e.status === 'completed')).toBe(true);
    const started = byStart(run.episodes).map((e) => e.agent_id);
    expect(started.slice(0, 2)).toEqual(['wait:1500', 'wait:1500']);
    // Both slots were busy with a long one from the start: the run took about one long episode, not two.
    const longs = run.episodes.filter((e) => e.agent_id === 'wait:1500');
    const shorts = run.episodes.filter((e) => e.agent_id === 'wait:50');
    for (const s of shorts) for (const l of longs) expect(s.started_at! > l.started_at!).toBe(true);
  });

  it('resuming keeps the finished episodes and orders the rest by the wall times recorded so far (this run and --costs-from)', async () => {
    const root = tempDir('arena-schedule-resume-');
    // A prior run of the other agents records replay wall times: the slow replay (a 1.5 s sleep in the sandbox) goes first.
    const transcripts = path.join(root, 'replays');
    mkdirSync(transcripts);
    const replay = (name: string, code: string) => {
      const file = path.join(transcripts, `${name}.jsonl`);
      writeFileSync(file, JSON.stringify({ type: 'execute_code', code }) + '\n' + JSON.stringify({ type: 'submit' }) + '\n');
      return `replay:${file}`;
    };
    const fast = replay('fast', "print('ok')");
    const slow = replay('slow', 'import time\ntime.sleep(1.5)');
    const prior = path.join(root, 'prior');
    await runEval({ suites: [suiteDir], agents: [fast, slow], seeds: 1, concurrency: 1, runtime: 'local', outDir: prior, taskGlobs: ['iris-*'] });

    const out = path.join(root, 'run');
    // One slot, so the start order is the queue's order exactly.
    const config = { suites: [suiteDir], agents: [fast, slow], seeds: 1, concurrency: 1, runtime: 'local' as const, outDir: out, costsFrom: [prior] };
    const first = await runEval({ ...config, taskGlobs: ['iris-*'] });
    expect(first.episodes).toHaveLength(2);
    // Same task × agent as recorded in the prior run: slow first, though planned second.
    expect(byStart(first.episodes).map((e) => e.agent_id)).toEqual([slow, fast]);

    // The whole suite, one more seed: the four finished episodes are kept as they were.
    const again = await runEval({ ...config, seeds: 2 });
    expect(again.skipped).toBe(2);
    expect(again.episodes).toHaveLength(8);
    for (const e of first.episodes) {
      const now = again.episodes.find((a) => a.id === e.id)!;
      expect(now.attempts).toBe(1);
      expect(now.started_at).toBe(e.started_at);
      expect(now.score).toBe(e.score);
    }
    const ran = byStart(again.episodes.filter((e) => !first.episodes.some((f) => f.id === e.id)));
    expect(ran).toHaveLength(6);
    // iris × slow is recorded (here and in the prior run) as the longest, iris × fast as the shortest;
    // wine's, unrecorded, are estimated alike (a replay's relative cost is 1) between them, in planned order (agent, then seed).
    const name = (e: EpisodeRow) => `${e.task_id} ${e.agent_id === slow ? 'slow' : 'fast'} ${e.seed}`;
    expect(ran.map(name)).toEqual(['iris-species slow 1', 'wine-cultivar fast 0', 'wine-cultivar fast 1', 'wine-cultivar slow 0', 'wine-cultivar slow 1', 'iris-species fast 1']);
    expect(ran.every((e) => e.status === 'completed')).toBe(true);
    const store = new RunStore(path.join(out, 'run.sqlite'), 'run', { readonly: true });
    expect(store.recordedWallTimes().map((r) => [r.taskId, r.agentId === slow ? 'slow' : 'fast', r.episodes])).toEqual([
      ['iris-species', 'fast', 2],
      ['iris-species', 'slow', 2],
      ['wine-cultivar', 'fast', 2],
      ['wine-cultivar', 'slow', 2],
    ]);
    store.close();
  });
});
