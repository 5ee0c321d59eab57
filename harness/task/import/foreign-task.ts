import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getMetric } from '../../grading/metrics/catalog.js';
import { leaderboardHigherIsBetter, readLeaderboard, type Leaderboard } from '../../grading/peer/leaderboard.js';
import type { CatalogShortcut, PeerGrading } from '../../grading/peer/peer-grade.js';
import { sha256File } from '../../util/hash-tree.js';
import { REPO_ROOT } from '../../util/paths.js';
import { TaskManifest } from '../schema.js';
import { inferAnswerFormat } from './answer-format.js';
import { catalogMetricOf } from './catalog-match.js';
import { checkGrader } from './grader-check.js';
import { mapPublicFiles, readCsvTable, type FileMapping } from './prepared-files.js';
import { NotImportable, type ForeignCompetition } from './sources.js';

/** What the import did with one competition: the import report's entry. */
export interface ImportedTask {
  id: string;
  origin: ForeignCompetition['origin'];
  /** The peer's grader and how it is computed here. */
  metric: { grader: string; computedBy: string; catalogEquivalent: string | null };
  direction: { higherIsBetter: boolean; from: string };
  /** What the answers hold (ranked lists, one-hot classes, several targets...). */
  format: string;
  files: { train: string; test: string; sampleSubmission: string; answers: string; folders: string[]; copied: string[]; writtenByPrepare: string[] };
  leaderboard: string;
  /** The grader's score of the peer's sample submission on every test row. */
  sampleScore: number | null;
  /** Anything not mapped, and facts the user should know. */
  notes: string[];
}

/** Folder of an imported task holding the peer's grading code. */
export const PEER_CODE_DIR = 'peer';
const TEMPLATES = path.join(REPO_ROOT, 'harness', 'task', 'import', 'templates');

export function taskIdOf(competitionId: string): string {
  return competitionId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'task';
}

/** Direction: the leaderboard's order, else what the grader declares, else the catalog metric it calls. */
function directionOf(comp: ForeignCompetition, board: Leaderboard | null, catalog: { metric: string; evidence: string } | null): { higherIsBetter: boolean; from: string } {
  const fromBoard = board?.kind === 'scores' ? leaderboardHigherIsBetter(board.scores) : null;
  if (fromBoard !== null) return { higherIsBetter: fromBoard, from: `leaderboard order (${path.basename(board!.file)}: best first)` };
  if (comp.declaredHigherIsBetter !== null) return { higherIsBetter: comp.declaredHigherIsBetter, from: `higher_is_better in ${path.relative(comp.codeDir, comp.graderFile)}` };
  const definition = catalog ? getMetric(catalog.metric) : undefined;
  if (definition) return { higherIsBetter: definition.higherIsBetter, from: `catalog metric ${catalog!.metric} (by ${catalog!.evidence})` };
  throw new NotImportable(`${comp.graderFile}: the direction of the metric is unknown (no leaderboard scores, no higher_is_better, no catalog metric called)`);
}

async function readBoard(comp: ForeignCompetition, notes: string[]): Promise<Leaderboard | null> {
  if (!comp.leaderboard) {
    notes.push('no leaderboard: no medals or HumanRank');
    return null;
  }
  const board = await readLeaderboard(comp.leaderboard);
  if (board.kind === 'lfs-pointer') notes.push(`${comp.leaderboard} is a Git LFS pointer (oid ${board.oid.slice(0, 12)}…), not the scores: no medals until \`git lfs pull\` fetches it`);
  return board;
}

async function copyPeerCode(comp: ForeignCompetition, taskDir: string): Promise<string> {
  const dest = path.join(taskDir, PEER_CODE_DIR);
  for (const file of comp.codeFiles) {
    await mkdir(path.dirname(path.join(dest, file)), { recursive: true });
    await copyFile(path.join(comp.codeDir, file), path.join(dest, file));
  }
  return dest;
}

