import { debianVersion, NoOutput, runConverterScript, type DatasetSpec, type Provenance } from './common.js';

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
      await runConverterScript(spec.name, 'export_statsmodels.py', [module, dir], NoOutput);
      return { version: await debianVersion(PACKAGE), license };
    },
  };
}

const PERMISSION = 'BSD-3 (statsmodels/datasets/*); data used with express permission of the original author, who retains all rights';

export const statsmodelsDatasets: DatasetSpec[] = [
  statsmodelsDataset({
    module: 'randhie',
    name: 'rand-hie',
    title: 'RAND Health Insurance Experiment',
    description:
      'Outpatient visits (`mdvis`) of 20190 person-years in the RAND Health Insurance Experiment with coinsurance, deductible, physical limitation, chronic disease count and self-rated health.',
    modality: 'tabular',
    domain: 'health economics',
    approxRows: 20190,
    knownTargets: ['mdvis'],
    license: 'public-domain (Debian python3-statsmodels copyright, randhie.csv)',
  }),
  statsmodelsDataset({
    module: 'fair',
    name: 'affairs',
    title: 'Extramarital affairs (Fair 1978)',
    description:
      'Survey of 6366 married women (Redbook 1974): marriage rating, age, years married, children, religiousness, education, occupations, and `affairs` (time spent in extramarital affairs).',
    modality: 'tabular',
    domain: 'social science',
    approxRows: 6366,
    knownTargets: ['affairs'],
    license: 'BSD-3 (statsmodels/datasets/*); data included with permission of the author (Ray Fair)',
  }),
  statsmodelsDataset({
    module: 'co2',
    name: 'mauna-loa-co2-weekly',
    title: 'Mauna Loa weekly atmospheric CO2',
    description: 'Weekly CO2 concentration (ppm) from continuous air samples at Mauna Loa Observatory, March 1958 to December 2001, with gaps.',
    modality: 'time-series',
    domain: 'climate',
    approxRows: 2284,
    knownTargets: ['co2'],
    license: 'public domain (statsmodels co2 COPYRIGHT note); statsmodels code BSD-3',
  }),
  statsmodelsDataset({
    module: 'sunspots',
    name: 'sunspots',
    title: 'Yearly sunspot numbers 1700-2008',
    description: 'Yearly sunspot activity from the National Geophysical Data Center, 1700 to 2008.',
    modality: 'time-series',
    domain: 'astronomy',
    approxRows: 309,
    knownTargets: ['SUNACTIVITY'],
    license: 'public-domain (Debian python3-statsmodels copyright, sunspots.csv)',
  }),
  statsmodelsDataset({
    module: 'macrodata',
    name: 'us-macro-quarterly',
    title: 'US macroeconomic data 1959Q1-2009Q3',
    description: 'Quarterly US real GDP, consumption, investment, government spending, income, CPI, M1, T-bill rate, unemployment, population, inflation and real interest rate (Federal Reserve Bank of St. Louis).',
    modality: 'time-series',
    domain: 'economics',
    approxRows: 203,
    knownTargets: ['realgdp', 'unemp', 'infl'],
    license: 'public-domain (Debian python3-statsmodels copyright, macrodata.csv)',
  }),
  statsmodelsDataset({
    module: 'anes96',
    name: 'anes96',
    title: 'American National Election Study 1996 (subset)',
    description: 'Survey of 944 voters: population of home town, TV news days, left-right self placement and of Clinton and Dole, party identification, age, education, income, and `vote` (1 = Dole, 0 = Clinton).',
    modality: 'tabular',
    domain: 'politics',
    approxRows: 944,
    knownTargets: ['vote'],
    license: 'public-domain (Debian python3-statsmodels copyright, anes96.csv)',
  }),
  statsmodelsDataset({
    module: 'star98',
    name: 'star98',
    title: 'California STAR 1998 math test results',
    description:
      'For 303 California school districts: number of 9th graders scoring above (`NABOVE`) and below (`NBELOW`) the national median in math, with demographics, teacher experience, salaries, spending and class sizes plus interaction terms.',
    modality: 'tabular',
    domain: 'education',
    approxRows: 303,
    knownTargets: ['NABOVE'],
    license: `${PERMISSION} (Jeff Gill)`,
  }),
  statsmodelsDataset({
    module: 'modechoice',
    name: 'travel-mode-choice',
    title: 'Travel mode choice between Australian cities',
    description:
      '210 travellers x 4 modes (air, train, bus, car; `mode` 1-4): terminal time, in-vehicle cost and time, generalized cost, household income, party size, and `choice` (1 for the chosen mode).',
    modality: 'tabular',
    domain: 'transportation',
    approxRows: 840,
    knownTargets: ['choice'],
    license: 'public domain (statsmodels modechoice COPYRIGHT note); statsmodels code BSD-3',
  }),
];
