import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetDataDigest } from '../../harness/datasets/data-digest.js';
import { resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask, readPreparedRecord, recipePreparer } from '../../harness/task/prepare.js';
import type { Recipe } from '../../harness/task/recipe.js';
import { manifest, tempDir } from '../helpers/fixture-task.js';

const INPUTS = ['rate_marriage', 'age', 'yrs_married', 'children', 'religious', 'educ', 'occupation', 'occupation_husb'];

/** Fair's affairs data (statsmodels): "any affair" is the documented outcome `affairs > 0`. */
function affairsRecipe(): Recipe {
  return {
    preparer: 'tabular-v1',
    table: 'data.csv',
    inputs: INPUTS,
    fileColumns: [],
    target: { source: 'affairs', name: 'had_affair', derive: { kind: 'threshold', op: '>', value: 0, labels: ['no', 'yes'] } },
    classes: ['no', 'yes'],
    submission: 'probabilities',
    positiveClass: 'yes',
    split: { kind: 'stratified' },
    lags: null,
    maxRows: 100_000,
    testFraction: 0.25,
    publicFraction: 0.3,
    seed: 11,
  };
}

async function writeRecipeTask(recipe: Recipe): Promise<string> {
  const raw = await resolveDatasetDir('affairs');
  const dir = path.join(tempDir('arena-recipe-'), 'affairs-had-affair-binary');
  mkdirSync(dir, { recursive: true });
  const m = manifest({
    id: 'affairs-had-affair-binary',
    dataset: { name: 'affairs', source: 'statsmodels', license: 'public domain', sha256: { 'dataset.json': await datasetDataDigest(raw) } },
    objective: 'binary',
    metric: { name: 'roc_auc', higherIsBetter: true, params: { positiveClass: 'yes' } },
    targetColumns: ['had_affair'],
    classes: ['no', 'yes'],
    submission: { columns: [{ name: 'id', type: 'id' }, { name: 'had_affair', type: 'probability' }] },
  });
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ ...m, recipe }));
  writeFileSync(path.join(dir, 'description.md'), 'A recipe task. '.repeat(30));
  return dir;
}

describe('recipe tasks', () => {
  it('are prepared by the one preparer in the sandbox: derived target, no prepare.py, recorded preparer', { timeout: 180_000 }, async () => {
    const dir = await writeRecipeTask(affairsRecipe());
    const task = await loadTask(dir);
    const result = await prepareTask(task);
    expect(result).toMatchObject({ status: 'prepared', deterministic: true });

    const record = await readPreparedRecord(task);
    expect(record?.preparer).toEqual(await recipePreparer());
    expect(record?.preparer?.version).toMatch(/^tabular-v1\./);

    // The derived labels agree with the raw outcome, row for row, on the distinct raw rows.
    const raw = parseCsv(readFileSync(path.join(await resolveDatasetDir('affairs'), 'data.csv'), 'utf8'));
    const at = (name: string) => raw.header.indexOf(name);
    const distinct = new Map(raw.rows.map((r) => [[...INPUTS.map((c) => r[at(c)]), r[at('affairs')]].join(','), Number(r[at('affairs')]) > 0]));
    const expectedYes = [...distinct.values()].filter(Boolean).length;
    const train = parseCsv(readFileSync(task.paths.train, 'utf8'));
    const answers = parseCsv(readFileSync(task.paths.answers, 'utf8'));
    const labels = [...train.rows.map((r) => r[train.header.indexOf('had_affair')]), ...answers.rows.map((r) => r[answers.header.indexOf('had_affair')])];
    expect(labels.length).toBe(distinct.size);
    expect(labels.filter((l) => l === 'yes').length).toBe(expectedYes);
    expect(new Set(labels)).toEqual(new Set(['no', 'yes']));
    // The source column never reaches the agent.
    expect(train.header).toEqual(['id', ...INPUTS, 'had_affair']);
    expect(readFileSync(task.paths.test, 'utf8').split('\n', 1)[0]).toBe(['id', ...INPUTS].join(','));

    expect((await prepareTask(task)).status).toBe('up-to-date');
    // A changed recipe is new data: prepared again.
    const changed = { ...affairsRecipe(), seed: 12 };
    writeFileSync(task.paths.manifest, JSON.stringify({ ...task.manifest, recipe: changed }));
    expect((await prepareTask(await loadTask(dir))).status).toBe('prepared');
  });

  it('a recipe that does not fit its table fails with the preparer\'s message naming the column', { timeout: 120_000 }, async () => {
    const dir = await writeRecipeTask({ ...affairsRecipe(), inputs: [...INPUTS, 'no_such_column'] });
    await expect(prepareTask(await loadTask(dir))).rejects.toThrow(/\(recipe\) failed[\s\S]*data\.csv: missing columns \['no_such_column'\]/);
  });

  it('task.json refuses a recipe whose target source is also an input', async () => {
    const dir = await writeRecipeTask({ ...affairsRecipe(), inputs: [...INPUTS, 'affairs'] });
    await expect(loadTask(dir)).rejects.toThrow(/recipe\.inputs: the target's source column "affairs" is also an input/);
  });
});
