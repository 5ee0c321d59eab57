import { datasetDataDigest } from '../datasets/data-digest.js';
import { MANIFEST_FILE } from '../datasets/hash.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, lchown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { resolveDatasetDir } from '../datasets/fetch.js';
import { digestOfHashes, hashTree, sha256File } from '../util/hash-tree.js';
import { REPO_ROOT } from '../util/paths.js';
import { PREPARE_LIMITS, PREPARE_TIMEOUT_SEC } from '../sandbox/limits.js';
import { getBackend } from '../sandbox/registry.js';
import type { BackendName } from '../sandbox/types.js';
import type { Task } from './loader.js';

const RUNNER = path.join(REPO_ROOT, 'harness', 'task', 'python', 'run_prepare.py');
/** The one preparer of recipe tasks (an importable Python package with its own tests). */
const RECIPE_PREPARER = path.join(REPO_ROOT, 'harness', 'task', 'python', 'recipe', 'recipe_prepare');

/** `data/prepared.json`: what the materialized data was made from, so stale data is detected. */
export const PreparedRecord = z.object({
  taskId: z.string(),
  /** sha256 of prepare.py, or for a recipe task of the recipe together with the preparer's code. */
  prepareSha256: z.string(),
  /** A recipe task: the preparer that made the data, by version and the sha256 of its code. */
  preparer: z.object({ version: z.string(), sha256: z.string() }).optional(),
  rawSha256: z.record(z.string(), z.string()),
  files: z.record(z.string(), z.string()),
  digest: z.string(),
  preparedAt: z.string(),
});
export type PreparedRecord = z.infer<typeof PreparedRecord>;

export class PrepareError extends Error {
  override name = 'PrepareError';
}

export interface PrepareResult {
  task: string;
  status: 'prepared' | 'up-to-date';
  digest: string;
  files: number;
  deterministic: boolean;
  seconds: number;
}

const PREPARED_FILE = 'prepared.json';

function preparedRecordPath(task: Task): string {
  return path.join(task.paths.dir, 'data', PREPARED_FILE);
}

/** Checks the raw files the task was designed on are the ones here, byte for byte (dataset.json: the data it lists). */
async function verifyRawInputs(task: Task, rawDir: string): Promise<Record<string, string>> {
  const expected = task.manifest.dataset.sha256;
  const problems: string[] = [];
  for (const [file, sha] of Object.entries(expected)) {
    const full = path.join(rawDir, file);
    if (!existsSync(full)) {
      problems.push(`raw file ${file} is missing from ${rawDir}`);
      continue;
    }
    if (file === MANIFEST_FILE) {
      const actual = await datasetDataDigest(rawDir);
      if (actual !== sha) problems.push(`the data listed by ${file} has digest ${actual}, task.json dataset.sha256 expects ${sha}`);
      continue;
    }
    const actual = await sha256File(full);
    if (actual !== sha) problems.push(`raw file ${file} has sha256 ${actual}, task.json dataset.sha256 expects ${sha}`);
  }
  if (problems.length > 0) throw new PrepareError(`${task.paths.manifest}: ${problems.join('; ')}`);
  return expected;
}

/**
 * One run of prepare.py in a fresh sandbox: the raw data read-only at /raw, the outputs the only
 * writable task files (/out/public, /out/private), the code read-only at /code.
 */
