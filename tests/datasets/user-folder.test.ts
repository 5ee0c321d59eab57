import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserDataError } from '../../harness/datasets/errors.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { runPython } from '../../harness/util/python.js';
import { datasetsDir } from '../../harness/util/paths.js';
import { column, grayPng, pngHeader, readTable, useTempArenaHome } from './helpers.js';

let home: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ home, cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

/** Writes a folder tree described as relative path → content under `<home>/input/<name>`. */
async function makeFolder(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = path.join(home, 'input', name);
  await mkdir(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

async function importError(folder: string): Promise<UserDataError> {
  const error = await fetchDataset(folder).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserDataError);
  return error as UserDataError;
}

describe('user folders that convert', () => {
  it('CSV and both JSON shapes become canonical tables', async () => {
    const folder = await makeFolder('Shop Sales', {
      'train.csv': 'id,price,city\n1,9.5,"Paris, FR"\n2,12,Lyon\n',
      'test.json': JSON.stringify([{ id: 3, city: 'Nice' }, { id: 4, price: null, city: 'Metz', tags: ['a', 'b'] }]),
      'stores.json': JSON.stringify({ store: ['a', 'b', 'c'], open: [true, false, true] }),
      'README.md': 'ignored',
    });
    const { dir, manifest, fetched } = await fetchDataset(folder);
    expect(fetched).toBe(true);
    expect(dir).toBe(path.join(datasetsDir(), 'shop-sales'));
    expect(manifest.source).toMatchObject({ kind: 'user', package: 'Shop Sales', path: folder });
    expect(manifest.source.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.modality).toBe('tabular');
    expect(manifest.tables.map((t) => [t.file, t.rows])).toEqual([['stores.csv', 3], ['test.csv', 2], ['train.csv', 2]]);
    expect(await readFile(path.join(dir, 'test.csv'), 'utf8')).toBe('id,city,price,tags\n3,Nice,,\n4,Metz,,"[""a"",""b""]"\n');
    expect(await readFile(path.join(dir, 'train.csv'), 'utf8')).toBe('id,price,city\n1,9.5,"Paris, FR"\n2,12,Lyon\n');
    const types = Object.fromEntries(manifest.tables.flatMap((t) => t.columns.map((c) => [`${t.file}:${c.name}`, c.type])));
    expect(types).toMatchObject({ 'train.csv:price': 'number', 'train.csv:id': 'integer', 'stores.csv:open': 'boolean' });
  });

  it('is a no-op while the folder is unchanged, and re-imports when it changes', async () => {
    const folder = await makeFolder('tiny', { 'a.csv': 'x,y\n1,2\n' });
    const first = await fetchDataset(folder);
    expect((await fetchDataset(folder)).fetched).toBe(false);
    await writeFile(path.join(folder, 'a.csv'), 'x,y\n1,2\n3,4\n');
    const changed = await fetchDataset(folder);
    expect(changed.fetched).toBe(true);
    expect(changed.manifest.source.version).not.toBe(first.manifest.source.version);
    expect(changed.manifest.tables[0]!.rows).toBe(2);
    // Imported user datasets are then reachable by name.
    expect((await fetchDataset('tiny')).dir).toBe(changed.dir);
  });

  it('does not shadow a registered dataset', async () => {
    const folder = await makeFolder('iris', { 'flowers.csv': 'a,b\n1,2\n' });
    expect((await fetchDataset(folder)).manifest.name).toBe('user-iris');
  });

  it('text files in per-label folders become data.csv (id, text, label)', async () => {
    const folder = await makeFolder('reviews', {
      'pos/a.txt': 'Loved it, "great" value.\nWould buy again.',
      'pos/b.txt': 'Excellent.',
      'neg/c.txt': '\ufeffTerrible, broke after a day.',
    });
    const { dir, manifest } = await fetchDataset(folder);
    expect(manifest).toMatchObject({ modality: 'text', knownTargets: ['label'] });
    const data = await readTable(path.join(dir, 'data.csv'));
    expect(data.header).toEqual(['id', 'text', 'label']);
    expect(column(data, 'id')).toEqual(['0', '1', '2']);
    const byText = Object.fromEntries(data.rows.map((r) => [r[1], r[2]]));
    expect(byText).toEqual({ 'Loved it, "great" value.\nWould buy again.': 'pos', 'Excellent.': 'pos', 'Terrible, broke after a day.': 'neg' });
  });

  it('images in per-label folders become images/*.png and labels.csv', async () => {
    const png = grayPng([
      [0, 128],
      [255, 64],
    ]);
    const folder = await makeFolder('pets', { 'cat/1.png': png, 'cat/2.png': grayPng([[1, 2, 3]]), 'dog/1.png': png });
    const jpeg = path.join(folder, 'dog', '2.jpg');
    const made = await runPython(['-c', 'import sys; from PIL import Image; Image.new("RGB", (5, 3), (200, 10, 10)).save(sys.argv[1], "JPEG")', jpeg]);
    expect(made.code).toBe(0);
    const { dir, manifest } = await fetchDataset(folder);
    expect(manifest).toMatchObject({ modality: 'image', knownTargets: ['label'] });
    expect(manifest.tables[0]!.columns).toEqual([{ name: 'image', type: 'path' }, { name: 'label', type: 'string' }]);
    const labels = await readTable(path.join(dir, 'labels.csv'));
    expect(labels.rows).toHaveLength(4);
    expect(column(labels, 'label').sort()).toEqual(['cat', 'cat', 'dog', 'dog']);
    expect((await readdir(path.join(dir, 'images'))).sort()).toEqual(['00000.png', '00001.png', '00002.png', '00003.png']);
    const sizes = [];
    const pngDigest = createHash('sha256').update(png).digest('hex');
    for (const image of column(labels, 'image')) {
      const bytes = await readFile(path.join(dir, image));
      const header = pngHeader(bytes);
      sizes.push(`${header.width}x${header.height}`);
      if (header.width === 2) expect(createHash('sha256').update(bytes).digest('hex')).toBe(pngDigest); // PNGs are copied as is
    }
    expect(sizes.sort()).toEqual(['2x2', '2x2', '3x1', '5x3']);
  });
});

describe('malformed user folders', () => {
  it('unparsable CSV: names the file and line', async () => {
    const folder = await makeFolder('bad-quote', { 'ok.csv': 'a\n1\n', 'bad.csv': 'a,b\n1,2\n3,"unterminated\n' });
    const error = await importError(folder);
    expect(error.location).toMatchObject({ file: path.join(folder, 'bad.csv'), line: 3 });
    expect(error.message).toMatch(/bad\.csv, line 3: unparsable CSV/);
  });

  it('ragged row: names the file and line', async () => {
    const folder = await makeFolder('ragged', { 'data.csv': 'a,b,c\n1,2,3\n4,5\n' });
    expect((await importError(folder)).message).toBe(`${path.join(folder, 'data.csv')}, line 3: ragged row: 2 fields where the header has 3`);
  });

  it('empty file and duplicate column names', async () => {
    expect((await importError(await makeFolder('empty', { 'data.csv': '' }))).message).toMatch(/data\.csv: empty file$/);
    expect((await importError(await makeFolder('dup', { 'data.csv': 'a,a\n1,2\n' }))).message).toMatch(/data\.csv, line 1, field "a": duplicate column name/);
    expect((await importError(await makeFolder('header-only', { 'data.csv': 'a,b\n' }))).message).toMatch(/no data rows/);
  });

  it('JSON that is not records or columns: names the file and element or field', async () => {
    const numbers = await importError(await makeFolder('numbers', { 'data.json': '[{"a": 1}, 2]' }));
    expect(numbers.location.field).toBe('[1]');
    expect(numbers.message).toMatch(/data\.json, field "\[1\]": element is number, not a record/);
    const mixed = await importError(await makeFolder('mixed-cols', { 'data.json': '{"a": [1, 2], "b": 3}' }));
    expect(mixed.message).toMatch(/data\.json, field "b": is number/);
    const uneven = await importError(await makeFolder('uneven', { 'data.json': '{"a": [1, 2], "b": [3]}' }));
    expect(uneven.message).toMatch(/field "b": has 1 values where "a" has 2/);
    expect((await importError(await makeFolder('scalar', { 'data.json': '"hello"' }))).message).toMatch(/top-level value is string/);
    expect((await importError(await makeFolder('not-json', { 'data.json': '{oops' }))).message).toMatch(/data\.json: not valid JSON/);
  });

  it('no tables at all', async () => {
    expect((await importError(await makeFolder('nothing', { 'README.md': 'just docs' }))).message).toMatch(/no tables/);
    const empty = path.join(home, 'input', 'really-empty');
    await mkdir(empty, { recursive: true });
    expect((await importError(empty)).message).toMatch(/really-empty: no tables/);
  });

  it('unreadable image, mixed label folders, missing folder', async () => {
    const corrupt = await makeFolder('corrupt', { 'a/1.png': grayPng([[1]]), 'b/2.png': 'not really a png' });
    const error = await importError(corrupt);
    expect(error.location.file).toBe(path.join(corrupt, 'b', '2.png'));
    expect(error.message).toMatch(/not a readable image/);
    const mixed = await makeFolder('mixed-kinds', { 'a/1.png': grayPng([[1]]), 'b/note.txt': 'hello' });
    expect((await importError(mixed)).location.file).toBe(path.join(mixed, 'b', 'note.txt'));
    expect((await importError(path.join(home, 'input', 'missing', 'folder'))).message).toMatch(/no such folder/);
  });

  it('leaves no half dataset behind', async () => {
    const names = await readdir(datasetsDir());
    for (const bad of ['bad-quote', 'ragged', 'numbers', 'corrupt']) expect(names).not.toContain(bad);
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
    expect(existsSync(path.join(datasetsDir(), 'shop-sales', 'dataset.json'))).toBe(true);
  });
});
