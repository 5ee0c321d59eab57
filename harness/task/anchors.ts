import { writeFile } from 'node:fs/promises';
import { loadTask, type Task } from './loader.js';
import type { TaskManifest } from './schema.js';

/** Writes a task's anchors (trivial, reference and optimum scores) into its task.json. */
export async function writeAnchors(task: Task, anchors: TaskManifest['anchors']): Promise<Task> {
  const manifest = { ...task.manifest, anchors };
  await writeFile(task.paths.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return loadTask(task.paths.dir);
}
