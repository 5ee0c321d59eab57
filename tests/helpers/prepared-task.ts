import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSuite, type Task } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { tempDir } from './fixture-task.js';

/**
 * A private copy of some human-v1 tasks as a suite in a temp dir, prepared there: tests never race
 * on the repository's own data/ folders. Datasets come from $ARENA_HOME (fetched when missing).
 */
export async function preparedSuite(taskIds: string[], name = 'test-suite'): Promise<{ dir: string; tasks: Task[] }> {
  const dir = path.join(tempDir('arena-suite-'), name);
  for (const id of taskIds) {
    cpSync(path.resolve('tasks/human-v1', id), path.join(dir, id), { recursive: true, filter: (src) => !src.includes(`${path.sep}data`) });
  }
  writeFileSync(path.join(dir, 'suite.json'), JSON.stringify({ name, version: '1.0.0', origin: 'human', tasks: taskIds }));
  const suite = await loadSuite(dir);
  for (const task of suite.tasks) await prepareTask(task);
  return { dir, tasks: suite.tasks };
}
