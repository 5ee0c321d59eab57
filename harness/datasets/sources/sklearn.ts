import type { CardColumn } from '../card.js';
import { sklearnCard, SklearnDocs } from '../cards/sklearn-descr.js';
import { debianVersion, runConverterScript, type DatasetSpec, type Provenance } from './common.js';
import { indexExclusions } from './package-index.js';

const PACKAGE = 'python3-sklearn';
/** From /usr/share/doc/python3-sklearn/copyright (Files: *); the data files ship inside sklearn/datasets/data. */
const SKLEARN_LICENSE = 'BSD-3-Clause (scikit-learn, Debian python3-sklearn copyright)';

interface SklearnSpec extends Omit<DatasetSpec, 'source' | 'convert'> {
  /** The sklearn.datasets loader, and the column its `target` becomes. */
  loader: string;
  targetColumn: string;
  origin: string;
  /** Columns the converter makes that sklearn does not name. */
  extraColumns?: CardColumn[];
}

function sklearnDataset({ loader, targetColumn, origin, extraColumns, ...spec }: SklearnSpec): DatasetSpec {
  return {
    ...spec,
    source: { kind: 'debian', package: PACKAGE },
    async convert(dir: string): Promise<Provenance> {
      const docs = await runConverterScript(spec.name, 'export_sklearn.py', [loader, targetColumn, dir], SklearnDocs);
      const license = `${SKLEARN_LICENSE}; data: ${origin}`;
      return { version: await debianVersion(PACKAGE), license, card: sklearnCard(docs, license, extraColumns) };
    },
  };
}

const SKLEARN: SklearnSpec[] = [
  {
    name: 'iris-sklearn',
    loader: 'load_iris',
    targetColumn: 'species',
    title: "Fisher's iris (scikit-learn copy)",
    description: "scikit-learn's copy of Fisher's iris: sepal and petal length and width (cm) of 150 flowers, 50 of each species; columns named as sklearn feature_names, class in `species`.",
    modality: 'tabular',
    domain: 'botany',
    approxRows: 150,
    approxColumns: 5,
    knownTargets: ['species'],
    origin: 'Fisher (1936), as in R (not the UCI copy, which has two wrong data points)',
  },
  {
    name: 'wine',
    loader: 'load_wine',
    targetColumn: 'cultivar',
    title: 'Wine recognition',
    description:
      'Chemical analysis (13 measurements) of 178 Italian wines from three cultivars; columns named as sklearn feature_names, class in `cultivar` (class_0, class_1, class_2).',
    modality: 'tabular',
    domain: 'chemistry',
    approxRows: 178,
    approxColumns: 14,
    knownTargets: ['cultivar'],
    origin: 'UCI Machine Learning Repository, Wine data set (Forina et al.)',
  },
  {
    name: 'breast-cancer',
    loader: 'load_breast_cancer',
    targetColumn: 'diagnosis',
    title: 'Breast cancer Wisconsin (diagnostic)',
    description:
      '30 features computed from digitized images of fine needle aspirates of breast masses (mean, standard error and worst of 10 cell-nucleus measurements); `diagnosis` is malignant or benign. 569 cases.',
    modality: 'tabular',
    domain: 'medicine',
    approxRows: 569,
    approxColumns: 31,
    knownTargets: ['diagnosis'],
    origin: 'UCI Machine Learning Repository, Breast Cancer Wisconsin (Diagnostic), Wolberg, Street and Mangasarian',
  },
  {
    name: 'diabetes',
    loader: 'load_diabetes',
    targetColumn: 'progression',
    title: 'Diabetes progression',
    description:
      'Ten baseline variables (age, sex, body mass index, average blood pressure, six blood serum measurements s1-s6) of 442 diabetes patients, unscaled, and `progression`, a quantitative measure of disease progression one year after baseline.',
    modality: 'tabular',
    domain: 'medicine',
    approxRows: 442,
    approxColumns: 11,
    knownTargets: ['progression'],
    origin: 'Efron, Hastie, Johnstone and Tibshirani (2004), Least Angle Regression',
  },
  {
    name: 'digits',
    loader: 'load_digits',
    targetColumn: 'label',
    title: 'Optical recognition of handwritten digits (8x8)',
    description:
      '1797 handwritten digits as 8x8 grayscale PNG images (pixel = sklearn value x16, clipped to 255) with their digit 0-9 in labels.csv.',
    modality: 'image',
    domain: 'handwriting',
    approxRows: 1797,
    approxColumns: 2,
    knownTargets: ['label'],
    origin: 'UCI Machine Learning Repository, Optical Recognition of Handwritten Digits (Alpaydin and Kaynak)',
    extraColumns: [
      {
        name: 'image',
        meaning: "the digit's 8x8 image (DESCR: integer pixels in the range 0..16), stored as an 8-bit grayscale PNG with each pixel x16, clipped to 255",
        type: 'path',
        role: 'input',
        origin: 'documented',
      },
    ],
  },
];

export const sklearnDatasets: DatasetSpec[] = SKLEARN.map(sklearnDataset);

/** scikit-learn's loaders and fetchers that are not registered, with the reason. */
export function sklearnExclusions(): Promise<{ dataset: string; reason: string }[]> {
  return indexExclusions('sklearn', new Map(SKLEARN.map((d) => [d.loader, d.name])));
}
