import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINE_IDS, BASELINES } from '../../agents/baselines/population.js';
import { ALL_BASELINES, checkAgentId, expandAgentIds, UnknownAgentError } from '../../harness/arena/agent-factory.js';
import { tempDir } from '../helpers/fixture-task.js';

function arena(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('node', [path.resolve('bin/arena.js'), ...args], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: tempDir('arena-home-') } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('baseline ids', () => {
  it('every registered baseline is a valid agent id; an unknown one is refused naming the known ones', () => {
    for (const id of BASELINE_IDS) expect(() => checkAgentId(id)).not.toThrow();
    expect(() => checkAgentId('baseline:svm')).toThrow(UnknownAgentError);
    expect(() => checkAgentId('baseline:svm')).toThrow(`unknown baseline "baseline:svm": use one of ${BASELINE_IDS.join(', ')} (or baseline:* for all)`);
  });

  it(`${ALL_BASELINES} stands for the whole population, in registry order, without duplicates`, () => {
    expect(expandAgentIds(['openai:gpt-4o', ALL_BASELINES, 'baseline:knn'])).toEqual(['openai:gpt-4o', ...BASELINE_IDS]);
    expect(expandAgentIds(['baseline:gbm'])).toEqual(['baseline:gbm']);
  });

  it('arena eval --help lists every baseline with its description', () => {
    const r = arena('eval', '--help');
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`'${ALL_BASELINES}' for all of them`);
    for (const b of BASELINES) expect(text).toContain(`${b.id} ${b.description}`);
  });

  it('arena eval refuses an unknown baseline before running anything (exit 2)', () => {
    const r = arena('eval', '--suite', 'tasks/human-v1', '--models', `${ALL_BASELINES},baseline:svm`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown baseline "baseline:svm"/);
  });
});
