import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCsv } from '../../tabular/csv.js';
import { sha256File } from '../../util/hash-tree.js';
import { REPO_ROOT } from '../../util/paths.js';
import { TaskManifest, type Objective } from '../schema.js';
import { mapMetricScript } from './metric-mapping.js';

/** What an importer reads out of a foreign competition directory. */
export interface ForeignCompetition {
  origin: 'mle-dojo' | 'mle-bench';
  id: string;
  title: string;
  description: string;
  /** The competition's metric script and its file name in the source. */
  metricScript: { text: string; file: string };
  higherIsBetter: boolean | null;
  /** The source's prepared data: `public/` and `private/<answersFile>`. */
  dataDir: string;
  answersFile: string;
  sampleSubmissionFile: string;
  /** A human leaderboard CSV, kept for HumanRank scores. */
  leaderboard: string | null;
}

export interface ImportedTask {
  id: string;
  metric: string;
  customMetric: boolean;
}

const TEMPLATES = path.join(REPO_ROOT, 'harness', 'task', 'import', 'templates');
const PROBABILITY_METRICS = new Set(['roc_auc', 'log_loss', 'average_precision']);
const REGRESSION_METRICS = new Set(['rmse', 'mse', 'mae', 'rmsle', 'r2', 'mape', 'median_ae', 'spearman']);
const LOWER_IS_BETTER = new Set(['log_loss', 'rmse', 'mse', 'mae', 'rmsle', 'mape', 'median_ae']);

function slug(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'task';
}

async function readTable(file: string): Promise<{ header: string[]; rows: string[][] }> {
  return parseCsv(await readFile(file, 'utf8'));
}

interface Format {
  metric: string;
  custom: boolean;
  objective: Objective;
  classes?: string[];
  columns: TaskManifest['submission']['columns'];
  params: Record<string, unknown>;
}

/**
 * Decides whether the competition fits a catalog metric and our column types, from its metric
 * script and its data; otherwise keeps its script as a custom metric with plain columns.
 */
function inferFormat(sampleHeader: string[], answers: { header: string[]; rows: string[][] }, scriptText: string): Format {
  const [idColumn, ...valueColumns] = sampleHeader;
  const mapped = mapMetricScript(scriptText);
  const targetAt = valueColumns.length === 1 ? answers.header.indexOf(valueColumns[0]!) : -1;
  const values = targetAt >= 0 ? answers.rows.map((r) => r[targetAt] ?? '') : [];
  const numeric = values.length > 0 && values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const classes = [...new Set(values)].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)));
  const idCol = { name: idColumn!, type: 'id' as const };
  // Their own script grades; columns are typed loosely so any submission it accepts reads here.
  const custom = (): Format => {
    const base = { metric: 'custom', custom: true, params: {} };
    if (targetAt < 0) {
      return { ...base, objective: 'multiclass', classes: valueColumns, columns: [idCol, ...valueColumns.map((name) => ({ name, type: 'number' as const }))] };
    }
    const column = valueColumns[0]!;
    if (!numeric) return { ...base, objective: classes.length === 2 ? 'binary' : 'multiclass', classes, columns: [idCol, { name: column, type: 'label' }] };
    const categorical = classes.length <= 20 && classes.every((c) => Number.isInteger(Number(c)));
    return categorical
      ? { ...base, objective: classes.length === 2 ? 'binary' : 'multiclass', classes, columns: [idCol, { name: column, type: 'number' }] }
      : { ...base, objective: 'regression', columns: [idCol, { name: column, type: 'number' }] };
  };
  if (!mapped || targetAt < 0) return custom();
  const target = valueColumns[0]!;
  if (REGRESSION_METRICS.has(mapped)) {
    return numeric ? { metric: mapped, custom: false, objective: 'regression', columns: [idCol, { name: target, type: 'number' }], params: {} } : custom();
  }
  const objective: Objective = classes.length === 2 ? 'binary' : 'multiclass';
  if (PROBABILITY_METRICS.has(mapped)) {
    // A single probability column only fits binary targets; multiclass probabilities come as
    // one column per class in the source, which its own script must read.
    if (classes.length !== 2) return custom();
    return { metric: mapped, custom: false, objective, classes, columns: [idCol, { name: target, type: 'probability' }], params: { positiveClass: classes[1] } };
  }
  return { metric: mapped, custom: false, objective, classes, columns: [idCol, { name: target, type: 'label' }], params: mapped === 'f1' ? { positiveClass: classes[1] } : {} };
}

