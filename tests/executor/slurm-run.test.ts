import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { PARTITION, useCluster } from './cluster-helpers.js';

// `arena run --executor slurm`: the whole pipeline (an existing suite, then the report) with its
// episodes played on the machine's two-node cluster, against the same run on the local executor.
const BIN = path.resolve('bin/arena.js');
let suiteDir = '';

useCluster(async () => {
  suiteDir = (await preparedSuite(['iris-species'], 'slurm-run-suite')).dir;
});

interface Summary {
  episodes: { total: number; completed: number };
  leaderboard: { agent: string; normalized: unknown; elo: unknown }[];
}

function run(out: string, ...extra: string[]): Summary {
  const r = spawnSync('node', [BIN, 'run', '--suite', suiteDir, '--models', 'baseline:trivial,baseline:linear', '--resamples', '100', '--out', out, '--json', ...extra], { encoding: 'utf8', timeout: 400_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

const scores = (out: string) => {
  const db = new Database(path.join(out, 'run.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, status, score FROM episodes ORDER BY id').all();
  } finally {
    db.close();
  }
};

describe('arena run --executor slurm', () => {
  it('plays the episodes as a job array and reports the scores of the local executor', () => {
    const slurmOut = path.join(tempDir('arena-slurm-run-'), 'run');
    const localOut = path.join(tempDir('arena-local-run-'), 'run');
    const slurm = run(slurmOut, '--executor', 'slurm', '--partition', PARTITION, '--array-size', '2');
    const local = run(localOut);
    expect(slurm.episodes).toMatchObject({ total: 2, completed: 2 });
    const submissions = JSON.parse(readFileSync(path.join(slurmOut, 'slurm', 'submissions.json'), 'utf8')) as { taskIds: number[] }[];
    expect(submissions.map((s) => s.taskIds)).toEqual([[0, 1]]);
    expect(scores(slurmOut)).toEqual(scores(localOut));
    // The leaderboard's figures, wall times aside (the cluster's are its own).
    const board = (s: Summary) => s.leaderboard.map((r) => [r.agent, r.normalized, r.elo]);
    expect(board(slurm)).toEqual(board(local));
  });
});