async function runOnce(task: Task, rawDir: string, outDir: string, runtime: BackendName): Promise<Record<string, string>> {
  const publicDir = path.join(outDir, 'public');
  const privateDir = path.join(outDir, 'private');
  const codeDir = path.join(outDir, '..', `code-${path.basename(outDir)}`);
  for (const d of [publicDir, privateDir, codeDir]) await mkdir(d, { recursive: true });
  // The sandbox user is unprivileged: the output folders must be writable by it.
  for (const d of [outDir, publicDir, privateDir]) await chmod(d, 0o777);
  const command = await stageCode(task, codeDir);
  const backend = await getBackend(runtime);
  const sandbox = await backend.create({
    name: `prepare-${task.manifest.id}`,
    inputs: [
      { source: rawDir, target: '/raw', readOnly: true },
      { source: codeDir, target: '/code', readOnly: true },
      { source: outDir, target: '/out', readOnly: false },
    ],
    limits: PREPARE_LIMITS,
    env: { PYTHONHASHSEED: '0', PYTHONPATH: '/code', PYTHONDONTWRITEBYTECODE: '1' },
  });
  try {
    const result = await sandbox.exec([...command, '/raw', '/out/public', '/out/private'], { timeoutSec: PREPARE_TIMEOUT_SEC });
    if (result.exitCode !== 0) {
      const why = result.timedOut ? `timed out after ${PREPARE_TIMEOUT_SEC} s` : result.oomKilled ? `killed: over ${PREPARE_LIMITS.memoryMb} MiB of memory` : `exit ${result.exitCode ?? result.signal}`;
      const tail = result.stderr.trim().split('\n').slice(-15).join('\n');
      throw new PrepareError(`${preparationName(task)} failed (${why}):\n${tail}`);
    }
  } finally {
    await sandbox.destroy();
  }
  for (const d of [outDir, publicDir, privateDir]) await chmod(d, 0o755);
  await reclaimOwnership(outDir);
  const required = ['public/train.csv', 'public/test.csv', 'public/sample_submission.csv', 'private/answers.csv'];
  const missing = required.filter((f) => !existsSync(path.join(outDir, f)));
  if (missing.length > 0) throw new PrepareError(`${preparationName(task)} did not write ${missing.join(', ')}`);
  return hashTree(outDir);
}

/** What prepares the task, for messages: its prepare.py, or its recipe. */
function preparationName(task: Task): string {
  return task.manifest.recipe ? `${task.paths.manifest} (recipe)` : task.paths.prepare;
}

/** Copies what the sandbox runs into codeDir; returns the command, to which the data folders are appended. */
async function stageCode(task: Task, codeDir: string): Promise<string[]> {
  if (task.manifest.recipe) {
    await cp(RECIPE_PREPARER, path.join(codeDir, 'recipe_prepare'), { recursive: true, filter: (f) => !f.includes('__pycache__') });
    await writeFile(path.join(codeDir, 'recipe.json'), JSON.stringify(task.manifest.recipe));
    return ['/usr/bin/python3', '-m', 'recipe_prepare', '/code/recipe.json'];
  }
  await copyFile(task.paths.prepare, path.join(codeDir, 'prepare.py'));
  await copyFile(RUNNER, path.join(codeDir, 'run_prepare.py'));
  return ['/usr/bin/python3', '/code/run_prepare.py', '/code/prepare.py'];
}

/** The preparer's version and the sha256 of its code (its .py files). */
export async function recipePreparer(): Promise<{ version: string; sha256: string }> {
  const files = await hashTree(RECIPE_PREPARER, (f) => !f.endsWith('.py'));
  const init = await readFile(path.join(RECIPE_PREPARER, '__init__.py'), 'utf8');
  const version = /^VERSION = "([^"]+)"/m.exec(init)?.[1];
  if (!version) throw new PrepareError(`${path.join(RECIPE_PREPARER, '__init__.py')}: no VERSION = "..." line`);
  return { version, sha256: digestOfHashes(files) };
}

/** What the data is made from besides the raw files: prepare.py, or the recipe and the preparer's code. */
async function preparationDigest(task: Task): Promise<{ prepareSha256: string; preparer?: { version: string; sha256: string } }> {
  if (!task.manifest.recipe) return { prepareSha256: await sha256File(task.paths.prepare) };
  const preparer = await recipePreparer();
  const prepareSha256 = createHash('sha256').update(JSON.stringify(task.manifest.recipe)).update(preparer.sha256).digest('hex');
  return { prepareSha256, preparer };
}

/** The sandbox wrote the outputs under its own uid; task data belongs to the harness's user. */
async function reclaimOwnership(dir: string): Promise<void> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || gid === undefined) return;
  await lchown(dir, uid, gid);
  for (const entry of await readdir(dir, { recursive: true })) await lchown(path.join(dir, entry), uid, gid);
}

function describeDifference(a: Record<string, string>, b: Record<string, string>): string {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differing = [...names].filter((n) => a[n] !== b[n]);
  return differing.slice(0, 5).join(', ') + (differing.length > 5 ? ` and ${differing.length - 5} more` : '');
}

/**
 * A dataset named by a path (imported tasks: the source project's prepared data) is read where it
 * lies; a name is looked up in the dataset registry and fetched when needed.
 */
