import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatasetCard } from '../card.js';
import { DatasetConversionError } from '../errors.js';
import type { DatasetSpec, Provenance } from './common.js';
import { exportObject, loadCatalog, objectCard, unpackedDir, type CatalogPackage, type RPackageSource } from './r-catalog.js';

/**
 * Debian's R packages as a dataset source: each package's data sets come from its own index
 * (Meta/data.rds), are read without R (python3-rdata, harness/datasets/python/rpkg) and carry a
 * card drawn from their help pages. scripts/setup.sh downloads and unpacks these packages.
 */
export const R_PACKAGES: RPackageSource[] = [
  { debian: 'r-cran-aer', domain: 'econometrics' },
  { debian: 'r-cran-boot', domain: 'applied statistics' },
  { debian: 'r-cran-cardata', domain: 'social science', companions: ['r-cran-car'] },
  { debian: 'r-cran-dslabs', domain: 'data science teaching' },
  { debian: 'r-cran-geepack', domain: 'longitudinal studies' },
  { debian: 'r-cran-hsaur3', domain: 'applied statistics' },
  {
    debian: 'r-cran-janeaustenr',
    domain: 'literature',
    collections: [{ object: 'books', members: ['emma', 'mansfieldpark', 'northangerabbey', 'persuasion', 'prideprejudice', 'sensesensibility'], unit: 'chapter', label: 'book' }],
  },
  { debian: 'r-cran-kernlab', domain: 'machine learning benchmarks' },
  { debian: 'r-cran-lme4', domain: 'mixed models' },
  { debian: 'r-cran-mass', domain: 'applied statistics' },
  { debian: 'r-cran-mlbench', domain: 'machine learning benchmarks' },
  { debian: 'r-cran-mlmrev', domain: 'education and health (multilevel)' },
  { debian: 'r-cran-modeldata', domain: 'predictive modelling' },
  { debian: 'r-cran-ordinal', domain: 'ratings' },
  { debian: 'r-cran-pscl', domain: 'political science' },
  { debian: 'r-cran-quantreg', domain: 'economics' },
  { debian: 'r-cran-robustbase', domain: 'applied statistics' },
  { debian: 'r-cran-survival', domain: 'medicine (survival)' },
  { debian: 'r-cran-th.data', domain: 'medicine' },
  { debian: 'r-cran-tm', domain: 'news', collections: [{ object: 'reuters', members: ['crude', 'acq'], unit: 'paragraph', label: 'topic' }] },
  { debian: 'r-cran-vcd', domain: 'categorical data' },
  { debian: 'r-cran-ade4', domain: 'ecology' },
  { debian: 'r-cran-arm', domain: 'social science (multilevel)' },
  { debian: 'r-cran-brglm2', domain: 'political science' },
  { debian: 'r-cran-caret', domain: 'predictive modelling' },
  { debian: 'r-cran-coin', domain: 'medicine' },
  { debian: 'r-cran-dplyr', domain: 'data science teaching' },
  { debian: 'r-cran-emdbook', domain: 'ecology' },
  { debian: 'r-cran-epi', domain: 'epidemiology' },
  { debian: 'r-cran-epitools', domain: 'epidemiology' },
  { debian: 'r-cran-flexmix', domain: 'applied statistics' },
  { debian: 'r-cran-forcats', domain: 'social science' },
  { debian: 'r-cran-ggplot2', domain: 'data science teaching' },
  { debian: 'r-cran-glmmtmb', domain: 'ecology' },
  { debian: 'r-cran-gss', domain: 'applied statistics' },
  { debian: 'r-cran-lattice', domain: 'public health' },
  { debian: 'r-cran-lava', domain: 'medicine' },
  { debian: 'r-cran-lmtest', domain: 'economics' },
  { debian: 'r-cran-mclust', domain: 'applied statistics' },
  { debian: 'r-cran-mice', domain: 'medicine and social science (missing data)' },
  { debian: 'r-cran-mixtools', domain: 'applied statistics' },
  { debian: 'r-cran-modelr', domain: 'data science teaching' },
  { debian: 'r-cran-multcomp', domain: 'medicine' },
  { debian: 'r-cran-nlme', domain: 'longitudinal studies' },
  { debian: 'r-cran-party', domain: 'education' },
  { debian: 'r-cran-plm', domain: 'econometrics (panel data)' },
  { debian: 'r-cran-psych', domain: 'psychology' },
  { debian: 'r-cran-psychtools', domain: 'psychology', companions: ['r-cran-psych'] },
  { debian: 'r-cran-randomforest', domain: 'automobiles' },
  { debian: 'r-cran-rpart', domain: 'manufacturing' },
  { debian: 'r-cran-sandwich', domain: 'economics' },
  { debian: 'r-cran-spdata', domain: 'spatial statistics' },
  { debian: 'r-cran-survey', domain: 'survey statistics' },
  { debian: 'r-cran-tidyr', domain: 'data science teaching' },
  { debian: 'r-cran-vgam', domain: 'applied statistics' },
  // Data kept as data/*.txt.gz tables rather than .rda (read as data() reads them, rpkg/datafiles.py).
  { debian: 'r-cran-kmsurv', domain: 'medicine (survival)' },
  { debian: 'r-cran-timereg', domain: 'medicine (survival)' },
];