/** sha256 of the prepared files the task's prepare.py reads (public/'s files, not its folders, and the answers). */
async function preparedHashes(comp: ForeignCompetition, mapping: FileMapping, sample: string): Promise<Record<string, string>> {
  const files = [`private/${comp.answersFile}`, `public/${sample}`, ...[mapping.train?.file, mapping.test?.file, ...mapping.others].filter((f): f is string => !!f).map((f) => `public/${f}`)];
  const out: Record<string, string> = {};
  for (const f of [...new Set(files)].sort()) out[f] = await sha256File(path.join(comp.dataDir, f));
  return out;
}

/** How the imported task is graded, and why: the catalog metric where it gives the peer's numbers, else the peer's code. */
function computedBy(comp: ForeignCompetition, catalog: CatalogShortcut | null): string {
  if (catalog?.reproduces) return `the catalog metric ${catalog.metric} (${catalog.why})`;
  const peerCode = `the peer's code (${comp.codeFiles.join(', ')}) in the sandbox`;
  return catalog ? `${peerCode}: the catalog metric ${catalog.metric} does not stand in (${catalog.why})` : `${peerCode}: its files name no catalog metric`;
}

function fillTemplate(text: string, values: Record<string, string | number>): string {
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`__${key}__`, String(value));
  return text;
}

