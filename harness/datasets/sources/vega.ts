import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseCsv } from '../../tabular/csv.js';
import { vegaCard, VegaResource } from '../cards/vega-datapackage.js';
import { writeCsv, type Cell } from '../csv-table.js';
import { npmPackageDir, npmPackageInfo, type DatasetSpec, type Provenance } from './common.js';

const PACKAGE = 'vega-datasets';
const dataPath = (file: string) => path.join(npmPackageDir(PACKAGE), 'data', file);

const DataPackage = z.object({ resources: z.array(VegaResource) });

/**
 * The per-file data license and the card from vega-datasets' datapackage.json, which documents each
 * file: its description, sources, license and fields.
 */
async function vegaProvenance(file: string, title: string): Promise<Provenance> {
  const info = npmPackageInfo(PACKAGE);
  const pkg = DataPackage.parse(JSON.parse(await readFile(path.join(npmPackageDir(PACKAGE), 'datapackage.json'), 'utf8')));
  const resource = pkg.resources.find((r) => r.path === file);
  if (!resource) throw new Error(`vega-datasets datapackage.json does not describe ${file}`);
  const data = (resource.licenses ?? []).map((l) => l.title ?? l.name ?? l.path).filter(Boolean).join('; ') || 'not stated in datapackage.json';
  const license = `${data} (vega-datasets datapackage.json for ${file}); package ${info.license ?? 'unknown'}`;
  return { version: info.version, license, card: vegaCard(resource, title, license, snakeCase) };
}

type Row = Record<string, unknown>;

async function readJsonRows(file: string): Promise<Row[]> {
  return z.array(z.record(z.string(), z.unknown())).parse(JSON.parse(await readFile(dataPath(file), 'utf8')));
}