async function rawDirOf(task: Task): Promise<string> {
  const { name } = task.manifest.dataset;
  if (path.isAbsolute(name) || name.startsWith('./') || name.startsWith('../')) {
    const dir = path.resolve(task.paths.dir, name);
    if (!existsSync(dir)) throw new PrepareError(`${task.paths.manifest}: field dataset.name: raw data directory ${dir} does not exist`);
    return dir;
  }
  return resolveDatasetDir(name);
}

/** Hashes of the materialized data, as recorded in prepared.json (which is not part of it). */
export function preparedFilesHashes(task: Task): Promise<Record<string, string>> {
  return hashTree(path.join(task.paths.dir, 'data'), (f) => f === PREPARED_FILE);
}

export async function readPreparedRecord(task: Task): Promise<PreparedRecord | null> {
  try {
    return PreparedRecord.parse(JSON.parse(await readFile(preparedRecordPath(task), 'utf8')));
  } catch {
    return null;
  }
}

/**
 * Materializes a task's data by running prepare.py twice into fresh directories and comparing
 * every output hash: a task whose preparation is not deterministic is refused. The checked
 * output then replaces `data/` in one rename, so a crash never leaves half a dataset.
 */
export async function prepareTask(task: Task, options: { force?: boolean; runtime?: BackendName } = {}): Promise<PrepareResult> {
  const runtime = options.runtime ?? 'local';
  const started = performance.now();
  const rawDir = await rawDirOf(task);
  const rawSha256 = await verifyRawInputs(task, rawDir);
  const { prepareSha256, preparer } = await preparationDigest(task);
  const existing = await readPreparedRecord(task);
  if (!options.force && existing && existing.prepareSha256 === prepareSha256 && digestOfHashes(existing.rawSha256) === digestOfHashes(rawSha256)) {
    const current = await preparedFilesHashes(task).catch(() => ({}));
    if (digestOfHashes(current) === existing.digest) {
      return { task: task.manifest.id, status: 'up-to-date', digest: existing.digest, files: Object.keys(current).length, deterministic: true, seconds: 0 };
    }
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), `arena-prepare-${task.manifest.id}-`));
  try {
    const first = await runOnce(task, rawDir, path.join(scratch, 'a'), runtime);
    const second = await runOnce(task, rawDir, path.join(scratch, 'b'), runtime);
    const digest = digestOfHashes(first);
    if (digest !== digestOfHashes(second)) {
      throw new PrepareError(`${preparationName(task)} is not deterministic: two runs differ in ${describeDifference(first, second)}`);
    }
    const record: PreparedRecord = { taskId: task.manifest.id, prepareSha256, ...(preparer ? { preparer } : {}), rawSha256, files: first, digest, preparedAt: new Date().toISOString() };
    await writeFile(path.join(scratch, 'a', PREPARED_FILE), JSON.stringify(record, null, 2) + '\n');
    const dataDir = path.join(task.paths.dir, 'data');
    const old = path.join(task.paths.dir, `.data-old-${process.pid}`);
    if (existsSync(dataDir)) await rename(dataDir, old);
    await moveDir(path.join(scratch, 'a'), dataDir);
    await rm(old, { recursive: true, force: true });
    return {
      task: task.manifest.id,
      status: 'prepared',
      digest,
      files: Object.keys(first).length,
      deterministic: true,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** rename(), falling back to copy when the temp dir is on another filesystem. */
async function moveDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true });
  }
}

export type PrepareOutcome = PrepareResult | { task: string; status: 'failed'; error: string };

/**
 * Prepares many tasks, `concurrency` at a time. Their datasets are fetched first, one at a time:
 * two tasks of one dataset must not convert it at once. A task that fails is reported, not thrown.
 */
export async function prepareTasks(
  tasks: Task[],
  options: { force?: boolean; runtime?: BackendName; concurrency?: number; onDone?: (outcome: PrepareOutcome) => void } = {},
): Promise<PrepareOutcome[]> {
  for (const name of new Set(tasks.map((t) => t.manifest.dataset.name))) await resolveDatasetDir(name);
  const limit = pLimit(options.concurrency ?? 1);
  return Promise.all(
    tasks.map((task) =>
      limit(async () => {
        let outcome: PrepareOutcome;
        try {
          outcome = await prepareTask(task, { force: options.force, runtime: options.runtime });
        } catch (err) {
          outcome = { task: task.manifest.id, status: 'failed', error: (err as Error).message };
        }
        options.onDone?.(outcome);
        return outcome;
      }),
    ),
  );
}
