import path from 'node:path';
import { StatsmodelsDocs, statsmodelsCard } from '../cards/statsmodels-note.js';
import { readColumns } from '../csv-table.js';
import { debianVersion, runConverterScript, type DatasetSpec, type Provenance } from './common.js';
import { indexExclusions } from './package-index.js';

const PACKAGE = 'python3-statsmodels';

interface StatsmodelsSpec extends Omit<DatasetSpec, 'source' | 'convert'> {
  module: string;
  /** From /usr/share/doc/python3-statsmodels/copyright and the module's COPYRIGHT note. */
  license: string;
}

function statsmodelsDataset({ module, license, ...spec }: StatsmodelsSpec): DatasetSpec {
  return {
    ...spec,
    source: { kind: 'debian', package: PACKAGE },
    async convert(dir: string): Promise<Provenance> {
      const docs = await runConverterScript(spec.name, 'export_statsmodels.py', [module, dir], StatsmodelsDocs);
      const { header } = await readColumns(path.join(dir, 'data.csv'));
      return { version: await debianVersion(PACKAGE), license, card: statsmodelsCard(module, docs, header, license) };
    },
  };
}

const PERMISSION = 'BSD-3 (statsmodels/datasets/*); data used with express permission of the original author, who retains all rights';

/** The registered modules of statsmodels.datasets, under our names. */
const MODULES: StatsmodelsSpec[] = [
  {
    module: 'randhie',
    name: 'rand-hie',
    title: 'RAND Health Insurance Experiment',
    description:
      'Outpatient visits (`mdvis`) of 20190 person-years in the RAND Health Insurance Experiment with coinsurance, deductible, physical limitation, chronic disease count and self-rated health.',
    modality: 'tabular',
    domain: 'health economics',
    approxRows: 20190,
    approxColumns: 10,
    knownTargets: ['mdvis'],
    license: 'public-domain (Debian python3-statsmodels copyright, randhie.csv)',
  },
  {
    module: 'fair',
    name: 'affairs',
    title: 'Extramarital affairs (Fair 1978)',
    description:
      'Survey of 6366 married women (Redbook 1974): marriage rating, age, years married, children, religiousness, education, occupations, and `affairs` (time spent in extramarital affairs).',
    modality: 'tabular',
    domain: 'social science',
    approxRows: 6366,
    approxColumns: 9,
    knownTargets: ['affairs'],
    license: 'BSD-3 (statsmodels/datasets/*); data included with permission of the author (Ray Fair)',
  },
  {
    module: 'co2',
    name: 'mauna-loa-co2-weekly',
    title: 'Mauna Loa weekly atmospheric CO2',
    description: 'Weekly CO2 concentration (ppm) from continuous air samples at Mauna Loa Observatory, March 1958 to December 2001, with gaps.',
    modality: 'time-series',
    domain: 'climate',
    approxRows: 2284,
    approxColumns: 2,
    knownTargets: ['co2'],
    license: 'public domain (statsmodels co2 COPYRIGHT note); statsmodels code BSD-3',
  },
  {
    module: 'sunspots',
    name: 'sunspots',
    title: 'Yearly sunspot numbers 1700-2008',
    description: 'Yearly sunspot activity from the National Geophysical Data Center, 1700 to 2008.',
    modality: 'time-series',
    domain: 'astronomy',
    approxRows: 309,
    approxColumns: 2,
    knownTargets: ['SUNACTIVITY'],
    license: 'public-domain (Debian python3-statsmodels copyright, sunspots.csv)',
  },
  {
    module: 'macrodata',
    name: 'us-macro-quarterly',
    title: 'US macroeconomic data 1959Q1-2009Q3',
    description: 'Quarterly US real GDP, consumption, investment, government spending, income, CPI, M1, T-bill rate, unemployment, population, inflation and real interest rate (Federal Reserve Bank of St. Louis).',
    modality: 'time-series',
    domain: 'economics',
    approxRows: 203,
    approxColumns: 14,
    knownTargets: ['realgdp', 'unemp', 'infl'],
    license: 'public-domain (Debian python3-statsmodels copyright, macrodata.csv)',
  },
  {
    module: 'anes96',
    name: 'anes96',
    title: 'American National Election Study 1996 (subset)',
    description: 'Survey of 944 voters: population of home town, TV news days, left-right self placement and of Clinton and Dole, party identification, age, education, income, and `vote` (1 = Dole, 0 = Clinton).',
    modality: 'tabular',
    domain: 'politics',
    approxRows: 944,
    approxColumns: 11,
    knownTargets: ['vote'],
    license: 'public-domain (Debian python3-statsmodels copyright, anes96.csv)',
  },
  {
    module: 'star98',
    name: 'star98',
    title: 'California STAR 1998 math test results',
    description:
      'For 303 California school districts: number of 9th graders scoring above (`NABOVE`) and below (`NBELOW`) the national median in math, with demographics, teacher experience, salaries, spending and class sizes plus interaction terms.',
    modality: 'tabular',
    domain: 'education',
    approxRows: 303,
    approxColumns: 22,
    knownTargets: ['NABOVE'],
    license: `${PERMISSION} (Jeff Gill)`,
  },
  {
    module: 'modechoice',
    name: 'travel-mode-choice',
    title: 'Travel mode choice between Australian cities',
    description:
      '210 travellers x 4 modes (air, train, bus, car; `mode` 1-4): terminal time, in-vehicle cost and time, generalized cost, household income, party size, and `choice` (1 for the chosen mode).',
    modality: 'tabular',
    domain: 'transportation',
    approxRows: 840,
    approxColumns: 9,
    knownTargets: ['choice'],
    license: 'public domain (statsmodels modechoice COPYRIGHT note); statsmodels code BSD-3',
  },
  {
    module: 'grunfeld',
    name: 'grunfeld',
    title: 'Grunfeld investment data (11 US firms, 1935-1954)',
    description: 'Gross investment, market value and stock of plant and equipment (1947 dollars) of 11 US firms every year from 1935 to 1954 (Grunfeld 1950, as recreated by Kleiber and Zeileis 2008): a firm-by-year panel.',
    modality: 'tabular',
    domain: 'economics',
    approxRows: 220,
    approxColumns: 5,
    knownTargets: ['invest'],
    license: 'public domain (statsmodels grunfeld COPYRIGHT note); statsmodels code BSD-3',
  },
  {
    module: 'fertility',
    name: 'world-fertility',
    title: 'World Bank total fertility rate 1960-2013',
    description: 'Total fertility rate (births per woman) of 219 countries and regions for every year 1960-2013, one row per country in wide format (World Bank World Development Indicators).',
    modality: 'time-series',
    domain: 'demographics',
    approxRows: 219,
    approxColumns: 58,
    knownTargets: ['2013'],
    license: 'World Bank terms of use (statsmodels fertility COPYRIGHT note); statsmodels code BSD-3',
  },
];

export const statsmodelsDatasets: DatasetSpec[] = MODULES.map(statsmodelsDataset);

/** The modules of statsmodels.datasets that are not registered, with the reason (from their measured shape). */
export function statsmodelsExclusions(): Promise<{ dataset: string; reason: string }[]> {
  return indexExclusions('statsmodels', new Map(MODULES.map((d) => [d.module, d.name])));
}
