import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SuiteManifest } from '../schema.js';
import { writeImportedTask, type ImportedTask } from './foreign-task.js';
import { isBenchCompetition, isDojoCompetition, readBenchCompetition, readDojoCompetition } from './sources.js';

export type ImportSource = 'mle-dojo' | 'mle-bench';

export interface ImportResult {
  suite: string;
  imported: ImportedTask[];
  skipped: { dir: string; reason: string }[];
}

const SOURCES = {
  'mle-dojo': { is: isDojoCompetition, read: readDojoCompetition },
  'mle-bench': { is: isBenchCompetition, read: readBenchCompetition },
} as const;

/** The competition directories under `dir`: itself when it is one, else its children that are. */
async function competitionDirs(source: ImportSource, dir: string): Promise<string[]> {
  if (SOURCES[source].is(dir)) return [dir];
  const children = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  return children.filter((c) => SOURCES[source].is(c)).sort();
}

/**
 * Imports competitions into an arena suite (created, or extended when it exists). Each
 * competition either becomes a task or is skipped with its reason; one bad directory never
 * stops the others.
 */
export async function importTasks(source: ImportSource, dir: string, outSuite: string, options: { dataRoot?: string } = {}): Promise<ImportResult> {
  if (!existsSync(dir)) throw new Error(`${dir}: no such directory`);
  const dirs = await competitionDirs(source, dir);
  if (dirs.length === 0) throw new Error(`${dir}: no ${source} competition found (looked for ${source === 'mle-dojo' ? 'utils/metric.py' : 'config.yaml and grade.py'})`);
  await mkdir(outSuite, { recursive: true });
  const result: ImportResult = { suite: path.resolve(outSuite), imported: [], skipped: [] };
  for (const compDir of dirs) {
    try {
      const comp = await SOURCES[source].read(compDir, options.dataRoot);
      result.imported.push(await writeImportedTask(comp, outSuite));
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
