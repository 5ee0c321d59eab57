import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GRADING_PATHS, runGradingScript } from '../../harness/grading/sandboxed-python.js';
import { backendNames } from '../../harness/sandbox/registry.js';

// ARENA_GRADING_RUNTIME picks the sandbox task code is graded in from the backend registry:
// every registered backend grades the same; an unknown name is refused with the variable and the registered names, never run locally instead.

const saved = process.env.ARENA_GRADING_RUNTIME;
afterEach(() => {
  if (saved === undefined) delete process.env.ARENA_GRADING_RUNTIME;
  else process.env.ARENA_GRADING_RUNTIME = saved;
});

describe('the grading runtime', () => {
  it('refuses a backend that is not registered, naming the variable and the known backends', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grading-runtime-'));
    try {
      const submission = path.join(dir, 'submission.csv');
      await writeFile(submission, 'id,y\n1,0\n');
      process.env.ARENA_GRADING_RUNTIME = 'kubernetes';
      await expect(runGradingScript('custom_metric.py', [], { submission, inputs: [] })).rejects.toThrow(/^ARENA_GRADING_RUNTIME: unknown sandbox backend "kubernetes": use one of local, docker, docker-copy$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([{ name: '', label: 'local, the variable unset' }, ...backendNames().map((name) => ({ name, label: name }))])('grades in the backend it names: $label', async ({ name }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grading-runtime-'));
    try {
      const submission = path.join(dir, 'submission.csv');
      await writeFile(submission, 'id,y\n1,0\n2,0\n3,1\n');
      if (name) process.env.ARENA_GRADING_RUNTIME = name;
      else delete process.env.ARENA_GRADING_RUNTIME;
      const files = {
        'metric.py': 'def score(submission, answers):\n    return float((submission["y"] == answers["y"]).mean())\n',
        'answers.csv': 'id,y,leaderboard\n1,0,public\n2,1,private\n3,1,private\n',
      };
      const at = (name: string) => `${GRADING_PATHS.inputs}/${name}`;
      const result = await runGradingScript('custom_metric.py', [at('metric.py'), at('submission.csv'), at('answers.csv'), 'id'], { submission, files, inputs: [] });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({ public: 1, private: 0.5 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
