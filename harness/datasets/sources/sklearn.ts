import { debianVersion, NoOutput, runConverterScript, type DatasetSpec, type Provenance } from './common.js';

const PACKAGE = 'python3-sklearn';
/** From /usr/share/doc/python3-sklearn/copyright (Files: *); the data files ship inside sklearn/datasets/data. */
const SKLEARN_LICENSE = 'BSD-3-Clause (scikit-learn, Debian python3-sklearn copyright)';

function sklearnDataset(spec: Omit<DatasetSpec, 'source' | 'convert'> & { origin: string }): DatasetSpec {
  const { origin, ...rest } = spec;
  return {
    ...rest,
    source: { kind: 'debian', package: PACKAGE },
    async convert(dir: string): Promise<Provenance> {
      await runConverterScript(spec.name, 'export_sklearn.py', [spec.name, dir], NoOutput);
      return { version: await debianVersion(PACKAGE), license: `${SKLEARN_LICENSE}; data: ${origin}` };
    },
  };
}

export const sklearnDatasets: DatasetSpec[] = [
  sklearnDataset({
    name: 'wine',
    title: 'Wine recognition',
    description:
      'Chemical analysis (13 measurements) of 178 Italian wines from three cultivars; columns named as sklearn feature_names, class in `cultivar` (class_0, class_1, class_2).',
    modality: 'tabular',
    domain: 'chemistry',
    approxRows: 178,
    knownTargets: ['cultivar'],
    origin: 'UCI Machine Learning Repository, Wine data set (Forina et al.)',
  }),
  sklearnDataset({
    name: 'breast-cancer',
    title: 'Breast cancer Wisconsin (diagnostic)',
    description:
      '30 features computed from digitized images of fine needle aspirates of breast masses (mean, standard error and worst of 10 cell-nucleus measurements); `diagnosis` is malignant or benign. 569 cases.',
    modality: 'tabular',
    domain: 'medicine',
    approxRows: 569,
    knownTargets: ['diagnosis'],
    origin: 'UCI Machine Learning Repository, Breast Cancer Wisconsin (Diagnostic), Wolberg, Street and Mangasarian',
  }),
  sklearnDataset({
    name: 'diabetes',
    title: 'Diabetes progression',
    description:
      'Ten baseline variables (age, sex, body mass index, average blood pressure, six blood serum measurements s1-s6) of 442 diabetes patients, unscaled, and `progression`, a quantitative measure of disease progression one year after baseline.',
    modality: 'tabular',
    domain: 'medicine',
    approxRows: 442,
    knownTargets: ['progression'],
    origin: 'Efron, Hastie, Johnstone and Tibshirani (2004), Least Angle Regression',
  }),
  sklearnDataset({
    name: 'digits',
    title: 'Optical recognition of handwritten digits (8x8)',
    description:
      '1797 handwritten digits as 8x8 grayscale PNG images (pixel = sklearn value x16, clipped to 255) with their digit 0-9 in labels.csv.',
    modality: 'image',
    domain: 'handwriting',
    approxRows: 1797,
    knownTargets: ['label'],
    origin: 'UCI Machine Learning Repository, Optical Recognition of Handwritten Digits (Alpaydin and Kaynak)',
  }),
];
