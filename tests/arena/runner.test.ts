import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

let suiteDir = '';
const transcripts = tempDir('arena-replays-');

/** A replay that writes a constant (valid) submission for any task with an `id` column. */
function replay(name: string, actions: object[]): string {
  const file = path.join(transcripts, `${name}.jsonl`);
  writeFileSync(file, actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return `replay:${file}`;
}

const COPY_SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";

beforeAll(async () => {
  suiteDir = (await preparedSuite(['iris-species', 'wine-cultivar'], 'runner-suite')).dir;
});

describe('runEval', () => {
  it('runs every task × agent × seed once, records steps and transcripts, and resumes without re-running', async () => {
    const out = path.join(tempDir('arena-run-'), 'run-a');
    const sample = replay('sample', [{ type: 'request_info', topic: 'overview' }, { type: 'execute_code', code: COPY_SAMPLE }, { type: 'submit' }]);
    const crash = replay('crash', [{ type: 'execute_code', code: 'raise RuntimeError("boom")' }]);
    const config = { suites: [suiteDir], agents: [sample, crash], seeds: 2, concurrency: 2, runtime: 'local' as const, outDir: out };
    const progress: number[] = [];
    const first = await runEval(config, (p) => progress.push(p.done));
    expect(first.episodes).toHaveLength(8);
    expect(first.skipped).toBe(0);
    expect(progress.at(-1)).toBe(8);
    for (const e of first.episodes) {
      expect(e.status).toBe('completed');
      expect(e.attempts).toBe(1);
      if (e.agent_id === sample) {
        expect(e.valid).toBe(1);
        expect(e.score).not.toBeNull();
        expect(e.stop_reason).toBe('submitted');
      } else {
        // Its code crashed: the agent's loss, no score, not an infrastructure error.
        expect(e.valid).toBe(0);
        expect(e.score).toBeNull();
      }
    }
    const store = new RunStore(path.join(out, 'run.sqlite'), 'run-a');
    const someSample = first.episodes.find((e) => e.agent_id === sample)!;
    expect(store.stepsOf(someSample.id).map((s) => s.action)).toEqual(['request_info', 'execute_code', 'submit']);
    expect(store.grades(someSample.id)).toHaveLength(1);
    store.close();
    const transcript = readFileSync(path.join(out, 'episodes', someSample.id.replace(/[^A-Za-z0-9._-]+/g, '_'), 'transcript.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(transcript[0].kind).toBe('episode');
    expect(transcript.at(-1).kind).toBe('result');
    expect(transcript.filter((r) => r.kind === 'action')).toHaveLength(3);

    const again = await runEval(config);
    expect(again.skipped).toBe(8);
    expect(again.episodes.every((e) => e.attempts === 1)).toBe(true);
  });

  it('applies --step-timeout and --max-steps to every task: the agent is told, the environment enforces', async () => {
    const out = path.join(tempDir('arena-limits-'), 'run');
    const slow = replay('slow', [
      { type: 'request_info', topic: 'limits' },
      { type: 'execute_code', code: 'import time\ntime.sleep(30)' },
      { type: 'execute_code', code: COPY_SAMPLE },
      { type: 'execute_code', code: COPY_SAMPLE },
    ]);
    const started = performance.now();
    const result = await runEval({ suites: [suiteDir], agents: [slow], seeds: 1, concurrency: 2, runtime: 'local', outDir: out, stepTimeoutSec: 3, maxSteps: 2 });
    expect(performance.now() - started).toBeLessThan(25_000);
    const store = new RunStore(path.join(out, 'run.sqlite'), 'run');
    for (const e of result.episodes) {
      const steps = store.stepsOf(e.id);
      expect(steps.map((s) => s.action)).toEqual(['request_info', 'execute_code', 'execute_code']);
      expect(steps[1]!.error_kind).toBe('timeout');
      const lines = readFileSync(path.join(out, 'episodes', e.id.replace(/[^A-Za-z0-9._-]+/g, '_'), 'transcript.jsonl'), 'utf8');
      expect(lines).toContain('at most 3 s');
    }
    store.close();
  });

  it('records an agent that cannot start as an agent failure with its reason', async () => {
    const out = path.join(tempDir('arena-run-'), 'run-b');
    const result = await runEval({ suites: [suiteDir], agents: [`replay:${path.join(transcripts, 'missing.jsonl')}`], seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
    expect(result.episodes.map((e) => e.status)).toEqual(['agent_failed', 'agent_failed']);
    expect(result.episodes[0]!.error).toMatch(/missing\.jsonl not found/);
  });

  it('re-runs episodes left running by a crashed run, exactly once', async () => {
    const out = path.join(tempDir('arena-run-'), 'run-c');
    const sample = replay('sample-c', [{ type: 'execute_code', code: COPY_SAMPLE }, { type: 'submit' }]);
    const config = { suites: [suiteDir], agents: [sample], seeds: 1, concurrency: 1, runtime: 'local' as const, outDir: out };
    await runEval(config);
    // Simulate a crash mid-episode: one episode marked running with a stray step recorded.
    const store = new RunStore(path.join(out, 'run.sqlite'), 'run-c');
    const victim = store.episodes()[0]!;
    store.startEpisode(victim.id, 'replay');
    store.recordStep(victim.id, 0, { step: 1, action: 'execute_code', ok: true, wallMs: 1, cpuMs: 1, observation: 'stray' });
    store.close();
    const resumed = await runEval(config);
    expect(resumed.skipped).toBe(1);
    const again = resumed.episodes.find((e) => e.id === victim.id)!;
    expect(again.status).toBe('completed');
    expect(again.attempts).toBe(3);
    const check = new RunStore(path.join(out, 'run.sqlite'), 'run-c');
    expect(check.stepsOf(victim.id).map((s) => s.action)).toEqual(['execute_code', 'submit']);
    check.close();
    expect(existsSync(path.join(out, 'run.sqlite'))).toBe(true);
  });
});
