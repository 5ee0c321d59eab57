import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCard } from '../../harness/datasets/card.js';
import { UserDataError } from '../../harness/datasets/errors.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { FileFormatError } from '../../harness/util/json-file.js';
import { useTempArenaHome } from './helpers.js';

// A user folder documents itself with datacard.json or README.md; otherwise its card is inferred and says so.

const SALES = 'order,price,qty,region\n1,2.5,3,north\n2,3.5,4,south\n3,1.5,1,north\n4,2.0,2,east\n';

let cleanup: () => Promise<void>;
let scratch: string;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
  scratch = await mkdtemp(path.join(tmpdir(), 'arena-user-cards-'));
});
afterAll(async () => {
  await cleanup();
  await rm(scratch, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir);
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

async function failure(dir: string): Promise<Error> {
  const error = await fetchDataset(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('user dataset cards', () => {
  it('datacard.json: validated, facts documented, types measured, not taken for a table', async () => {
    const datacard = {
      title: 'Corner shop orders',
      description: 'Orders of one week.',
      columns: [
        { name: 'order', meaning: 'order number', role: 'identifier' },
        { name: 'price', meaning: 'unit price', unit: 'EUR', role: 'input' },
        { name: 'qty', meaning: 'units sold', role: 'outcome' },
      ],
      targets: [{ column: 'qty', modelFamily: 'poisson', evidence: { kind: 'package-docs', text: 'we forecast units sold' } }],
    };
    const { manifest } = await fetchDataset(await folder('shop', { 'sales.csv': SALES, 'datacard.json': JSON.stringify(datacard) }));
    expect(manifest.tables.map((t) => t.file)).toEqual(['sales.csv']);
    const card = manifest.card;
    expect(card).toMatchObject({ title: 'Corner shop orders', license: 'unknown (user-provided data)' });
    expect(card.columns.find((c) => c.name === 'price')).toMatchObject({ unit: 'EUR', type: 'number', origin: 'documented' });
    expect(card.columns.find((c) => c.name === 'region')).toMatchObject({ origin: 'inferred', coding: 'north, east, south' });
    expect(card.targets).toEqual([expect.objectContaining({ column: 'qty', modelFamily: 'poisson', origin: 'documented' })]);
  });

  it('a malformed datacard.json is refused naming the file and the field', async () => {
    const bad = { title: 'x', description: '', columns: [{ name: 'order', meaning: 'n' }, { name: 'price', meaning: 'p' }, { name: 'qty', meaning: 'q', role: 'target' }] };
    const dir = await folder('bad-role', { 'sales.csv': SALES, 'datacard.json': JSON.stringify(bad) });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toContain(`${path.join(dir, 'datacard.json')}: field columns[2].role:`);

    const unknown = { ...bad, columns: [{ name: 'order', meaning: 'n', role: 'identifier' }, { name: 'discount', meaning: 'd', role: 'input' }] };
    const other = await failure(await folder('bad-column', { 'sales.csv': SALES, 'datacard.json': JSON.stringify(unknown) }));
    expect(other).toBeInstanceOf(UserDataError);
    expect(other.message).toMatch(/bad-column\/datacard\.json, field "columns\[1\]\.name": "discount" is not a column of the data/);

    const notJson = await failure(await folder('not-json', { 'sales.csv': SALES, 'datacard.json': '{ title: ' }));
    expect(notJson.message).toContain('datacard.json: not valid JSON');
  });

  it('README.md: title, description and a column table with units and roles', async () => {
    const readme = [
      '# Shop sales',
      '',
      'Daily sales of a small shop, one row per order.',
      '',
      '| column | meaning | unit | role |',
      '|---|---|---|---|',
      '| order | order number | | identifier |',
      '| price | unit price | EUR | input |',
      '| qty | units sold | | outcome |',
      '',
    ].join('\n');
    const { manifest } = await fetchDataset(await folder('readme-table', { 'sales.csv': SALES, 'README.md': readme }));
    const card = manifest.card;
    expect(card).toMatchObject({ title: 'Shop sales', description: 'Daily sales of a small shop, one row per order.', origins: { title: 'documented', description: 'documented' } });
    expect(card.columns.find((c) => c.name === 'price')).toMatchObject({ meaning: 'unit price', unit: 'EUR', role: 'input', origin: 'documented' });
    expect(card.columns.find((c) => c.name === 'order')?.role).toBe('identifier');
    expect(card.targets.map((t) => t.column)).toEqual(['qty']);
  });

  it('README.md: `- name: meaning (unit)` bullets; a wrong role in a table names the file and row', async () => {
    const bullets = '# Orders\n\nOne week.\n\n## Columns\n\n- price: unit price (EUR)\n- qty: units sold\n';
    const { manifest } = await fetchDataset(await folder('readme-bullets', { 'sales.csv': SALES, 'README.md': bullets }));
    expect(manifest.card.columns.find((c) => c.name === 'price')).toMatchObject({ meaning: 'unit price', unit: 'EUR', origin: 'documented' });
    expect(manifest.card.columns.find((c) => c.name === 'qty')).toMatchObject({ meaning: 'units sold', origin: 'documented' });

    const table = '# T\n\n| name | description | role |\n|---|---|---|\n| qty | units | target |\n';
    const error = await failure(await folder('readme-bad-role', { 'sales.csv': SALES, 'README.md': table }));
    expect(error.message).toMatch(/readme-bad-role\/README\.md, field "column table row 1: role": "target" is not one of identifier, /);
  });

  it('without documentation the card is inferred from the data and says so', async () => {
    const { manifest } = await fetchDataset(await folder('bare', { 'sales.csv': SALES }));
    const card = DatasetCard.parse(manifest.card);
    expect(card.origins).toEqual({ title: 'inferred', description: 'inferred', license: 'inferred' });
    expect(card.description).toContain('inferred from the data');
    expect(card.columns.every((c) => c.origin === 'inferred')).toBe(true);
    expect(card.targets).toEqual([]);
  });
});