/** Writes one arena task for a peer's competition into `suiteDir`; throws NotImportable with the reason. */
export async function writeImportedTask(comp: ForeignCompetition, suiteDir: string, seed = 0, publicFraction = 0.3): Promise<ImportedTask> {
  const id = taskIdOf(comp.id);
  const publicDir = path.join(comp.dataDir, 'public');
  const answersPath = path.join(comp.dataDir, 'private', comp.answersFile);
  const samplePath = path.join(publicDir, comp.sampleSubmissionFile);
  for (const f of [samplePath, answersPath]) if (!existsSync(f)) throw new NotImportable(`${f} not found: the competition's prepared data is incomplete`);
  // The sample's first rows show what a submission predicts (a probability or a label).
  const sample = await readCsvTable(samplePath, 100);
  const answers = await readCsvTable(answersPath);
  const idColumn = sample.header[0]!;
  if (!answers.header.includes(idColumn)) throw new NotImportable(`${answersPath}: no column "${idColumn}" (the sample submission's id column; found ${JSON.stringify(answers.header)})`);
  const format = inferAnswerFormat(sample, answers);
  const mapping = await mapPublicFiles(publicDir, comp.sampleSubmissionFile, idColumn, format.targetColumns, comp.prepareText);
  if (!mapping.train) throw new NotImportable(`${publicDir}: no training table (no CSV with the target columns ${format.targetColumns.join(', ')} or named as training data)`);
  const notes: string[] = [];
  if (!mapping.test) notes.push(`no test table in public/: test.csv lists the ${sample.count} ids of ${comp.sampleSubmissionFile}`);
  if (sample.count !== answers.count) notes.push(`${comp.sampleSubmissionFile} has ${sample.count} rows, the answers ${answers.count}: the peer's grader decides which rows count`);
  if (format.severalRowsPerId) notes.push(`the answers have several rows per id (${answers.count} rows, ${format.testIds} ids): an id's rows share a leaderboard`);
  const missing = mapping.written.filter((w) => !existsSync(path.join(comp.dataDir, w)));
  if (missing.length > 0) notes.push(`named in prepare.py but not in the prepared data: ${missing.join(', ')}`);
  const board = await readBoard(comp, notes);
  const catalog = catalogMetricOf(comp.graderText, comp.grader);
  const direction = directionOf(comp, board, catalog);

  const dir = path.join(suiteDir, id);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const codeDir = await copyPeerCode(comp, dir);
    const hasScores = board?.kind === 'scores';
    if (hasScores) await copyFile(board.file, path.join(dir, 'leaderboard.csv'));
    const peer: PeerGrading = { origin: comp.origin, code: PEER_CODE_DIR, grader: comp.grader, answers: `peer/${comp.answersFile}`, leaderboard: hasScores ? 'leaderboard.csv' : null, catalog: null };
    const draft = TaskManifest.parse({
      id,
      title: comp.title.length >= 3 ? comp.title : id,
      dataset: { name: path.resolve(comp.dataDir), source: `${comp.origin} prepared data of ${comp.id}`, license: `as published by the source competition (${comp.origin})`, sha256: await preparedHashes(comp, mapping, comp.sampleSubmissionFile) },
      // Folders of per-row files are images only when they hold images (nomad2018's are geometry files).
      modality: mapping.folders.some((f) => f.images > 0) ? 'image' : 'tabular',
      objective: format.objective,
      domain: 'imported',
      metric: { name: 'custom', higherIsBetter: direction.higherIsBetter, params: { peer } },
      idColumn,
      targetColumns: format.targetColumns,
      ...(format.classes ? { classes: format.classes } : {}),
      submission: { columns: format.columns },
      split: { seed, rows: { train: mapping.train.rows, test: format.testIds }, publicLeaderboardFraction: publicFraction },
      provenance: { createdAt: new Date().toISOString(), roles: { designer: { by: comp.origin } }, importedFrom: `${comp.origin}:${comp.id}` },
    });
    const oneHot = format.oneHotLabel ? { label: format.oneHotLabel, classes: format.classes ?? [] } : null;
    const check = await checkGrader({ comp, taskDir: dir, manifest: draft, codeDir, answers, oneHot, candidate: catalog });
    notes.push(...check.notes);
    const manifest = TaskManifest.parse({ ...draft, metric: { ...draft.metric, params: { peer: { ...peer, catalog: check.catalog } } } });
    await writeFile(path.join(dir, 'task.json'), JSON.stringify(manifest, null, 2) + '\n');
    await writeFile(path.join(dir, 'description.md'), comp.description.trim() + '\n');
    await writeFile(path.join(dir, 'metric.py'), fillTemplate(await readFile(path.join(TEMPLATES, 'peer_metric.py'), 'utf8'), { ORIGIN: comp.origin }));
    const template = await readFile(path.join(TEMPLATES, 'prepare_from_peer.py'), 'utf8');
    await writeFile(
      path.join(dir, 'prepare.py'),
      fillTemplate(template, {
        TRAIN_FILE: mapping.train.file,
        TEST_FILE: mapping.test?.file ?? '',
        SAMPLE_SUBMISSION_FILE: comp.sampleSubmissionFile,
        ANSWERS_FILE: comp.answersFile,
        ID_COLUMN: idColumn,
        ONE_HOT_CLASSES: JSON.stringify(format.oneHotLabel ? format.classes : []),
        ONE_HOT_LABEL: format.oneHotLabel ?? '',
        SEED: seed,
        PUBLIC_FRACTION: publicFraction,
      }),
    );
    return {
      id,
      origin: comp.origin,
      metric: { grader: comp.grader, computedBy: computedBy(comp, check.catalog), catalogEquivalent: catalog?.metric ?? null },
      direction,
      format: format.kind,
      files: {
        train: `${mapping.train.file} (${mapping.train.why})`,
        test: mapping.test ? `${mapping.test.file} (${mapping.test.why})` : `ids of ${comp.sampleSubmissionFile}`,
        sampleSubmission: comp.sampleSubmissionFile,
        answers: comp.answersFile,
        folders: mapping.folders.map((f) => `${f.name}/ (${f.files} files)`),
        copied: mapping.others,
        writtenByPrepare: mapping.written,
      },
      leaderboard: !board ? 'none' : board.kind === 'scores' ? `${board.scores.length} teams` : 'Git LFS pointer',
      sampleScore: check.sampleScore,
      notes,
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The peer-layout folders a directory holds (for messages when none is found). */
export async function childDirs(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort();
}
