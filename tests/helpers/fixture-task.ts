import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TaskManifest } from '../../harness/task/schema.js';

export function tempDir(prefix = 'arena-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A task manifest with sensible defaults, overridable field by field. */
export function manifest(overrides: Partial<TaskManifest> & Pick<TaskManifest, 'id'>): TaskManifest {
  return {
    title: 'Fixture task',
    dataset: { name: 'fixture', source: 'test', license: 'CC0', sha256: {} },
    modality: 'tabular',
    objective: 'multiclass',
    domain: 'testing',
    metric: { name: 'accuracy', higherIsBetter: true, params: {} },
    idColumn: 'id',
    targetColumns: ['label'],
    classes: ['a', 'b', 'c'],
    submission: { columns: [{ name: 'id', type: 'id' }, { name: 'label', type: 'label' }] },
    split: { seed: 0, rows: { train: 0, test: 1 }, publicLeaderboardFraction: 0.3 },
    anchors: { trivial: null, reference: null, optimum: null },
    limits: { maxSteps: 10, stepTimeoutSec: 60, totalTimeSec: 600, memoryMb: 1024, cpus: 1, diskMb: 512 },
    provenance: { createdAt: '2026-01-01T00:00:00Z', roles: {} },
    ...overrides,
  };
}

/** Writes a task dir with answers (id, target, leaderboard) so it can be graded. */
export function writeGradableTask(
  root: string,
  m: TaskManifest,
  answers: { id: string; target: string; board: 'public' | 'private' }[],
): string {
  const dir = path.join(root, m.id);
  mkdirSync(path.join(dir, 'data', 'private'), { recursive: true });
  mkdirSync(path.join(dir, 'data', 'public'), { recursive: true });
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify(m, null, 2));
  const target = m.targetColumns[0]!;
  const lines = [`${m.idColumn},${target},leaderboard`, ...answers.map((a) => `${a.id},${a.target},${a.board}`)];
  writeFileSync(path.join(dir, 'data', 'private', 'answers.csv'), lines.join('\n') + '\n');
  return dir;
}
