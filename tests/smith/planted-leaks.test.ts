import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import type { GenerateSummary } from '../../harness/smith/summary.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { SuiteManifest } from '../../harness/task/schema.js';
import { runPython } from '../../harness/util/python.js';
import { tempDir } from '../helpers/fixture-task.js';

/**
 * A user's CSV folder built from scikit-learn's handwritten digits (1,797 images as 64 pixel counts;
 * wine's 178 rows are too few for a test set of 100), a fifth of the labels redrawn at random so the
 * task is not saturated (gbm reads clean digits almost perfectly), with leaks of the recorded label
 * planted in it: a copy of the
 * target, a 1:1 recoding, a record number sorted by the target, a near-perfect single predictor,
 * and rows repeated (which would land on both sides of a random split). The offline pipeline must
 * produce tasks without any of them, or none.
 */
const PLANT = `
import sys
import numpy as np, pandas as pd
from sklearn.datasets import load_digits
d = load_digits(as_frame=True)
df = d.frame.rename(columns={"target": "digit"})
rng = np.random.default_rng(0)
noisy = rng.random(len(df)) < 0.2
df.loc[noisy, "digit"] = rng.integers(0, 10, int(noisy.sum()))
df["digit"] = df["digit"].map(lambda k: f"digit_{k}")
df["digit_copy"] = df["digit"]
df["scan_code"] = df["digit"].map(lambda v: "ABCDEFGHIJ"[int(v[-1])])
df["lab_score"] = df["digit"].str[-1].astype(int) * 10 + rng.normal(0, 0.5, len(df))
df = pd.concat([df, df.sample(40, random_state=1)], ignore_index=True)
df = df.sort_values("digit", kind="stable").reset_index(drop=True)
df.insert(0, "record_no", np.arange(len(df)))
df.to_csv(sys.argv[1], index=False)
`;
const FAMILY = ['digit', 'digit_copy', 'scan_code', 'lab_score'];

let out = '';
let summary: GenerateSummary;

beforeAll(async () => {
  const root = tempDir('smith-leaks-');
  const folder = path.join(root, 'planted-digits');
  mkdirSync(folder);
  const made = await runPython(['-c', PLANT, path.join(folder, 'digits.csv')]);
  expect(made.code, made.stderr).toBe(0);
  out = path.join(root, 'suite');
  summary = await generate({ datasets: [folder], outDir: out, roles: heuristicRoles, perDataset: 4, concurrency: 2, runtime: 'local', maxRetries: 1 });
});

function csv(file: string) {
  return parseCsv(readFileSync(file, 'utf8'));
}

describe('planted leaks in a user CSV folder', () => {
  it('yields verified tasks, including one on the planted target family', () => {
    expect(summary.verified).toBeGreaterThan(0);
    const ids = readdirSync(out).filter((d) => !d.startsWith('.') && d !== 'suite.json');
    const targets = ids.map((id) => JSON.parse(readFileSync(path.join(out, id, 'task.json'), 'utf8')).targetColumns[0]);
    expect(targets.some((t: string) => FAMILY.includes(t))).toBe(true);
  });

  it('publishes no copy, recoding, sorted record number or near-perfect predictor of the target', () => {
    for (const id of readdirSync(out).filter((d) => !d.startsWith('.') && d !== 'suite.json')) {
      const manifest = JSON.parse(readFileSync(path.join(out, id, 'task.json'), 'utf8'));
      const target = manifest.targetColumns[0] as string;
      const { header } = csv(path.join(out, id, 'data', 'public', 'train.csv'));
      expect(header, id).not.toContain('record_no');
      if (FAMILY.includes(target)) {
        const notes = readFileSync(path.join(out, id, 'description.md'), 'utf8').split('## Notes')[1] ?? '';
        for (const leak of FAMILY.filter((c) => c !== target)) {
          expect(header, `${id} publishes ${leak}`).not.toContain(leak);
          // Caught and said so, not left out by chance.
          expect(notes, `${id}: ${leak}`).toMatch(new RegExp(`\`${leak}\`: leaks the target`));
        }
        expect(notes).toMatch(/`record_no`: an identifier/);
        // All ten digits have far more than 10 rows: no class was left out, and the notes do not say one was.
        expect(notes).not.toMatch(/Classes with fewer than/);
      }
      const record = JSON.parse(readFileSync(path.join(out, id, 'verification.json'), 'utf8'));
      const last = record.attempts[record.attempts.length - 1];
      for (const check of ['target-copy', 'target-recoding', 'single-feature-predictor', 'id-order', 'train-test-overlap']) {
        expect(last.checks.find((c: { id: string }) => c.id === check), `${id}: ${check}`).toMatchObject({ ok: true });
      }
    }
  });

  it('leaves no test row whose inputs repeat a training row', () => {
    for (const id of readdirSync(out).filter((d) => !d.startsWith('.') && d !== 'suite.json')) {
      const target = JSON.parse(readFileSync(path.join(out, id, 'task.json'), 'utf8')).targetColumns[0];
      const train = csv(path.join(out, id, 'data', 'public', 'train.csv'));
      const test = csv(path.join(out, id, 'data', 'public', 'test.csv'));
      const inputs = (header: string[], row: string[]) => header.map((h, i) => (h === 'id' || h === target ? '' : row[i])).join('|');
      const seen = new Set(train.rows.map((r) => inputs(train.header, r)));
      expect(test.rows.filter((r) => seen.has(inputs(test.header, r))), id).toHaveLength(0);
    }
  });

  it('explains every rejection, and suite.json carries the generation summary', () => {
    for (const t of summary.tasks.filter((x) => x.verdict === 'rejected')) expect(t.reason, t.id).toMatch(/\S{10,}/);
    const suite = SuiteManifest.parse(JSON.parse(readFileSync(path.join(out, 'suite.json'), 'utf8')));
    expect(suite.generation).toMatchObject({ roles: 'offline heuristic roles', proposed: summary.proposed, verified: summary.verified, rejected: summary.rejected, passed: summary.passed });
    expect(suite.generation!.rejections).toEqual(summary.rejections);
    expect(suite.tasks).toHaveLength(summary.verified);
  });
});

describe('a user folder too small for a task', () => {
  it('produces no task and says why', async () => {
    const root = tempDir('smith-small-');
    const folder = path.join(root, 'tiny');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'data.csv'), 'a,b,label\n' + Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${i % 2 ? 'x' : 'y'}`).join('\n') + '\n');
    const result = await generate({ datasets: [folder], outDir: path.join(root, 'suite'), roles: heuristicRoles, perDataset: 2, concurrency: 1, runtime: 'local', maxRetries: 0 });
    expect(result.verified).toBe(0);
    expect(result.proposed).toBe(0);
    expect(JSON.stringify(result)).toContain('fewer than the 150 a task needs');
  });
});
