import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { checkIntegrity, INTEGRITY_CHECKS, perfectScore } from '../../harness/verification/integrity.js';
import type { CheckOutcome } from '../../harness/verification/leakage.js';
import { fixtureTask, makeLeakyFixtures } from '../fixtures/leaky/fixtures.js';

/**
 * Integrity checks (ids, rows per class, perfect submission, metric direction) on the fixture
 * tasks of tests/fixtures/leaky/make_fixtures.py: each broken variant fails its check with a precise
 * message, the clean ones pass everything.
 */

let dir: string;

beforeAll(async () => {
  ({ dir } = await makeLeakyFixtures());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function outcomes(variant: string, options = {}): Promise<CheckOutcome[]> {
  return checkIntegrity(await fixtureTask(dir, variant), options);
}

function byId(list: CheckOutcome[], id: string): CheckOutcome {
  const found = list.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome ${id}`);
  return found;
}

const failing = (list: CheckOutcome[]) => list.filter((o) => !o.ok).map((o) => o.id);

/** A copy of a fixture variant under a new id, with its manifest and files edited. */
async function variantOf(base: string, id: string, edit: (m: Task['manifest'], dataDir: string) => Task['manifest']): Promise<Task> {
  const target = path.join(dir, id);
  cpSync(path.join(dir, base), target, { recursive: true });
  const m = JSON.parse(readFileSync(path.join(target, 'task.json'), 'utf8')) as Task['manifest'];
  writeFileSync(path.join(target, 'task.json'), JSON.stringify(edit({ ...m, id }, path.join(target, 'data'))));
  return loadTask(target);
}

describe('clean fixtures', () => {
  it.each(['wine-clean', 'diabetes-clean', 'digits-clean', 'coarse-natural'])('%s passes every integrity check', async (variant) => {
    const list = await outcomes(variant);
    expect(list.map((o) => o.id)).toEqual([...INTEGRITY_CHECKS]);
    for (const o of list) {
      expect(o.ok, `${o.id}: ${o.message}`).toBe(true);
      expect(o.stage).toBe('assertions');
    }
  });

  it('perfectScore grades the truth at the optimum', async () => {
    expect(await perfectScore(await fixtureTask(dir, 'wine-clean'))).toBe(1);
    expect(await perfectScore(await fixtureTask(dir, 'diabetes-clean'))).toBe(0);
  });

  it('a probability submission is one-hot: log_loss reaches ~0 within the clipping tolerance', async () => {
    const task = await variantOf('wine-clean', 'wine-probabilities', (m, data) => {
      const ids = readFileSync(path.join(data, 'public', 'sample_submission.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
      writeFileSync(path.join(data, 'public', 'sample_submission.csv'), ['id,class_0,class_1,class_2', ...ids.map((i) => `${i},0.3,0.4,0.3`)].join('\n') + '\n');
      return {
        ...m,
        metric: { name: 'log_loss', higherIsBetter: false, params: {} },
        submission: { columns: [{ name: 'id', type: 'id' }, ...m.classes!.map((c) => ({ name: c, type: 'probability' as const }))] },
      };
    });
    const list = await checkIntegrity(task);
    expect(failing(list)).toEqual([]);
    const optimum = byId(list, 'perfect-scores-optimum');
    expect(optimum.details!.score as number).toBeLessThan(1e-12);
    expect(optimum.message).toMatch(/log_loss: the perfect submission built from answers\.csv scores .* the optimum 0/);
  });
});

describe('broken fixtures', () => {
  it('ids-unique: a repeated test id and ids missing from the sample submission', async () => {
    const list = await outcomes('wine-ids-broken');
    expect(failing(list)).toContain('ids-unique');
    const o = byId(list, 'ids-unique');
    expect(o.message).toMatch(/test\.csv column `id` repeats 1 id \(e\.g\. "0"\)/);
    expect(o.message).toMatch(/1 id is in test\.csv but not in sample_submission\.csv/);
    expect(o.message).toMatch(/1 id is in answers\.csv but not in test\.csv/);
    expect(o.fixBy).toBe('designer');
  });

  it('ids-unique: an id column the files lack goes to the refactor', async () => {
    const task = await variantOf('wine-clean', 'wine-wrong-id', (m) => ({ ...m, idColumn: 'row_id', submission: { columns: [{ name: 'row_id', type: 'id' }, ...m.submission.columns.slice(1)] } }));
    const o = byId(await checkIntegrity(task), 'ids-unique');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/train\.csv has no id column `row_id`/);
    expect(o.fixBy).toBe('refactor');
  });

  it('ids-unique: an id in both train.csv and test.csv', async () => {
    const task = await variantOf('wine-clean', 'wine-shared-id', (m, data) => {
      const train = readFileSync(path.join(data, 'public', 'train.csv'), 'utf8').split('\n');
      const testId = readFileSync(path.join(data, 'public', 'test.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
      train[1] = [testId, ...train[1]!.split(',').slice(1)].join(',');
      writeFileSync(path.join(data, 'public', 'train.csv'), train.join('\n'));
      return m;
    });
    const o = byId(await checkIntegrity(task), 'ids-unique');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/1 id is in both train\.csv and test\.csv/);
  });

  it('rows-per-class: a class with 3 train rows goes back to the brainstormer; the minimum is an option', async () => {
    const o = byId(await outcomes('wine-rare-class'), 'rows-per-class');
    expect(o.ok).toBe(false);
    expect(o.message).toBe('train.csv `cultivar` has fewer than 5 rows for class "class_2": 3');
    expect(o.fixBy).toBe('brainstormer');
    expect(byId(await outcomes('wine-rare-class', { minRowsPerClass: 3 }), 'rows-per-class').ok).toBe(true);
  });

  it('rows-per-class: a class of the answers never seen in train goes to the designer', async () => {
    const o = byId(await outcomes('wine-unseen-class'), 'rows-per-class');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/classes "class_2" are in answers\.csv but never in train\.csv `cultivar`/);
    expect(o.fixBy).toBe('designer');
  });

  it('rows-per-class: answers need both public and private leaderboard rows', async () => {
    const list = await outcomes('wine-no-public');
    expect(failing(list)).toEqual(['rows-per-class']);
    expect(byId(list, 'rows-per-class').message).toBe('answers.csv has no public-leaderboard rows (of 54)');
  });

  it('perfect-scores-optimum: a single-class test set keeps mcc at 0 for the truth', async () => {
    const list = await outcomes('wine-single-class-test');
    expect(failing(list)).toEqual(['perfect-scores-optimum', 'metric-direction']);
    expect(byId(list, 'perfect-scores-optimum').message).toMatch(/^mcc: the perfect submission built from answers\.csv scores 0 on the private leaderboard rows .*not the optimum 1/);
    expect(byId(list, 'metric-direction').message).toMatch(/they score the same/);
  });

  it('perfect-scores-optimum: answers that do not parse as the submission format', async () => {
    const task = await variantOf('wine-clean', 'wine-bad-classes', (m) => ({ ...m, classes: ['c0', 'c1', 'c2'] }));
    const o = byId(await checkIntegrity(task), 'perfect-scores-optimum');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/the perfect submission built from answers\.csv cannot be graded: .*answers\.csv.*not one of the task's classes/);
  });

  it.each([
    ['wine-flipped-direction', /^accuracy: the perfect submission scores 1 and sample_submission\.csv 0\.42\d*; so task\.json metric\.higherIsBetter: false ranks the truth below it \(the catalog says accuracy is higher-is-better\)$/],
    ['diabetes-flipped-direction', /^rmse: the perfect submission scores 0 and sample_submission\.csv 7\d\.\d+; so task\.json metric\.higherIsBetter: true ranks the truth below it/],
  ])('metric-direction: %s', async (variant, pattern) => {
    const list = await outcomes(variant);
    expect(failing(list)).toEqual(['metric-direction']);
    const o = byId(list, 'metric-direction');
    expect(o.message).toMatch(pattern);
    expect(o.fixBy).toBe('refactor');
  });

  it('metric-direction falls back to a shifted truth when the sample submission does not grade', async () => {
    const broken = (name: string, higher: boolean) =>
      variantOf('wine-clean', name, (m, data) => {
        writeFileSync(path.join(data, 'public', 'sample_submission.csv'), 'id,cultivar\n');
        return { ...m, metric: { ...m.metric, higherIsBetter: higher } };
      });
    const ok = byId(await checkIntegrity(await broken('wine-no-sample', true)), 'metric-direction');
    expect(ok.ok).toBe(true);
    expect(ok.message).toMatch(/beats a submission with every row given the next row’s answer/);
    const flipped = byId(await checkIntegrity(await broken('wine-no-sample-flipped', false)), 'metric-direction');
    expect(flipped.ok).toBe(false);
    expect(flipped.message).toMatch(/next row’s answer/);
  });

  it('every integrity check fails on at least one fixture', async () => {
    const variants = ['wine-ids-broken', 'wine-rare-class', 'wine-single-class-test', 'wine-flipped-direction'];
    const failed = new Set((await Promise.all(variants.map((v) => outcomes(v)))).flatMap(failing));
    expect(failed).toEqual(new Set(INTEGRITY_CHECKS));
  });
});
