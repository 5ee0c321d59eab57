import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getMetric } from '../../grading/metrics/catalog.js';
import { loadTask, type Task } from '../../task/loader.js';
import { TaskManifest, type SubmissionColumn } from '../../task/schema.js';
import { masePeriod, naiveScale } from '../../grading/metrics/mase.js';
import { parseCsv, scanCsvFile } from '../../tabular/csv.js';
import type { z } from 'zod';
import { designedMetricParams } from '../metric-choice.js';
import type { DatasetProfile, Draft } from '../types.js';

export class RefactorError extends Error {
  override name = 'RefactorError';
}

const REQUIRED_SECTIONS = ['Overview', 'Task', 'Data', 'Evaluation', 'Submission Format'];

function submissionColumns(draft: Draft): z.infer<typeof SubmissionColumn>[] {
  const { proposal, classes } = draft.design;
  const id = { name: 'id', type: 'id' as const };
  if (proposal.metric.form === 'labels') return [id, { name: proposal.target, type: 'label' }];
  if (proposal.metric.form === 'probabilities' && proposal.metric.positiveClass) return [id, { name: proposal.target, type: 'probability' }];
  if (proposal.metric.form === 'probabilities') return [id, ...(classes ?? []).map((c) => ({ name: c, type: 'probability' as const }))];
  return [id, { name: proposal.target, type: 'number' }];
}

/** Sections of the unified layout the description lacks. */
export function missingSections(description: string): string[] {
  return REQUIRED_SECTIONS.filter((s) => !new RegExp(`^##\\s+${s}\\s*$`, 'mi').test(description));
}

/** The task.json a draft maps to; split.rows are measured after prepare (see recordSplitRows). */
export function manifestFor(profile: DatasetProfile, draft: Draft, createdAt: string): TaskManifest {
  const { proposal } = draft.design;
  const metric = getMetric(proposal.metric.name);
  if (!metric) throw new RefactorError(`${draft.id}: metric "${proposal.metric.name}" is not in the catalog`);
  const parsed = TaskManifest.safeParse({
    id: draft.id,
    title: proposal.title,
    // dataset.json lists the sha256 of every raw file (images included): its data digest pins them all.
    dataset: { name: profile.dataset, source: profile.source, license: profile.license, sha256: { 'dataset.json': profile.dataDigest, [profile.table]: profile.sha256[profile.table] } },
    modality: proposal.modality,
    objective: proposal.objective,
    domain: profile.domain,
    metric: { name: metric.name, higherIsBetter: metric.higherIsBetter, params: designedMetricParams(proposal, metric.name) },
    idColumn: 'id',
    targetColumns: [proposal.target],
    classes: draft.design.classes,
    submission: { columns: submissionColumns(draft) },
    split: { seed: draft.design.seed, rows: { train: 0, test: 1 }, publicLeaderboardFraction: draft.design.publicFraction },
    limits: { maxSteps: 10, stepTimeoutSec: 300, totalTimeSec: 1800, memoryMb: 4096, cpus: 2, diskMb: 2048 },
    provenance: { createdAt, roles: { refactor: { by: 'heuristic' }, ...draft.roles } },
    ...(draft.recipe ? { recipe: draft.recipe } : {}),
  });
  if (!parsed.success) {
    throw new RefactorError(`${draft.id}: the draft does not make a valid task.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The Refactor: writes a draft into the unified task layout (task.json validated by its schema,
 * description.md with every required section, the recipe or prepare.py) and returns the loaded task.
 */
export async function refactorDraft(profile: DatasetProfile, draft: Draft, suiteDir: string): Promise<Task> {
  const dir = path.join(suiteDir, draft.id);
  await mkdir(dir, { recursive: true });
  const manifestFile = path.join(dir, 'task.json');
  const previous = existsSync(manifestFile) ? (JSON.parse(await readFile(manifestFile, 'utf8')) as { provenance?: { createdAt?: string } }) : null;
  const manifest = manifestFor(profile, draft, previous?.provenance?.createdAt ?? new Date().toISOString());
  const missing = missingSections(draft.description);
  if (missing.length) throw new RefactorError(`${draft.id}: description.md lacks the sections ${missing.map((s) => `"## ${s}"`).join(', ')}`);
  if (!draft.recipe === !draft.prepareScript) throw new RefactorError(`${draft.id}: a draft needs exactly one of a recipe and a prepare.py`);
  await writeFile(path.join(dir, 'description.md'), draft.description.trimEnd() + '\n');
  // A recipe task is its manifest: a prepare.py left from an earlier attempt would contradict it.
  if (draft.prepareScript) await writeFile(path.join(dir, 'prepare.py'), draft.prepareScript.trimEnd() + '\n');
  else await rm(path.join(dir, 'prepare.py'), { force: true });
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return loadTask(dir);
}

/** Data rows of a CSV file (header excluded), streamed. */
async function countRows(file: string): Promise<number> {
  return (await scanCsvFile(file, () => {})) - 1;
}

/**
 * The naive forecast's in-sample error on the training series (MASE's scale): the mean of
 * |y_t − y_{t−m}| over the training rows of each series in time order (train.csv is in id order),
 * pooled over the series, where m is the task's `metric.params.period` (the season; 1 without one).
 */
async function forecastScale(task: Task): Promise<number> {
  const recipe = task.manifest.recipe;
  if (!recipe || recipe.split.kind !== 'temporal') throw new RefactorError(`${task.paths.manifest}: MASE needs a recipe with a temporal split to measure its scale`);
  const { header, rows } = parseCsv(await readFile(task.paths.train, 'utf8'));
  const at = (name: string) => header.indexOf(name);
  const time = at(recipe.split.column);
  const target = at(recipe.target.name);
  const series = recipe.lags?.seriesColumn ? at(recipe.lags.seriesColumn) : -1;
  const key = (v: string) => (Number.isFinite(Number(v)) ? Number(v) : Date.parse(v));
  const bySeries = new Map<string, { t: number; y: number }[]>();
  for (const r of rows) {
    const s = series >= 0 ? r[series]! : '';
    const list = bySeries.get(s) ?? [];
    list.push({ t: key(r[time]!), y: Number(r[target]) });
    bySeries.set(s, list);
  }
  return naiveScale([...bySeries.values()].map((list) => Float64Array.from(list.sort((a, b) => a.t - b.t).map((p) => p.y))), masePeriod(task.manifest.metric.params));
}

/** Writes the measured train/test row counts (and a MASE task's scale) into task.json once the data is materialized. */
export async function recordSplitRows(task: Task): Promise<Task> {
  const train = await countRows(path.join(task.paths.publicDir, 'train.csv'));
  const test = await countRows(path.join(task.paths.publicDir, 'test.csv'));
  const metric = task.manifest.metric.name === 'mase' ? { ...task.manifest.metric, params: { ...task.manifest.metric.params, scale: await forecastScale(task) } } : task.manifest.metric;
  const manifest = { ...task.manifest, metric, split: { ...task.manifest.split, rows: { train, test } } };
  await writeFile(task.paths.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return loadTask(task.paths.dir);
}