async function readCsvRows(file: string): Promise<Row[]> {
  const { header, rows } = parseCsv(await readFile(dataPath(file), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** `Beak Length (mm)` → `beak_length_mm`, `Cost Total $` → `cost_total`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 1 2000` → `2000-01-01`; anything else is returned unchanged (messy sources stay messy). */
export function isoFromMonthDayYear(value: unknown): unknown {
  const m = typeof value === 'string' ? /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(value) : null;
  const month = m ? MONTHS.indexOf(m[1]!) + 1 : 0;
  return m && month ? `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : value;
}

/** `2001/01/01 00:47` → `2001-01-01 00:47`. */
const isoFromSlashDate = (value: unknown) => (typeof value === 'string' ? value.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3') : value);

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

interface TableLayout {
  /** Output column → value conversion. */
  convert?: Record<string, (value: unknown) => unknown>;
}

/** Writes rows to data.csv with every source field, in first-seen order, under its snake_case name. */
async function writeLayout(dir: string, rows: Row[], layout: TableLayout): Promise<void> {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns = fields.map(snakeCase);
  const body = rows.map((r) => fields.map((f, i) => toCell((layout.convert?.[columns[i]!] ?? ((v: unknown) => v))(r[f]))));
  await writeCsv(path.join(dir, 'data.csv'), columns, body);
}

type VegaSpec = Omit<DatasetSpec, 'source' | 'convert'> & { file: string; layout?: TableLayout; rows?: (file: string) => Promise<Row[]> };

function vegaDataset({ file, layout = {}, rows, ...spec }: VegaSpec): DatasetSpec {
  const read = rows ?? (file.endsWith('.csv') ? readCsvRows : readJsonRows);
  return {
    ...spec,
    source: { kind: 'npm', package: PACKAGE },
    async convert(dir: string) {
      await writeLayout(dir, await read(file), layout);
      return vegaProvenance(file, spec.title);
    },
  };
}

/** GeoJSON features → one row per earthquake: id, ISO time, coordinates, then the remaining properties. */
async function earthquakeRows(file: string): Promise<Row[]> {
  const Feature = z.object({ id: z.string(), properties: z.record(z.string(), z.unknown()), geometry: z.object({ coordinates: z.array(z.number()) }) });
  const geo = z.object({ features: z.array(Feature) }).parse(JSON.parse(await readFile(dataPath(file), 'utf8')));
  return geo.features.map(({ id, properties: { time, updated, ...props }, geometry: { coordinates } }) => ({
    id,
    time: typeof time === 'number' ? new Date(time).toISOString() : time,
    longitude: coordinates[0],
    latitude: coordinates[1],
    depth_km: coordinates[2],
    ...props,
    updated: typeof updated === 'number' ? new Date(updated).toISOString() : updated,
  }));
}

export const vegaDatasets: DatasetSpec[] = [
  vegaDataset({ file: 'seattle-weather.csv', name: 'seattle-weather', title: 'Seattle daily weather 2012-2015', description: 'Daily precipitation (mm), maximum and minimum temperature (C) and wind (m/s) in Seattle, 2012-2015, with the weather of the day (drizzle, rain, sun, snow, fog), synthesized by vega-datasets from NOAA fields.', modality: 'tabular', domain: 'weather', approxRows: 1461, approxColumns: 6, knownTargets: ['weather'] }),
  vegaDataset({ file: 'weather.csv', name: 'weather', title: 'Seattle and New York daily weather 2012-2015', description: 'Daily precipitation, temperatures, wind and weather category for Seattle and New York, 2012-2015 (NOAA).', modality: 'tabular', domain: 'weather', approxRows: 2922, approxColumns: 7, knownTargets: ['weather'] }),
  vegaDataset({ file: 'penguins.json', name: 'penguins', title: 'Palmer Archipelago penguins', description: 'Species, island, beak length and depth, flipper length, body mass and sex of 344 penguins (Palmer Station LTER, Gorman). Sex has missing and "." values.', modality: 'tabular', domain: 'biology', approxRows: 344, approxColumns: 7, knownTargets: ['species', 'sex'] }),
  vegaDataset({ file: 'cars.json', name: 'cars', title: 'Cars (StatLib 1983 ASA expo)', description: 'Fuel economy (miles per gallon), cylinders, displacement, horsepower, weight, acceleration, model year and origin of 406 car models, 1970-1982; some missing values.', modality: 'tabular', domain: 'automotive', approxRows: 406, approxColumns: 9, knownTargets: ['miles_per_gallon', 'origin'] }),
  vegaDataset({ file: 'movies.json', name: 'movies', title: 'Movies box office and ratings', description: 'Box office grosses, DVD sales, budget, release date, rating, running time, distributor, source, genre, creative type, director, Rotten Tomatoes and IMDB ratings of 3201 films. Known data-quality issues and many missing values, kept as is.', modality: 'tabular', domain: 'entertainment', approxRows: 3201, approxColumns: 16, knownTargets: ['imdb_rating', 'worldwide_gross'], layout: { convert: { release_date: isoFromMonthDayYear } } }),
  vegaDataset({ file: 'birdstrikes.csv', name: 'birdstrikes', title: 'FAA wildlife strikes', description: '10000 reports of aircraft wildlife strikes (FAA): airport, aircraft, damage, date, operator, state, flight phase, wildlife size and species, time of day, costs, speed.', modality: 'tabular', domain: 'aviation', approxRows: 10000, approxColumns: 14, knownTargets: ['effect_amount_of_damage', 'cost_total'] }),
  vegaDataset({ file: 'flights-20k.json', name: 'flights', title: 'US flight delays (20000 flights, 2001)', description: 'Departure time, arrival delay (minutes), distance (miles), origin and destination airports of 20000 US domestic flights in 2001 (Bureau of Transportation Statistics).', modality: 'tabular', domain: 'aviation', approxRows: 20000, approxColumns: 5, knownTargets: ['delay'], layout: { convert: { date: isoFromSlashDate } } }),
  vegaDataset({ file: 'earthquakes.json', name: 'earthquakes', title: 'USGS earthquakes, one week (Feb 2018)', description: 'All 1707 seismic events of one week in the USGS real-time feed: time, coordinates, depth, magnitude and type, place, alert and review status, network, station statistics.', modality: 'tabular', domain: 'geoscience', approxRows: 1707, approxColumns: 30, knownTargets: ['mag'], rows: earthquakeRows }),
  vegaDataset({ file: 'gapminder.json', name: 'gapminder', title: 'Gapminder life expectancy, fertility and population', description: 'Life expectancy, fertility and population of 63 countries every 5 years from 1955 to 2005, with a regional cluster id (Gapminder Foundation).', modality: 'tabular', domain: 'demographics', approxRows: 682, approxColumns: 6, knownTargets: ['life_expect', 'fertility'] }),
  vegaDataset({ file: 'football.json', name: 'football', title: 'European football results 2013-2017', description: 'Date, division, home and away teams and scores of 6508 football matches across European divisions (OpenFootball).', modality: 'tabular', domain: 'sports', approxRows: 6508, approxColumns: 6, knownTargets: ['home_score', 'away_score'] }),
  vegaDataset({ file: 'sp500.csv', name: 'sp500', title: 'S&P 500 monthly close 2000-2010', description: 'Monthly closing value of the S&P 500 index, January 2000 to March 2010.', modality: 'time-series', domain: 'finance', approxRows: 123, approxColumns: 2, knownTargets: ['price'], layout: { convert: { date: isoFromMonthDayYear } } }),
  vegaDataset({ file: 'stocks.csv', name: 'stocks', title: 'Monthly stock prices of five tech companies 2000-2010', description: 'Monthly prices of MSFT, AMZN, IBM, GOOG and AAPL, 2000-2010, one row per symbol and month.', modality: 'time-series', domain: 'finance', approxRows: 560, approxColumns: 3, knownTargets: ['price'], layout: { convert: { date: isoFromMonthDayYear } } }),
  vegaDataset({ file: 'co2-concentration.csv', name: 'co2-concentration', title: 'Mauna Loa monthly CO2 1958-2020', description: 'Monthly atmospheric CO2 concentration (ppm) at Mauna Loa Observatory, raw and seasonally adjusted (Scripps CO2 Program).', modality: 'time-series', domain: 'climate', approxRows: 741, approxColumns: 3, knownTargets: ['co2'] }),
  vegaDataset({ file: 'disasters.csv', name: 'disasters', title: 'Deaths from natural disasters 1900-2017', description: 'Yearly global deaths by type of natural disaster (drought, earthquake, flood, ...) and in total, 1900-2017 (EM-DAT via Our World in Data).', modality: 'time-series', domain: 'disasters', approxRows: 803, approxColumns: 3, knownTargets: ['deaths'] }),
  vegaDataset({ file: 'us-employment.csv', name: 'us-employment', title: 'US monthly employment by sector 2006-2015', description: 'Monthly seasonally adjusted US employment (thousands) in 22 job categories and the month-over-month nonfarm change, January 2006 to December 2015 (BLS).', modality: 'time-series', domain: 'economics', approxRows: 120, approxColumns: 24, knownTargets: ['nonfarm'] }),
];
