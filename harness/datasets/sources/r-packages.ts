import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../util/paths.js';
import { DatasetConversionError } from '../errors.js';
import { NoOutput, runConverterScript, type DatasetSpec, type Provenance } from './common.js';

/** R data packages are unpacked (not installed) here by scripts/setup.sh: apt-get download + dpkg-deb -x. */
const UNPACK_DIR = path.join(REPO_ROOT, '.cache', 'debian-r');

interface RPackage {
  debian: 'r-cran-mlbench' | 'r-cran-kernlab';
  r: string;
  /** From the package's DESCRIPTION and /usr/share/doc/<pkg>/copyright. */
  license: string;
}

const MLBENCH: RPackage = { debian: 'r-cran-mlbench', r: 'mlbench', license: 'GPL-2 (mlbench, Debian r-cran-mlbench copyright)' };
const KERNLAB: RPackage = { debian: 'r-cran-kernlab', r: 'kernlab', license: 'GPL-2+ (kernlab DESCRIPTION, Debian r-cran-kernlab copyright)' };

/** The Debian version from the first line of the unpacked changelog: `r-cran-x (2.1-3-1) unstable; ...`. */
async function unpackedVersion(pkg: RPackage): Promise<string> {
  const changelog = path.join(UNPACK_DIR, pkg.debian, 'usr', 'share', 'doc', pkg.debian, 'changelog.Debian.gz');
  const first = gunzipSync(await readFile(changelog)).toString('utf8').split('\n', 1)[0] ?? '';
  const version = /\(([^)]+)\)/.exec(first)?.[1];
  if (!version) throw new Error(`cannot read the version of ${pkg.debian} from ${changelog}`);
  return version;
}

interface RDataSpec extends Omit<DatasetSpec, 'source' | 'convert'> {
  pkg: RPackage;
  /** The R object, which is also the .rda file name. */
  object: string;
  origin: string;
}

function rDataset({ pkg, object, origin, ...spec }: RDataSpec): DatasetSpec {
  return {
    ...spec,
    source: { kind: 'debian', package: pkg.debian },
    async convert(dir: string): Promise<Provenance> {
      const rda = path.join(UNPACK_DIR, pkg.debian, 'usr', 'lib', 'R', 'site-library', pkg.r, 'data', `${object}.rda`);
      if (!existsSync(rda)) {
        throw new DatasetConversionError(spec.name, `${rda} not found: run scripts/setup.sh (apt-get download ${pkg.debian} and dpkg-deb -x into ${UNPACK_DIR}/${pkg.debian})`);
      }
      await runConverterScript(spec.name, 'export_rdata.py', [rda, object, dir], NoOutput);
      return { version: await unpackedVersion(pkg), license: `${pkg.license}; data: ${origin}` };
    },
  };
}

const UCI = 'UCI Machine Learning Repository';