/**
 * Names the registry gave these data sets before it read the packages generically; tasks and
 * suites refer to them, so they stay, with the domain they had.
 */
const PINNED: Record<string, { name: string; domain: string }> = {
  'mlbench/LetterRecognition': { name: 'letter', domain: 'character recognition' },
  'mlbench/Shuttle': { name: 'shuttle', domain: 'aerospace' },
  'mlbench/Satellite': { name: 'satellite', domain: 'remote sensing' },
  'mlbench/DNA': { name: 'dna-splice', domain: 'genomics' },
  'mlbench/Vehicle': { name: 'vehicle-silhouettes', domain: 'computer vision' },
  'mlbench/PimaIndiansDiabetes2': { name: 'pima-diabetes', domain: 'medicine' },
  'mlbench/Sonar': { name: 'sonar', domain: 'signal processing' },
  'mlbench/Glass': { name: 'glass', domain: 'forensics' },
  'mlbench/Ionosphere': { name: 'ionosphere', domain: 'physics' },
  'mlbench/Vowel': { name: 'vowel', domain: 'speech' },
  'mlbench/Soybean': { name: 'soybean', domain: 'agriculture' },
  'mlbench/BreastCancer': { name: 'breast-cancer-wisconsin-original', domain: 'medicine' },
  'mlbench/HouseVotes84': { name: 'house-votes-84', domain: 'politics' },
  'mlbench/Ozone': { name: 'la-ozone', domain: 'environment' },
  'mlbench/Zoo': { name: 'zoo', domain: 'biology' },
  'kernlab/spam': { name: 'spambase', domain: 'e-mail' },
  'kernlab/ticdata': { name: 'caravan-insurance', domain: 'insurance' },
  'kernlab/income': { name: 'household-income', domain: 'marketing' },
  'kernlab/musk': { name: 'musk', domain: 'chemistry' },
};

