import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileFormatError, readJsonFile } from '../util/json-file.js';
import { SuiteManifest, TaskManifest } from './schema.js';

/** Where each part of a task lives, relative to its directory (see DESIGN.md, Task format). */
export interface TaskPaths {
  dir: string;
  manifest: string;
  description: string;
  prepare: string;
  metric: string;
  verification: string;
  publicDir: string;
  privateDir: string;
  train: string;
  test: string;
  sampleSubmission: string;
  answers: string;
  /** Each test row's unit (group or block), written by the recipe preparer for a split by units. */
  testUnits: string;
}

export interface Task {
  manifest: TaskManifest;
  paths: TaskPaths;
}

export interface Suite {
  dir: string;
  manifest: SuiteManifest;
  tasks: Task[];
}

export function taskPaths(dir: string): TaskPaths {
  const abs = path.resolve(dir);
  const publicDir = path.join(abs, 'data', 'public');
  const privateDir = path.join(abs, 'data', 'private');
  return {
    dir: abs,
    manifest: path.join(abs, 'task.json'),
    description: path.join(abs, 'description.md'),
    prepare: path.join(abs, 'prepare.py'),
    metric: path.join(abs, 'metric.py'),
    verification: path.join(abs, 'verification.json'),
    publicDir,
    privateDir,
    train: path.join(publicDir, 'train.csv'),
    test: path.join(publicDir, 'test.csv'),
    sampleSubmission: path.join(publicDir, 'sample_submission.csv'),
    answers: path.join(privateDir, 'answers.csv'),
    testUnits: path.join(privateDir, 'test_units.csv'),
  };
}

export function isSuiteDir(dir: string): boolean {
  return existsSync(path.join(dir, 'suite.json'));
}

export function isTaskDir(dir: string): boolean {
  return existsSync(path.join(dir, 'task.json'));
}

/** Loads and schema-checks one task directory; errors name the file and field. */
export async function loadTask(dir: string): Promise<Task> {
  const paths = taskPaths(dir);
  if (!existsSync(paths.dir) || !statSync(paths.dir).isDirectory()) {
    throw new FileFormatError(paths.dir, ['not a directory']);
  }
  const manifest = await readJsonFile(paths.manifest, TaskManifest);
  const dirName = path.basename(paths.dir);
  if (manifest.id !== dirName) {
    throw new FileFormatError(paths.manifest, [`field id: "${manifest.id}" does not match the directory name "${dirName}"`]);
  }
  return { manifest, paths };
}

/** Loads a suite and all its tasks; every broken task is reported, not only the first. */
export async function loadSuite(dir: string): Promise<Suite> {
  const abs = path.resolve(dir);
  const manifest = await readJsonFile(path.join(abs, 'suite.json'), SuiteManifest);
  const results = await Promise.allSettled(manifest.tasks.map((id) => loadTask(path.join(abs, id))));
  const problems = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (problems.length > 0) throw new FileFormatError(path.join(abs, 'suite.json'), problems);
  return { dir: abs, manifest, tasks: results.map((r) => (r as PromiseFulfilledResult<Task>).value) };
}

/** A task directory or a suite directory, as given on the command line. */
export async function loadTasks(dir: string): Promise<Task[]> {
  if (isSuiteDir(dir)) return (await loadSuite(dir)).tasks;
  if (isTaskDir(dir)) return [await loadTask(dir)];
  throw new FileFormatError(path.resolve(dir), ['neither a task (no task.json) nor a suite (no suite.json)']);
}
