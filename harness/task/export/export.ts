import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { resolveDatasetDir } from '../../datasets/fetch.js';
import { loadTasks, type Task } from '../loader.js';
import { CUSTOM_METRIC_FILE, DOJO_PREPARE_TEMPLATE, peerGraderSource } from './peer-grader.js';

export const EXPORT_LAYOUTS = ['mle-bench', 'mle-dojo'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export interface ExportResult {
  out: string;
  exported: { id: string; dir: string; notes: string[] }[];
  skipped: { id: string; reason: string }[];
}

/**
 * The task's raw dataset folder, copied to raw/ where the peer's prepare step reads it: whole,
 * since task.json may pin it by its dataset.json (a folder of images) rather than file by file.
 */
async function copyRaw(task: Task, dest: string): Promise<void> {
  const { name } = task.manifest.dataset;
  // A dataset named by a path (an imported task's peer data, a user folder) lies where the path says, as prepare reads it.
  const byPath = path.isAbsolute(name) || name.startsWith('./') || name.startsWith('../');
  const rawDir = byPath ? path.resolve(task.paths.dir, name) : await resolveDatasetDir(name);
  await cp(rawDir, dest, { recursive: true });
}

/** A task with its own metric.py ships it beside the exported grader, which loads it by that name. */
async function copyCustomMetric(task: Task, graderDir: string): Promise<void> {
  if (task.manifest.metric.name === 'custom') await copyFile(task.paths.metric, path.join(graderDir, CUSTOM_METRIC_FILE));
}

/** A competition folder in MLE-bench's layout: config.yaml, description.md, prepare.py, grade.py (and arena_metric.py), leaderboard.csv. */
async function writeBench(task: Task, dir: string, leaderboard: string | null): Promise<void> {
  const { id, title, metric } = task.manifest;
  const config = {
    id,
    name: title,
    competition_type: 'simple',
    awards_medals: false,
    prizes: null,
    description: `mlebench/competitions/${id}/description.md`,
    dataset: { answers: `${id}/prepared/private/answers.csv`, sample_submission: `${id}/prepared/public/sample_submission.csv` },
    grader: { name: metric.name, grade_fn: `mlebench.competitions.${id}.grade:grade` },
    preparer: `mlebench.competitions.${id}.prepare:prepare`,
  };
  await writeFile(path.join(dir, 'config.yaml'), toYaml(config));
  await copyFile(task.paths.description, path.join(dir, 'description.md'));
  await copyFile(task.paths.prepare, path.join(dir, 'prepare.py'));
  await writeFile(path.join(dir, 'grade.py'), await peerGraderSource(task, 'mle-bench'));
  await copyCustomMetric(task, dir);
  if (leaderboard) await copyFile(leaderboard, path.join(dir, 'leaderboard.csv'));
}

/** A competition folder in MLE-Dojo's layout: info/description.txt, utils/prepare.py, utils/metric.py (and utils/arena_metric.py), info/*_leaderboard.csv. */
async function writeDojo(task: Task, dir: string, leaderboard: string | null): Promise<void> {
  for (const d of ['info', 'utils']) await mkdir(path.join(dir, d), { recursive: true });
  await copyFile(task.paths.description, path.join(dir, 'info', 'description.txt'));
  await copyFile(task.paths.prepare, path.join(dir, 'utils', 'arena_prepare.py'));
  await copyFile(DOJO_PREPARE_TEMPLATE, path.join(dir, 'utils', 'prepare.py'));
  await writeFile(path.join(dir, 'utils', 'metric.py'), await peerGraderSource(task, 'mle-dojo'));
  await copyCustomMetric(task, path.join(dir, 'utils'));
  if (leaderboard) for (const b of ['private', 'public']) await copyFile(leaderboard, path.join(dir, 'info', `${b}_leaderboard.csv`));
}

const WRITERS: Record<ExportLayout, (task: Task, dir: string, leaderboard: string | null) => Promise<void>> = { 'mle-bench': writeBench, 'mle-dojo': writeDojo };

/**
 * Writes tasks (a task or a suite directory) as competitions of a peer's layout under `out`, one
 * folder each, with the raw files their prepare step reads in `<id>/raw/`. A task that cannot be
 * exported is skipped with its reason.
 */
export async function exportTasks(layout: ExportLayout, dir: string, out: string): Promise<ExportResult> {
  const tasks = await loadTasks(dir);
  const result: ExportResult = { out: path.resolve(out), exported: [], skipped: [] };
  for (const task of tasks) {
    const id = task.manifest.id;
    const dest = path.join(out, id);
    try {
      await rm(dest, { recursive: true, force: true });
      await mkdir(dest, { recursive: true });
      const leaderboardFile = path.join(task.paths.dir, 'leaderboard.csv');
      const leaderboard = existsSync(leaderboardFile) ? leaderboardFile : null;
      await WRITERS[layout](task, dest, leaderboard);
      await copyRaw(task, path.join(dest, 'raw'));
      const notes = leaderboard ? [] : ['no human leaderboard: the peer reports no medals (MLE-bench grade_csv needs leaderboard.csv)'];
      result.exported.push({ id, dir: path.resolve(dest), notes });
    } catch (err) {
      await rm(dest, { recursive: true, force: true });
      result.skipped.push({ id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
