import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import type { DatasetManifest } from '../../harness/datasets/schema.js';
import { column, pngHeader, readTable, useTempArenaHome } from './helpers.js';

// The exact layouts the human-designed task suite is written against (see the datasets brief).

const WINE_FEATURES = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'];
const CANCER_MEASURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
const CANCER_FEATURES = [...CANCER_MEASURES.map((m) => `mean ${m}`), ...CANCER_MEASURES.map((m) => `${m} error`), ...CANCER_MEASURES.map((m) => `worst ${m}`)];
const LETTER_COLUMNS = ['lettr', 'x.box', 'y.box', 'width', 'high', 'onpix', 'x.bar', 'y.bar', 'x2bar', 'y2bar', 'xybar', 'x2ybr', 'xy2br', 'x.ege', 'xegvy', 'y.ege', 'yegvx'];
const SHUTTLE_CLASSES = ['Rad.Flow', 'Fpv.Close', 'Fpv.Open', 'High', 'Bypass', 'Bpv.Close', 'Bpv.Open'];
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

async function table(name: string, file: string): Promise<{ dir: string; manifest: DatasetManifest; header: string[]; rows: string[][] }> {
  const { dir, manifest } = await fetchDataset(name);
  const data = await readTable(path.join(dir, file));
  expect(manifest.tables.find((t) => t.file === file)?.rows).toBe(data.rows.length);
  return { dir, manifest, ...data };
}

const distinct = (values: string[]) => [...new Set(values)].sort();

describe('human-suite dataset layouts', () => {
  it('iris', async () => {
    const t = await table('iris', 'data.csv');
    expect(t.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(t.rows).toHaveLength(150);
    expect(distinct(column(t, 'species'))).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('wine', async () => {
    const t = await table('wine', 'data.csv');
    expect(t.header).toEqual([...WINE_FEATURES, 'cultivar']);
    expect(t.rows).toHaveLength(178);
    expect(distinct(column(t, 'cultivar'))).toEqual(['class_0', 'class_1', 'class_2']);
  });

  it('breast-cancer', async () => {
    const t = await table('breast-cancer', 'data.csv');
    expect(t.header).toEqual([...CANCER_FEATURES, 'diagnosis']);
    expect(t.rows).toHaveLength(569);
    const diagnosis = column(t, 'diagnosis');
    expect(distinct(diagnosis)).toEqual(['benign', 'malignant']);
    expect(diagnosis.filter((d) => d === 'malignant')).toHaveLength(212);
  });

  it('diabetes (unscaled)', async () => {
    const t = await table('diabetes', 'data.csv');
    expect(t.header).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression']);
    expect(t.rows).toHaveLength(442);
    expect(t.rows[0]!.slice(0, 3)).toEqual(['59', '2', '32.1']);
    expect(distinct(column(t, 'sex'))).toEqual(['1', '2']);
  });

  it('boston', async () => {
    const t = await table('boston', 'data.csv');
    expect(t.header).toEqual(['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat', 'medv']);
    expect(t.rows).toHaveLength(506);
  });

  it('digits: 8x8 PNGs and labels.csv', async () => {
    const t = await table('digits', 'labels.csv');
    expect(t.header).toEqual(['image', 'label']);
    expect(t.rows).toHaveLength(1797);
    expect(column(t, 'image')[42]).toBe('images/00042.png');
    expect(distinct(column(t, 'label'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(await readdir(path.join(t.dir, 'images'))).toHaveLength(1797);
    const png = await readFile(path.join(t.dir, 'images', '00000.png'));
    expect(pngHeader(png)).toEqual({ width: 8, height: 8, bitDepth: 8, colorType: 0 });
  });

  it('letter', async () => {
    const t = await table('letter', 'data.csv');
    expect(t.header).toEqual(LETTER_COLUMNS);
    expect(t.rows).toHaveLength(20000);
    expect(distinct(column(t, 'lettr'))).toHaveLength(26);
  });

  it('shuttle', async () => {
    const t = await table('shuttle', 'data.csv');
    expect(t.header).toEqual(['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8', 'V9', 'Class']);
    expect(t.rows).toHaveLength(58000);
    expect(distinct(column(t, 'Class'))).toEqual([...SHUTTLE_CLASSES].sort());
  });

  it('spambase', async () => {
    const t = await table('spambase', 'data.csv');
    expect(t.header).toHaveLength(58);
    expect(t.header.slice(0, 3)).toEqual(['make', 'address', 'all']);
    expect(t.header.slice(-4)).toEqual(['capitalAve', 'capitalLong', 'capitalTotal', 'type']);
    expect(t.rows).toHaveLength(4601);
    expect(column(t, 'type').filter((v) => v === 'spam')).toHaveLength(1813);
  });

  it('fashion-mnist: a recorded 14000-image sample with class names', async () => {
    const t = await table('fashion-mnist', 'labels.csv');
    expect(t.header).toEqual(['image', 'label']);
    expect(t.rows).toHaveLength(14000);
    expect(distinct(column(t, 'label'))).toEqual([...FASHION_CLASSES].sort());
    expect(t.manifest.sampling).toMatchObject({ seed: 0, fromRows: 70000, toRows: 14000 });
    expect(pngHeader(await readFile(path.join(t.dir, 'images', '13999.png')))).toEqual({ width: 28, height: 28, bitDepth: 8, colorType: 0 });
  });

  it('spam-assassin: all messages, label from the group', async () => {
    const t = await table('spam-assassin', 'data.csv');
    expect(t.header).toEqual(['id', 'group', 'label', 'text']);
    expect(t.rows).toHaveLength(6046);
    expect(new Set(column(t, 'id')).size).toBe(6046);
    for (const [, group, label] of t.rows) expect(label).toBe(group!.startsWith('spam') ? 'spam' : 'ham');
    expect(column(t, 'label').filter((l) => l === 'spam')).toHaveLength(1896);
  });

  it('seattle-weather', async () => {
    const t = await table('seattle-weather', 'data.csv');
    expect(t.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(t.rows).toHaveLength(1461);
    expect(distinct(column(t, 'weather'))).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
  });
});