export const rDatasets: DatasetSpec[] = [
  rDataset({ pkg: MLBENCH, object: 'LetterRecognition', name: 'letter', title: 'Letter recognition', description: '20000 images of the 26 capital letters in 20 fonts, randomly distorted, summarized by 16 integer features (box position and size, pixel moments, edge counts); `lettr` is the letter. Columns as named in R.', modality: 'tabular', domain: 'character recognition', approxRows: 20000, knownTargets: ['lettr'], origin: `${UCI}, Letter Recognition (Slate)` }),
  rDataset({ pkg: MLBENCH, object: 'Shuttle', name: 'shuttle', title: 'Statlog shuttle', description: '58000 observations of 9 numeric sensor attributes of the NASA space shuttle radiator subsystem; `Class` is one of 7 states (Rad.Flow dominates, about 80%).', modality: 'tabular', domain: 'aerospace', approxRows: 58000, knownTargets: ['Class'], origin: `${UCI}, Statlog (Shuttle)` }),
  rDataset({ pkg: MLBENCH, object: 'Satellite', name: 'satellite', title: 'Statlog Landsat satellite', description: 'Multi-spectral values (4 bands) of 3x3 pixel neighbourhoods in Landsat images (36 features x.1-x.36); `classes` is the soil or crop type of the central pixel (6 classes). 6435 rows.', modality: 'tabular', domain: 'remote sensing', approxRows: 6435, knownTargets: ['classes'], origin: `${UCI}, Statlog (Landsat Satellite)` }),
  rDataset({ pkg: MLBENCH, object: 'DNA', name: 'dna-splice', title: 'Primate splice-junction gene sequences (Statlog DNA)', description: '3186 DNA sequence windows of 60 nucleotides, each one-hot coded as 3 binary indicators (V1-V180); `Class` is ei (exon/intron boundary), ie (intron/exon) or n (neither).', modality: 'tabular', domain: 'genomics', approxRows: 3186, knownTargets: ['Class'], origin: `${UCI}, Molecular Biology (Splice-junction Gene Sequences)` }),
  rDataset({ pkg: MLBENCH, object: 'Vehicle', name: 'vehicle-silhouettes', title: 'Vehicle silhouettes', description: '18 shape features extracted from silhouettes of 846 toy vehicles; `Class` is bus, opel, saab or van.', modality: 'tabular', domain: 'computer vision', approxRows: 846, knownTargets: ['Class'], origin: `${UCI}, Statlog (Vehicle Silhouettes), Turing Institute` }),
  rDataset({ pkg: MLBENCH, object: 'PimaIndiansDiabetes2', name: 'pima-diabetes', title: 'Pima Indians diabetes (corrected)', description: '768 Pima women aged 21+: pregnancies, glucose, blood pressure, triceps skinfold, insulin, BMI, pedigree, age; impossible zero values are missing (PimaIndiansDiabetes2). `diabetes` is pos or neg.', modality: 'tabular', domain: 'medicine', approxRows: 768, knownTargets: ['diabetes'], origin: `${UCI}, Pima Indians Diabetes (National Institute of Diabetes and Digestive and Kidney Diseases)` }),
  rDataset({ pkg: MLBENCH, object: 'Sonar', name: 'sonar', title: 'Sonar, mines vs. rocks', description: '208 sonar returns as energy in 60 frequency bands (V1-V60); `Class` is M (metal cylinder) or R (rock).', modality: 'tabular', domain: 'signal processing', approxRows: 208, knownTargets: ['Class'], origin: `${UCI}, Connectionist Bench (Sonar, Mines vs. Rocks), Gorman and Sejnowski` }),
  rDataset({ pkg: MLBENCH, object: 'Glass', name: 'glass', title: 'Glass identification', description: 'Refractive index and 8 oxide contents of 214 glass fragments; `Type` is one of 6 glass types (forensic science).', modality: 'tabular', domain: 'forensics', approxRows: 214, knownTargets: ['Type'], origin: `${UCI}, Glass Identification (German)` }),
  rDataset({ pkg: MLBENCH, object: 'Ionosphere', name: 'ionosphere', title: 'Johns Hopkins ionosphere radar', description: '351 radar returns from the ionosphere, 34 attributes (17 complex pulse numbers); `Class` is good or bad (evidence of structure or not).', modality: 'tabular', domain: 'physics', approxRows: 351, knownTargets: ['Class'], origin: `${UCI}, Ionosphere (Sigillito)` }),
  rDataset({ pkg: MLBENCH, object: 'Vowel', name: 'vowel', title: 'Vowel recognition (Deterding)', description: '990 utterances of 11 British English vowels by 15 speakers: speaker (V1) and 10 log-area-ratio features; `Class` is the vowel.', modality: 'tabular', domain: 'speech', approxRows: 990, knownTargets: ['Class'], origin: `${UCI}, Connectionist Bench (Vowel Recognition - Deterding)` }),
  rDataset({ pkg: MLBENCH, object: 'Soybean', name: 'soybean', title: 'Soybean disease (large)', description: '683 soybean plants described by 35 categorical attributes (weather, plant, leaf, stem, seed, fruit and root condition) with many missing values; `Class` is one of 19 diseases.', modality: 'tabular', domain: 'agriculture', approxRows: 683, knownTargets: ['Class'], origin: `${UCI}, Soybean (Large), Michalski` }),
  rDataset({ pkg: MLBENCH, object: 'BreastCancer', name: 'breast-cancer-wisconsin-original', title: 'Breast cancer Wisconsin (original)', description: '699 biopsies with 9 cytological characteristics graded 1-10 (ordered factors) and a sample `Id`; `Class` is benign or malignant. Bare.nuclei has missing values.', modality: 'tabular', domain: 'medicine', approxRows: 699, knownTargets: ['Class'], origin: `${UCI}, Breast Cancer Wisconsin (Original), Wolberg` }),
  rDataset({ pkg: MLBENCH, object: 'HouseVotes84', name: 'house-votes-84', title: 'US Congressional voting records 1984', description: 'Votes (y, n or missing) of the 435 members of the US House of Representatives on 16 key votes of 1984; `Class` is democrat or republican.', modality: 'tabular', domain: 'politics', approxRows: 435, knownTargets: ['Class'], origin: `${UCI}, Congressional Voting Records (Congressional Quarterly Almanac)` }),
  rDataset({ pkg: MLBENCH, object: 'Ozone', name: 'la-ozone', title: 'Los Angeles ozone pollution 1976', description: 'Daily maximum one-hour-average ozone (V4) near Los Angeles over 366 days of 1976 with month, day of month, day of week and 9 meteorological variables (V5-V13); missing values present.', modality: 'tabular', domain: 'environment', approxRows: 366, knownTargets: ['V4'], origin: 'Breiman and Friedman (1985), Los Angeles ozone data' }),
  rDataset({ pkg: MLBENCH, object: 'Zoo', name: 'zoo', title: 'Zoo animals', description: '101 animals described by 15 boolean attributes and number of legs; `type` is one of 7 classes (mammal, bird, reptile, fish, amphibian, insect, mollusc.et.al).', modality: 'tabular', domain: 'biology', approxRows: 101, knownTargets: ['type'], origin: `${UCI}, Zoo (Forsyth)` }),
  rDataset({ pkg: KERNLAB, object: 'spam', name: 'spambase', title: 'Spambase', description: '4601 e-mails described by 57 features (word and character frequencies, capital-run lengths), columns as named in R; `type` is spam or nonspam.', modality: 'tabular', domain: 'e-mail', approxRows: 4601, knownTargets: ['type'], origin: `${UCI}, Spambase (Hopkins, Reeber, Forman, Suermondt; Hewlett-Packard Labs)` }),
  rDataset({ pkg: KERNLAB, object: 'ticdata', name: 'caravan-insurance', title: 'Insurance Company Benchmark (COIL 2000)', description: '9822 customers of a Dutch insurance company: 43 socio-demographic attributes of their postal-code area and 42 product-ownership attributes; `CARAVAN` (insurance or noinsurance) is whether they hold a caravan insurance policy.', modality: 'tabular', domain: 'insurance', approxRows: 9822, knownTargets: ['CARAVAN'], origin: `${UCI}, Insurance Company Benchmark (COIL 2000), Sentient Machine Research` }),
  rDataset({ pkg: KERNLAB, object: 'income', name: 'household-income', title: 'Household income survey (San Francisco Bay Area)', description: '8993 questionnaires from shopping-mall customers: sex, marital status, age, education, occupation, area, household and home facts, ethnicity, language (all categorical); `INCOME` is the annual household income bracket.', modality: 'tabular', domain: 'marketing', approxRows: 8993, knownTargets: ['INCOME'], origin: 'Impact Resources, Inc., Columbus, OH (1987), via The Elements of Statistical Learning' }),
  rDataset({ pkg: KERNLAB, object: 'musk', name: 'musk', title: 'Musk molecules (version 1)', description: '476 conformations of molecules described by 166 shape features; `Class` is whether the molecule is a musk (1) or not (0).', modality: 'tabular', domain: 'chemistry', approxRows: 476, knownTargets: ['Class'], origin: `${UCI}, Musk (Version 1), Arris Pharmaceutical` }),
];
