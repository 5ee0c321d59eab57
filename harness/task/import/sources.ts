import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseCsv } from '../../tabular/csv.js';
import type { ForeignCompetition } from './foreign-task.js';

/** Reasons a directory is not an importable competition, reported per directory. */
export class NotACompetition extends Error {
  override name = 'NotACompetition';
}

function firstExisting(candidates: string[]): string | null {
  return candidates.find((c) => existsSync(c)) ?? null;
}

function titleOf(description: string, fallback: string): string {
  const heading = description.split('\n').find((l) => /^#\s+\S/.test(l));
  return heading ? heading.replace(/^#\s+/, '').trim() : fallback;
}

/** Prepared data of a competition: inside it, or under `dataRoot/<id>` (as both projects lay it out). */
function findData(compDir: string, id: string, dataRoot: string | undefined, inner: string): string | null {
  const roots = [compDir, ...(dataRoot ? [path.join(dataRoot, id), dataRoot] : [])];
  return firstExisting(roots.map((r) => path.join(r, inner)).filter((d) => existsSync(path.join(d, 'public'))));
}

export function isDojoCompetition(dir: string): boolean {
  return existsSync(path.join(dir, 'utils', 'metric.py'));
}

export function isBenchCompetition(dir: string): boolean {
  return existsSync(path.join(dir, 'config.yaml')) && existsSync(path.join(dir, 'grade.py'));
}

/** MLE-Dojo: info/description.txt, utils/metric.py, data/public, data/private/test_answer.csv. */
export async function readDojoCompetition(dir: string, dataRoot?: string): Promise<ForeignCompetition> {
  const id = path.basename(path.resolve(dir));
  const descriptionFile = firstExisting(['description.txt', 'description.md'].map((f) => path.join(dir, 'info', f)));
  if (!descriptionFile) throw new NotACompetition(`${dir}/info: no description.txt`);
  const metricFile = path.join(dir, 'utils', 'metric.py');
  const metricText = await readFile(metricFile, 'utf8');
  const dataDir = findData(dir, id, dataRoot, 'data');
  if (!dataDir) throw new NotACompetition(`${dir}: no prepared data (data/public); pass --data <dir> where MLE-Dojo prepared it`);
  const declared = /higher_is_better\s*:\s*bool\s*=\s*(True|False)/.exec(metricText);
  const description = await readFile(descriptionFile, 'utf8');
  return {
    origin: 'mle-dojo',
    id,
    title: titleOf(description, id),
    description,
    metricScript: { text: metricText, file: 'utils/metric.py' },
    higherIsBetter: declared ? declared[1] === 'True' : null,
    dataDir,
    answersFile: 'test_answer.csv',
    sampleSubmissionFile: 'sample_submission.csv',
    leaderboard: firstExisting([path.join(dir, 'info', 'private_leaderboard.csv'), path.join(dir, 'info', 'public_leaderboard.csv')]),
  };
}

/** Whether a leaderboard's scores fall as the rank goes down (rows are listed best first). */
async function leaderboardDirection(file: string): Promise<boolean | null> {
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  const at = header.indexOf('score');
  const scores = rows.map((r) => Number(r[at])).filter(Number.isFinite);
  if (at < 0 || scores.length < 2 || scores[0] === scores[scores.length - 1]) return null;
  return scores[0]! > scores[scores.length - 1]!;
}

/** MLE-bench: config.yaml, description.md, grade.py, leaderboard.csv, prepared/{public,private}. */
export async function readBenchCompetition(dir: string, dataRoot?: string): Promise<ForeignCompetition> {
  const configFile = path.join(dir, 'config.yaml');
  let config: { id?: string; name?: string; dataset?: { answers?: string; sample_submission?: string } };
  try {
    config = parseYaml(await readFile(configFile, 'utf8')) ?? {};
  } catch (err) {
    throw new NotACompetition(`${configFile}: not valid YAML (${(err as Error).message})`);
  }
  const id = config.id ?? path.basename(path.resolve(dir));
  if (!config.dataset?.answers || !config.dataset.sample_submission) {
    throw new NotACompetition(`${configFile}: field dataset.answers and dataset.sample_submission are required`);
  }
  const descriptionFile = path.join(dir, 'description.md');
  if (!existsSync(descriptionFile)) throw new NotACompetition(`${dir}: no description.md`);
  const dataDir = findData(dir, id, dataRoot, 'prepared');
  if (!dataDir) throw new NotACompetition(`${dir}: no prepared data (prepared/public); pass --data <dir> where MLE-bench prepared it`);
  const leaderboard = path.join(dir, 'leaderboard.csv');
  const hasLeaderboard = existsSync(leaderboard);
  return {
    origin: 'mle-bench',
    id,
    title: config.name ?? titleOf(await readFile(descriptionFile, 'utf8'), id),
    description: await readFile(descriptionFile, 'utf8'),
    metricScript: { text: await readFile(path.join(dir, 'grade.py'), 'utf8'), file: 'grade.py' },
    higherIsBetter: hasLeaderboard ? await leaderboardDirection(leaderboard) : null,
    dataDir,
    answersFile: path.basename(config.dataset.answers),
    sampleSubmissionFile: path.basename(config.dataset.sample_submission),
    leaderboard: hasLeaderboard ? leaderboard : null,
  };
}
