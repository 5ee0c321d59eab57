import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGenerationState, retireStale, type GenerationState } from '../../harness/smith/state.js';

const outcome = (id: string, dataset: string, verdict: 'verified' | 'rejected', check?: string) => ({
  id,
  dataset,
  target: 't',
  objective: 'binary',
  modality: 'tabular',
  domain: 'health',
  metric: 'roc_auc',
  verdict,
  passed: verdict === 'verified' ? (['design', 'assertions', 'reviews', 'execution'] as const).slice() : [],
  reasons: check ? [{ check, message: 'purged after a reading' }] : [],
  attempts: 1,
  seconds: { design: 0.1 },
});

describe('the generation state (.smith/state.json)', () => {
  it('refuses a file that is not a state, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'smith-state-'));
    const file = path.join(dir, 'state.json');
    await writeFile(file, JSON.stringify({ candidates: { a: { ...outcome('a', 'd', 'verified'), verdict: 'maybe' } }, datasets: {} }));
    await expect(readGenerationState(file)).rejects.toThrow(`${file}: candidates.a.verdict`);
    await writeFile(file, '{"candidates": ');
    await expect(readGenerationState(file)).rejects.toThrow(/not JSON/);
    expect(await readGenerationState(path.join(dir, 'none.json'))).toEqual({ candidates: {}, datasets: {} });
  });

  it('retires a dataset\'s candidates its Brainstormer no longer proposes, with their folders, and keeps those a reader rejected', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'smith-retire-'));
    for (const id of ['old-status-binary', 'kept-by-binary', 'other-x-regression']) await mkdir(path.join(dir, id));
    const state: GenerationState = {
      candidates: {
        'old-status-binary': outcome('old-status-binary', 'lung', 'verified'),
        'kept-by-binary': outcome('kept-by-binary', 'lung', 'verified'),
        'read-binary': outcome('read-binary', 'lung', 'rejected', 'human-reading'),
        'other-x-regression': outcome('other-x-regression', 'cars', 'verified'),
      },
      datasets: {},
    };
    const retired = await retireStale(dir, state, 'lung', new Set(['kept-by-binary']));
    expect(retired).toEqual(['old-status-binary']);
    expect(Object.keys(state.candidates).sort()).toEqual(['kept-by-binary', 'other-x-regression', 'read-binary']);
    expect(existsSync(path.join(dir, 'old-status-binary'))).toBe(false);
    expect(existsSync(path.join(dir, 'kept-by-binary'))).toBe(true);
    expect(existsSync(path.join(dir, 'other-x-regression'))).toBe(true);
  });
});
