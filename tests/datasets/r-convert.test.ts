import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCard } from '../../harness/datasets/card.js';
import { fetchDataset, type FetchResult } from '../../harness/datasets/fetch.js';
import { lockMismatch, readLock } from '../../harness/datasets/lock.js';
import { DATASETS, type DatasetEntry } from '../../harness/datasets/registry.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { useTempArenaHome } from './helpers.js';

// Conversions of the R source are deterministic and their cards describe the data they wrote.
// Converting all 285 data sets twice took 318 s on 2 cores (each export starts Python
// and reads the help pages that mention its object), so the default run converts, per R package,
// its largest data set twice, plus every data set a task suite pins by sha256. ARENA_R_DATASETS=all
// converts every R data set twice. Each fresh conversion is also checked against the committed lock
// (harness/datasets/registry.lock.json), which registry-lock.test.ts checks for every fetched copy.

const R = DATASETS.filter((d) => d.source.package.startsWith('r-cran-'));
const ALL = process.env.ARENA_R_DATASETS === 'all';

function largestPerPackage(entries: DatasetEntry[]): DatasetEntry[] {
  const best = new Map<string, DatasetEntry>();
  for (const d of entries) if ((best.get(d.source.package)?.approxRows ?? -1) < d.approxRows) best.set(d.source.package, d);
  return [...best.values()];
}

/** sha256 of data.csv each task suite records for the data sets it uses (tasks/<suite>/<task>/task.json). */
function taskPins(): Map<string, string> {
  const pins = new Map<string, string>();
  for (const suite of ['human-v1', 'smith-v1']) {
    const root = path.join(REPO_ROOT, 'tasks', suite);
    for (const task of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const manifest = JSON.parse(readFileSync(path.join(root, task.name, 'task.json'), 'utf8')) as { dataset: { name: string; sha256?: Record<string, string> } };
      const digest = manifest.dataset.sha256?.['data.csv'];
      if (digest) pins.set(manifest.dataset.name, digest);
    }
  }
  return pins;
}

const PINS = taskPins();
const PINNED_R = R.filter((d) => PINS.has(d.name));
const TWICE = ALL ? R : largestPerPackage(R);
const LOCK = readLock().datasets;

/** Runs `work` over `items`, `limit` at a time (conversions are separate Python processes). */
async function bounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

describe('R data sets convert deterministically', () => {
  it(`${TWICE.length} data sets (${ALL ? 'all' : 'the largest of each package'}) give the same files twice, with a card of exactly their columns`, async () => {
    expect(new Set(TWICE.map((d) => d.source.package)).size).toBeGreaterThanOrEqual(15);
    const problems: string[] = [];
    const started = Date.now();
    await bounded(TWICE, 2, async (entry) => {
      let first: FetchResult, second: FetchResult;
      try {
        first = await fetchDataset(entry.name);
        second = await fetchDataset(entry.name, { force: true });
      } catch (err) {
        problems.push(`${entry.name}: ${(err as Error).message}`);
        return;
      }
      if (JSON.stringify(first.manifest.files) !== JSON.stringify(second.manifest.files)) problems.push(`${entry.name}: files differ between two conversions`);
      problems.push(...lockMismatch(entry.name, LOCK[entry.name], second.manifest.files));
      const card = DatasetCard.parse(second.manifest.card);
      const table = second.manifest.tables[0]!;
      if (JSON.stringify(card.columns.map((c) => c.name)) !== JSON.stringify(table.columns.map((c) => c.name))) problems.push(`${entry.name}: card columns are not the table's`);
      if (table.rows !== entry.approxRows || table.columns.length !== entry.approxColumns) problems.push(`${entry.name}: ${table.rows}x${table.columns.length}, listed as ${entry.approxRows}x${entry.approxColumns}`);
      if (JSON.stringify([...new Set(card.targets.map((t) => t.column))]) !== JSON.stringify(entry.knownTargets)) problems.push(`${entry.name}: listed targets are not the card's`);
    });
    expect(problems).toEqual([]);
    process.stdout.write(`r-convert: ${TWICE.length} data sets converted twice in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }, 30 * 60_000);

  it('the data sets task suites pin by sha256 convert to exactly those bytes', async () => {
    expect(PINNED_R.map((d) => d.name).sort()).toEqual(
      ['breast-cancer-wisconsin-original', 'caravan-insurance', 'glass', 'household-income', 'ionosphere', 'la-ozone', 'letter', 'musk', 'pima-diabetes', 'satellite', 'shuttle', 'sonar', 'soybean', 'spambase', 'vehicle-silhouettes', 'vowel'],
    );
    const mismatched: string[] = [];
    await bounded(PINNED_R, 2, async (entry) => {
      const { manifest } = await fetchDataset(entry.name);
      if (manifest.files['data.csv'] !== PINS.get(entry.name)) mismatched.push(entry.name);
    });
    expect(mismatched).toEqual([]);
  }, 10 * 60_000);
});