/** `<package>-<object>`, lowercased, with every run of other characters as one `-`: `aer-cps1985`, `mass-pima-tr`. */
export function rDatasetName(rPackage: string, object: string): string {
  return `${rPackage}-${object}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The Debian version from the first line of the unpacked changelog: `r-cran-x (2.1-3-1) unstable; ...`. */
async function unpackedVersion(debian: string): Promise<string> {
  const changelog = path.join(unpackedDir(debian), 'usr', 'share', 'doc', debian, 'changelog.Debian.gz');
  const first = gunzipSync(await readFile(changelog)).toString('utf8').split('\n', 1)[0] ?? '';
  const version = /\(([^)]+)\)/.exec(first)?.[1];
  if (!version) throw new Error(`cannot read the version of ${debian} from ${changelog}`);
  return version;
}

function missingPackage(name: string, debian: string): DatasetConversionError {
  return new DatasetConversionError(name, `${unpackedDir(debian)} not found: run scripts/setup.sh (apt-get download ${debian} and dpkg-deb -x)`);
}

function usableSpec(source: RPackageSource, pkg: CatalogPackage, entry: Extract<CatalogPackage['objects'][number], { usable: true }>, name: string): DatasetSpec {
  const pinned = PINNED[`${pkg.package}/${entry.object}`];
  const description = entry.description.length > 40 ? entry.description : `${entry.description} (R data set ${entry.object} of the package ${pkg.package})`.trim();
  return {
    name,
    title: entry.title,
    description,
    modality: entry.modality,
    domain: pinned?.domain ?? source.domain,
    source: { kind: 'debian', package: source.debian },
    approxRows: entry.rows,
    approxColumns: entry.columns,
    knownTargets: entry.knownTargets,
    async convert(dir: string): Promise<Provenance> {
      if (!existsSync(unpackedDir(source.debian))) throw missingPackage(name, source.debian);
      const { card } = await exportObject(name, source, entry.object, dir);
      return { version: await unpackedVersion(source.debian), license: `${card.license} (R package ${pkg.package} DESCRIPTION)`, card };
    },
  };
}

/** A pinned name whose package is not unpacked (or could not be read): listed, and fetching it says why. */
function unavailableSpec(key: string, pinned: { name: string; domain: string }, source: RPackageSource, problem: Error | null): DatasetSpec {
  const [rPackage, object] = key.split('/') as [string, string];
  return {
    name: pinned.name,
    title: `${object} (R package ${rPackage})`,
    description: `R data set ${object} of the package ${rPackage}; not available until scripts/setup.sh has unpacked ${source.debian}.`,
    modality: 'tabular',
    domain: pinned.domain,
    source: { kind: 'debian', package: source.debian },
    approxRows: 0,
    knownTargets: [],
    async convert(): Promise<Provenance> {
      throw problem ? new DatasetConversionError(pinned.name, problem.message) : missingPackage(pinned.name, source.debian);
    },
  };
}

/** One data object the source leaves out, and why (too small, not a data frame, unsupported type, conversion error). */
export interface RPackageExclusion {
  /** The R package (`MASS`), as R names it. */
  package: string;
  debian: string;
  object: string;
  reason: string;
}

function build(): { specs: DatasetSpec[]; exclusions: RPackageExclusion[] } {
  let catalog: CatalogPackage[] = [];
  let problem: Error | null = null;
  try {
    catalog = loadCatalog(R_PACKAGES);
  } catch (err) {
    problem = err as Error;
    process.stderr.write(`datasets: the R package datasets are unavailable: ${problem.message}\n`);
  }
  const specs: DatasetSpec[] = [];
  const exclusions: RPackageExclusion[] = [];
  const taken = new Set<string>();
  for (const pkg of catalog) {
    const source = R_PACKAGES.find((p) => unpackedDir(p.debian) === pkg.dir)!;
    for (const entry of pkg.objects) {
      const key = `${pkg.package}/${entry.object}`;
      if (!entry.usable) {
        exclusions.push({ package: pkg.package, debian: source.debian, object: entry.object, reason: entry.reason });
        continue;
      }
      let name = PINNED[key]?.name ?? rDatasetName(pkg.package, entry.object);
      // Two objects whose names differ only in punctuation or case get a numbered name, in index order.
      for (let n = 2; taken.has(name); n++) name = `${rDatasetName(pkg.package, entry.object)}-${n}`;
      taken.add(name);
      specs.push(usableSpec(source, pkg, entry, name));
    }
  }
  // A pinned name of a package that was not read stays listed, so that fetching it says why it cannot be.
  const readPackages = new Set(catalog.map((p) => p.package));
  for (const [key, pinned] of Object.entries(PINNED)) {
    const rPackage = key.split('/')[0]!;
    if (readPackages.has(rPackage)) continue;
    const source = R_PACKAGES.find((p) => p.debian === `r-cran-${rPackage.toLowerCase()}`)!;
    specs.push(unavailableSpec(key, pinned, source, problem));
  }
  return { specs, exclusions };
}

const built = build();

export const rDatasets: DatasetSpec[] = built.specs;

/** Every data object of the R packages that is not a usable dataset, with the reason; in package index order. */
export function rPackageExclusions(): RPackageExclusion[] {
  return built.exclusions;
}

/** The card of any data object of a listed package (an R package name, `MASS`), usable or left out. */
export function rObjectCard(rPackage: string, object: string): Promise<DatasetCard> {
  const source = R_PACKAGES.find((p) => p.debian === `r-cran-${rPackage.toLowerCase()}`);
  if (!source) throw new Error(`${rPackage} is not among the R packages of the registry (${R_PACKAGES.map((p) => p.debian).join(', ')})`);
  return objectCard(source, object);
}
