import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetIntegrityError, UnknownDatasetError } from '../../harness/datasets/errors.js';
import { datasetDir, fetchDataset, loadDatasetManifest, resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { installDataset } from '../../harness/datasets/install.js';
import type { DatasetManifest } from '../../harness/datasets/schema.js';
import { FileFormatError } from '../../harness/util/json-file.js';
import { datasetsDir } from '../../harness/util/paths.js';
import { pngHeader, readTable, useTempArenaHome } from './helpers.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Recomputes every file's sha256 and compares with the manifest; also checks nothing unlisted is there. */
async function expectFilesMatch(dir: string, manifest: DatasetManifest): Promise<void> {
  const listed = Object.keys(manifest.files);
  expect(listed.length).toBeGreaterThan(0);
  for (const [file, digest] of Object.entries(manifest.files)) expect(sha256(await readFile(path.join(dir, file))), file).toBe(digest);
  const onDisk = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
  expect(onDisk).toBe(listed.length + 1); // + dataset.json
}

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

describe('fetching registered datasets', () => {
  // One per converter family: npm (TS), vega (TS), statsmodels, mlbench (rdata), fortunes (TS), sklearn images.
  const cases: [string, DatasetManifest['modality'], string][] = [
    ['iris', 'tabular', 'npm'],
    ['penguins', 'tabular', 'npm'],
    ['sunspots', 'time-series', 'debian'],
    ['glass', 'tabular', 'debian'],
    ['fortunes', 'text', 'debian'],
    ['digits', 'image', 'debian'],
  ];

  it.each(cases)('%s: a valid manifest whose hashes match the files', async (name, modality, kind) => {
    const { dir, manifest, fetched } = await fetchDataset(name);
    expect(fetched).toBe(true);
    expect(dir).toBe(path.join(datasetsDir(), name));
    expect(await loadDatasetManifest(dir)).toEqual(manifest);
    expect(manifest.name).toBe(name);
    expect(manifest.modality).toBe(modality);
    expect(manifest.source.kind).toBe(kind);
    expect(manifest.source.version).toMatch(/\d/);
    expect(manifest.license.length).toBeGreaterThan(5);
    expect(manifest.tables[0]!.rows).toBeGreaterThan(100);
    const columns = manifest.tables.flatMap((t) => t.columns.map((c) => c.name));
    for (const target of manifest.knownTargets) expect(columns).toContain(target);
    await expectFilesMatch(dir, manifest);
  });

  it('profiles column types', async () => {
    const types = (m: DatasetManifest) => Object.fromEntries(m.tables[0]!.columns.map((c) => [c.name, c.type]));
    expect(types((await fetchDataset('iris')).manifest)).toEqual({ sepal_length: 'number', sepal_width: 'number', petal_length: 'number', petal_width: 'number', species: 'string' });
    expect(types((await fetchDataset('digits')).manifest)).toEqual({ image: 'path', label: 'integer' });
    expect(types((await fetchDataset('fortunes')).manifest)).toMatchObject({ id: 'integer', category: 'string', text: 'text' });
    expect(types((await fetchDataset('seattle-weather')).manifest)).toMatchObject({ date: 'datetime', weather: 'string' });
  });

  it('is a no-op when a verified copy is present', async () => {
    const dir = datasetDir('glass');
    const before = await stat(path.join(dir, 'dataset.json'));
    const again = await fetchDataset('glass');
    expect(again.fetched).toBe(false);
    expect((await stat(path.join(dir, 'dataset.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  it.each(['iris', 'glass', 'digits'])('%s: fetching again with force gives byte-identical files', async (name) => {
    const dir = datasetDir(name);
    const manifestBefore = await readFile(path.join(dir, 'dataset.json'));
    const first = await loadDatasetManifest(dir);
    const again = await fetchDataset(name, { force: true });
    expect(again.fetched).toBe(true);
    expect((await readFile(path.join(dir, 'dataset.json'))).equals(manifestBefore)).toBe(true);
    await expectFilesMatch(dir, first);
  });

  it('converts again when a file was altered', async () => {
    const dir = datasetDir('iris');
    const digest = (await loadDatasetManifest(dir)).files['data.csv'];
    await appendFile(path.join(dir, 'data.csv'), '9,9,9,9,setosa\n');
    const result = await fetchDataset('iris');
    expect(result.fetched).toBe(true);
    expect(sha256(await readFile(path.join(dir, 'data.csv')))).toBe(digest);
  });

  it('writes 8x8 grayscale PNGs for digits, listed in labels.csv', async () => {
    const dir = await resolveDatasetDir('digits');
    const labels = await readTable(path.join(dir, 'labels.csv'));
    expect(labels.rows[0]).toEqual(['images/00000.png', '0']);
    expect(pngHeader(await readFile(path.join(dir, 'images', '01796.png')))).toEqual({ width: 8, height: 8, bitDepth: 8, colorType: 0 });
  });
});

describe('dataset arguments', () => {
  it('rejects an unknown name with the closest known names', async () => {
    const error = await fetchDataset('irsi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownDatasetError);
    expect((error as UnknownDatasetError).suggestions[0]).toBe('iris');
    expect((error as Error).message).toContain('Did you mean "iris"');
  });

  it('uses a canonical folder in place, and refuses it once altered', async () => {
    const dir = datasetDir('penguins');
    const result = await fetchDataset(dir);
    expect(result).toMatchObject({ dir, fetched: false });
    expect(result.manifest.name).toBe('penguins');
    await appendFile(path.join(dir, 'data.csv'), 'x\n');
    await expect(fetchDataset(dir)).rejects.toThrow(DatasetIntegrityError);
    await expect(fetchDataset(dir)).rejects.toThrow(/data\.csv does not match its sha256/);
  });

  it('names the manifest file and field when dataset.json is invalid', async () => {
    const dir = path.join(datasetsDir(), 'broken');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'dataset.json'), JSON.stringify({ name: 'broken', modality: 'video' }));
    const error = await loadDatasetManifest(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toContain(path.join(dir, 'dataset.json'));
    expect((error as Error).message).toContain('field modality');
    expect((error as Error).message).toContain('field tables');
  });
});

describe('atomic install', () => {
  it('leaves neither the target nor a temp folder when a conversion fails', async () => {
    const target = path.join(datasetsDir(), 'doomed');
    const failure = installDataset(target, async (temp) => {
      await writeFile(path.join(temp, 'data.csv'), 'a\n1\n');
      throw new Error('converter crashed');
    });
    await expect(failure).rejects.toThrow('converter crashed');
    expect(existsSync(target)).toBe(false);
    expect((await readdir(datasetsDir())).filter((e) => e.includes('doomed'))).toEqual([]);
  });

  it('clears temp folders abandoned by dead processes', async () => {
    const abandoned = path.join(datasetsDir(), '.tmp-sonar-99999999-abcdef');
    await mkdir(abandoned, { recursive: true });
    await fetchDataset('sonar');
    expect(existsSync(abandoned)).toBe(false);
  });
});