async function fillTemplate(name: string, values: Record<string, string | number>): Promise<string> {
  let text = await readFile(path.join(TEMPLATES, name), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`__${key}__`, String(value));
  return text;
}

async function modalityOf(publicDir: string): Promise<'tabular' | 'image'> {
  const entries = await readdir(publicDir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory()) ? 'image' : 'tabular';
}

/** Writes one arena task for a foreign competition into `suiteDir`; returns its id and metric. */
export async function writeImportedTask(comp: ForeignCompetition, suiteDir: string, seed = 0, publicFraction = 0.3): Promise<ImportedTask> {
  const id = slug(comp.id);
  const publicDir = path.join(comp.dataDir, 'public');
  const answersPath = path.join(comp.dataDir, 'private', comp.answersFile);
  const samplePath = path.join(publicDir, comp.sampleSubmissionFile);
  for (const f of [samplePath, answersPath]) if (!existsSync(f)) throw new Error(`${f} not found: import needs the competition's prepared data`);
  const sample = await readTable(samplePath);
  const answers = await readTable(answersPath);
  const format = inferFormat(sample.header, answers, comp.metricScript.text);
  const higherIsBetter = format.custom ? (comp.higherIsBetter ?? true) : !LOWER_IS_BETTER.has(format.metric);
  const testRows = answers.rows.length;
  const trainPath = path.join(publicDir, 'train.csv');
  const trainRows = existsSync(trainPath) ? (await readTable(trainPath)).rows.length : 0;
  const sourceFiles = [`private/${comp.answersFile}`, ...(await readdir(publicDir)).filter((f) => f.endsWith('.csv')).map((f) => `public/${f}`)];
  const sha256: Record<string, string> = {};
  for (const f of sourceFiles.sort()) sha256[f] = await sha256File(path.join(comp.dataDir, f));

  const dir = path.join(suiteDir, id);
  await mkdir(dir, { recursive: true });
  const manifest = TaskManifest.parse({
    id,
    title: comp.title,
    dataset: { name: path.resolve(comp.dataDir), source: `${comp.origin} prepared data`, license: `as published by the source competition (${comp.origin})`, sha256 },
    modality: await modalityOf(publicDir),
    objective: format.objective,
    domain: 'imported',
    metric: { name: format.metric, higherIsBetter, params: format.params },
    idColumn: sample.header[0],
    targetColumns: sample.header.slice(1),
    ...(format.classes ? { classes: format.classes } : {}),
    submission: { columns: format.columns },
    split: { seed, rows: { train: trainRows, test: testRows }, publicLeaderboardFraction: publicFraction },
    provenance: { createdAt: new Date().toISOString(), roles: { designer: { by: comp.origin } }, importedFrom: `${comp.origin}:${comp.id}` },
  });
  await writeFile(path.join(dir, 'task.json'), JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(path.join(dir, 'description.md'), comp.description.trim() + '\n');
  await writeFile(
    path.join(dir, 'prepare.py'),
    await fillTemplate('prepare_from_prepared.py', {
      ANSWERS_FILE: comp.answersFile,
      SAMPLE_SUBMISSION_FILE: comp.sampleSubmissionFile,
      ID_COLUMN: sample.header[0]!,
      SEED: seed,
      PUBLIC_FRACTION: publicFraction,
    }),
  );
  const sourceName = comp.origin === 'mle-dojo' ? 'source_metric.py' : 'source_grade.py';
  await writeFile(path.join(dir, sourceName), comp.metricScript.text);
  if (format.custom) await copyFile(path.join(TEMPLATES, comp.origin === 'mle-dojo' ? 'dojo_metric.py' : 'mlebench_metric.py'), path.join(dir, 'metric.py'));
  if (comp.leaderboard) await copyFile(comp.leaderboard, path.join(dir, 'leaderboard.csv'));
  return { id, metric: format.metric, customMetric: format.custom };
}
