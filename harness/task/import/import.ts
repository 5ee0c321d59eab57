import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PeerOrigin } from '../../grading/peer/peer-grade.js';
import { SuiteManifest } from '../schema.js';
import { childDirs, writeImportedTask, type ImportedTask } from './foreign-task.js';
import { COMPETITION_SOURCES } from './sources.js';

export type ImportSource = PeerOrigin;

export interface ImportResult {
  suite: string;
  imported: ImportedTask[];
  skipped: { dir: string; reason: string }[];
}

/** The competition directories under `dir`: itself when it is one, else its children that are. */
async function competitionDirs(source: ImportSource, dir: string): Promise<string[]> {
  const { is } = COMPETITION_SOURCES[source];
  return is(dir) ? [dir] : (await childDirs(dir)).filter(is);
}

/**
 * Imports competitions into an arena suite (created, or extended when it exists). Each
 * competition either becomes a task or is skipped with its reason; one bad directory never
 * stops the others.
 */
export async function importTasks(source: ImportSource, dir: string, outSuite: string, options: { dataRoot?: string } = {}): Promise<ImportResult> {
  if (!existsSync(dir)) throw new Error(`${dir}: no such directory`);
  const dirs = await competitionDirs(source, dir);
  if (dirs.length === 0) throw new Error(`${dir}: no ${source} competition found (looked for ${COMPETITION_SOURCES[source].marker})`);
  await mkdir(outSuite, { recursive: true });
  const result: ImportResult = { suite: path.resolve(outSuite), imported: [], skipped: [] };
  const taken = new Map<string, string>();
  for (const compDir of dirs) {
    try {
      const comp = await COMPETITION_SOURCES[source].read(compDir, options.dataRoot);
      const task = await writeImportedTask(comp, outSuite);
      const first = taken.get(task.id);
      if (first) throw new Error(`task id "${task.id}" is also the id of ${first}`);
      taken.set(task.id, compDir);
      result.imported.push(task);
    } catch (err) {
      result.skipped.push({ dir: compDir, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const suiteFile = path.join(outSuite, 'suite.json');
  const previous = existsSync(suiteFile) ? SuiteManifest.parse(JSON.parse(await readFile(suiteFile, 'utf8'))).tasks : [];
  const tasks = [...new Set([...previous, ...result.imported.map((t) => t.id)])];
  if (tasks.length > 0) {
    const suite = SuiteManifest.parse({
      name: path.basename(path.resolve(outSuite)).toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      version: '1.0.0',
      origin: 'import',
      description: `Tasks imported from ${source}`,
      tasks,
    });
    await writeFile(suiteFile, JSON.stringify(suite, null, 2) + '\n');
  }
  return result;
}
