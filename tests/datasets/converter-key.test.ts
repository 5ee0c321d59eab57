import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeKey, converterFiles, converterKey, importClosure } from '../../harness/datasets/converter-key.js';
import { datasetDir, fetchDataset, loadDatasetManifest } from '../../harness/datasets/fetch.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { useTempArenaHome } from './helpers.js';

const REGISTRY = path.join(REPO_ROOT, 'harness', 'datasets', 'registry.ts');

/** The same closure by TypeScript's own pre-processor, which we did not write. */
function closureByTypeScript(root: string): string[] {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const info = ts.preProcessFile(ts.sys.readFile(file)!, true, true);
    for (const ref of info.importedFiles) if (ref.fileName.startsWith('.')) stack.push(path.resolve(path.dirname(file), ref.fileName.replace(/\.js$/, '.ts')));
  }
  return [...seen].sort();
}

describe('the converter key', () => {
  it('follows the imports TypeScript sees', () => {
    expect(importClosure([REGISTRY])).toEqual(closureByTypeScript(REGISTRY));
  });

  it('covers the converters, card builders, Python scripts and overrides, not fetching or tests', () => {
    const files = converterFiles(['harness/datasets/registry.ts']).map((f) => path.relative(REPO_ROOT, f));
    for (const f of ['harness/datasets/sources/r-packages.ts', 'harness/datasets/cards/complete.ts', 'harness/datasets/cards/overrides.ts', 'harness/datasets/manifest.ts', 'harness/datasets/python/rpkg/card.py', 'harness/datasets/sources/r-packages.overrides.json']) {
      expect(files).toContain(f);
    }
    for (const f of ['harness/datasets/fetch.ts', 'harness/datasets/registry.lock.json', 'harness/datasets/python/rpkg/tests/test_card.py']) expect(files).not.toContain(f);
  });

  it('changes when a card builder changes in a copy of the code, and only then', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'arena-key-'));
    try {
      await cp(path.join(REPO_ROOT, 'harness'), path.join(root, 'harness'), { recursive: true, filter: (src) => !src.includes('__pycache__') });
      const key = () => codeKey(converterFiles(['harness/datasets/registry.ts'], root), root);
      const original = key();
      expect(original).toBe(converterKey('registered'));
      await writeFile(path.join(root, 'harness/datasets/fetch.ts'), '// not a converter\n', { flag: 'a' });
      expect(key()).toBe(original);
      const builder = path.join(root, 'harness/datasets/cards/infer.ts');
      await writeFile(builder, (await readFile(builder, 'utf8')) + '\n// a changed card builder\n');
      expect(key()).not.toBe(original);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('fetching a copy made by other converter code', () => {
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ cleanup } = await useTempArenaHome());
  });
  afterAll(() => cleanup());

  /** Rewrites a fetched dataset's card description and recorded key, as older code would have left them. */
  async function age(name: string, key: string | undefined): Promise<void> {
    const file = path.join(datasetDir(name), 'dataset.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    manifest.card.description = 'STALE';
    if (key === undefined) delete manifest.converterKey;
    else manifest.converterKey = key;
    await writeFile(file, JSON.stringify(manifest));
  }

  it('records the key and keeps a copy made under the current key', async () => {
    const first = await fetchDataset('iris');
    expect(first).toMatchObject({ fetched: true, reason: 'not fetched yet' });
    expect(first.manifest.converterKey).toBe(converterKey('registered'));
    await age('iris', converterKey('registered'));
    const again = await fetchDataset('iris');
    expect(again.fetched).toBe(false);
    expect(again.manifest.card.description).toBe('STALE');
  });

  it('converts again, saying why, when the recorded key differs or is missing', async () => {
    const fresh = (await fetchDataset('glass')).manifest.card.description;
    expect(fresh).not.toBe('STALE');
    await age('glass', 'a'.repeat(64));
    const remade = await fetchDataset('glass');
    expect(remade.fetched).toBe(true);
    expect(remade.reason).toMatch(/^converter or card code changed since it was converted \(key aaaaaaaaaaaa… now [0-9a-f]{12}…\)$/);
    expect((await loadDatasetManifest(datasetDir('glass'))).card.description).toBe(fresh);
    await age('glass', undefined);
    expect((await fetchDataset('glass')).reason).toMatch(/before converter keys were recorded/);
    expect((await loadDatasetManifest(datasetDir('glass'))).card.description).toBe(fresh);
  });
});
