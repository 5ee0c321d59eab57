import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../tabular/csv.js';
import type { Task } from './loader.js';

/**
 * `data/private/test_units.csv`: the unit (group or block) of each test row of a task split by
 * units, as the recipe preparer numbers them. Rows of one unit are not independent draws, so a
 * verifier that resamples the test set resamples whole units.
 */
export class TestUnitsError extends Error {
  override name = 'TestUnitsError';
}

/** Each test id's unit number; null when the task has no units file (a split of rows or times). */
export async function readTestUnits(task: Task): Promise<Map<string, number> | null> {
  const file = task.paths.testUnits;
  if (!existsSync(file)) return null;
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  if (header.length !== 2 || header[0] !== 'id' || header[1] !== 'unit') {
    throw new TestUnitsError(`${file}: the header is ${header.join(',')}, expected id,unit`);
  }
  const units = new Map<string, number>();
  rows.forEach((row, k) => {
    const line = k + 2;
    const [id, text] = row;
    if (row.length !== 2 || id === undefined || text === undefined) throw new TestUnitsError(`${file}: line ${line} has ${row.length} fields, expected 2`);
    const unit = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(unit)) throw new TestUnitsError(`${file}: line ${line}: unit ${JSON.stringify(text)} is not a whole number`);
    if (units.has(id)) throw new TestUnitsError(`${file}: line ${line}: id ${JSON.stringify(id)} appears twice`);
    units.set(id, unit);
  });
  return units;
}
