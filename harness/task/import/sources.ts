import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { PeerOrigin } from '../../grading/peer/peer-grade.js';

/** What the importer reads out of a peer's competition folder and the data its prepare.py wrote. */
export interface ForeignCompetition {
  origin: PeerOrigin;
  id: string;
  title: string;
  description: string;
  /** The competition's folder: grade.py and its sibling modules, or utils/metric.py. */
  codeDir: string;
  /** Files of codeDir the grader needs, relative to it. */
  codeFiles: string[];
  /** The grader's source, read for the catalog metric it calls and its declared direction. */
  graderFile: string;
  graderText: string;
  /** The grader's name in the peer's config, or its metric class. */
  grader: string;
  prepareText: string | null;
  /** The prepared data: `public/` and `private/`. */
  dataDir: string;
  /** Relative to dataDir/private and dataDir/public. */
  answersFile: string;
  sampleSubmissionFile: string;
  leaderboard: string | null;
  /** Direction the grader declares itself (MLE-Dojo's higher_is_better default, a grade.py's higher_is_better), or null. */
  declaredHigherIsBetter: boolean | null;
}

/** A directory that is a competition of the peer's layout but cannot be imported, with why. */
export class NotImportable extends Error {
  override name = 'NotImportable';
}

export interface CompetitionSource {
  /** What marks a competition folder, for messages. */
  marker: string;
  is(dir: string): boolean;
  read(dir: string, dataRoot: string | undefined): Promise<ForeignCompetition>;
}

function firstExisting(candidates: string[]): string | null {
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Python modules beside the grader (its `from .x import ...` siblings), relative to the folder; prepare scripts are not grading code. */
async function siblingModules(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.py') && !f.endsWith('prepare.py')).sort();
}

const BenchConfig = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  dataset: z.object({ answers: z.string().min(1), sample_submission: z.string().min(1) }),
  grader: z.object({ name: z.string().min(1) }).passthrough().optional(),
});

/**
 * The prepared data of an MLE-bench competition: config.yaml names the answers and sample files
 * relative to MLE-bench's data directory (`<id>/prepared/private/test.csv`), which is `--data`, or
 * the competition folder's parent; or the competition folder holds `prepared/` itself.
 */
function benchData(dir: string, dataset: { answers: string; sample_submission: string }, dataRoot: string | undefined) {
  const inside = (file: string) => path.join(dir, 'prepared', ...file.split('/').slice(-2));
  for (const root of [...(dataRoot ? [dataRoot] : []), path.dirname(dir), null]) {
    const answers = root === null ? inside(dataset.answers) : path.join(root, dataset.answers);
    const sample = root === null ? inside(dataset.sample_submission) : path.join(root, dataset.sample_submission);
    if (!existsSync(answers)) continue;
    const dataDir = path.dirname(path.dirname(answers));
    return { dataDir, answersFile: path.relative(path.join(dataDir, 'private'), answers), sampleSubmissionFile: path.relative(path.join(dataDir, 'public'), sample) };
  }
  return null;
}

const mleBench: CompetitionSource = {
  marker: 'config.yaml and grade.py',
  is: (dir) => existsSync(path.join(dir, 'config.yaml')) && existsSync(path.join(dir, 'grade.py')),
  async read(dir, dataRoot) {
    const configFile = path.join(dir, 'config.yaml');
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(configFile, 'utf8'));
    } catch (err) {
      throw new NotImportable(`${configFile}: not valid YAML (${(err as Error).message})`);
    }
    const parsed = BenchConfig.safeParse(raw);
    if (!parsed.success) throw new NotImportable(`${configFile}: ${parsed.error.issues.map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const config = parsed.data;
    const id = config.id ?? path.basename(path.resolve(dir));
    const descriptionFile = path.join(dir, 'description.md');
    if (!existsSync(descriptionFile)) throw new NotImportable(`${dir}: no description.md`);
    const data = benchData(dir, config.dataset, dataRoot);
    if (!data) throw new NotImportable(`${dir}: answers ${config.dataset.answers} (config.yaml dataset.answers) not found; run \`mlebench prepare -c ${id}\` and pass its data directory with --data`);
    const prepareFile = path.join(dir, 'prepare.py');
    const graderFile = path.join(dir, 'grade.py');
    const graderText = await readFile(graderFile, 'utf8');
    return {
      origin: 'mle-bench',
      id,
      title: config.name ?? id,
      description: await readFile(descriptionFile, 'utf8'),
      codeDir: dir,
      codeFiles: await siblingModules(dir),
      graderFile,
      graderText,
      grader: config.grader?.name ?? 'grade.py',
      prepareText: existsSync(prepareFile) ? await readFile(prepareFile, 'utf8') : null,
      ...data,
      leaderboard: firstExisting([path.join(dir, 'leaderboard.csv')]),
      declaredHigherIsBetter: declaredDirection(graderText),
    };
  },
};

/** MLE-Dojo's metric classes declare their direction as the default of `higher_is_better`; an exported grade.py as a module constant. */
function declaredDirection(metricText: string): boolean | null {
  const declared = /higher_is_better\s*(?::\s*bool\s*)?=\s*(True|False)/.exec(metricText);
  return declared ? declared[1] === 'True' : null;
}

const mleDojo: CompetitionSource = {
  marker: 'utils/metric.py',
  is: (dir) => existsSync(path.join(dir, 'utils', 'metric.py')),
  async read(dir, dataRoot) {
    const id = path.basename(path.resolve(dir));
    const descriptionFile = firstExisting(['description.txt', 'description.md'].map((f) => path.join(dir, 'info', f)));
    if (!descriptionFile) throw new NotImportable(`${dir}/info: no description.txt`);
    const graderFile = path.join(dir, 'utils', 'metric.py');
    const graderText = await readFile(graderFile, 'utf8');
    // MLE-Dojo prepares into <data-dir>/<competition>/data/{public,private}.
    const roots = [...(dataRoot ? [path.join(dataRoot, id), dataRoot] : []), dir];
    const dataDir = firstExisting(roots.map((r) => path.join(r, 'data')).filter((d) => existsSync(path.join(d, 'private', 'test_answer.csv'))));
    if (!dataDir) throw new NotImportable(`${dir}: no prepared data (data/private/test_answer.csv); pass --data <dir> where MLE-Dojo prepared it`);
    const prepareFile = path.join(dir, 'utils', 'prepare.py');
    const metricClass = /^class\s+(\w+)\s*\(\s*CompetitionMetrics\s*\)/m.exec(graderText);
    return {
      origin: 'mle-dojo',
      id,
      title: id,
      description: await readFile(descriptionFile, 'utf8'),
      codeDir: dir,
      codeFiles: (await siblingModules(path.join(dir, 'utils'))).map((f) => `utils/${f}`),
      graderFile,
      graderText,
      grader: metricClass ? metricClass[1]! : 'utils/metric.py',
      prepareText: existsSync(prepareFile) ? await readFile(prepareFile, 'utf8') : null,
      dataDir,
      answersFile: 'test_answer.csv',
      sampleSubmissionFile: 'sample_submission.csv',
      leaderboard: firstExisting(['private_leaderboard.csv', 'public_leaderboard.csv'].map((f) => path.join(dir, 'info', f))),
      declaredHigherIsBetter: declaredDirection(graderText),
    };
  },
};

export const COMPETITION_SOURCES: Readonly<Record<PeerOrigin, CompetitionSource>> = { 'mle-bench': mleBench, 'mle-dojo': mleDojo };
