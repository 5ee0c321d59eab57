import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTasks } from '../../../harness/task/import/import.js';
import { loadTask, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { oracleMedals, peerData, PEERS, submissionsFor } from './peer-fixtures.js';

/**
 * `arena grade` without --json, on an imported competition with a real leaderboard
 * (GiveMeSomeCredit: MLE-Dojo's 924 Kaggle teams): the text shows the peer's number on the full
 * test set and the medal and standing, as --json does, medals checked against MLE-bench's rules
 * computed independently (peer_oracle.py).
 */
const BIN = path.resolve('bin/arena.js');
const ID = 'GiveMeSomeCredit';
const root = tempDir('arena-grade-cli-');
let task: Task;

function arena(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('node', [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: tempDir('arena-home-') } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const data = await peerData(root, 'mle-dojo', [ID]);
  const result = await importTasks('mle-dojo', path.join(PEERS, 'mle-dojo', ID), path.join(root, 'suite'), { dataRoot: data });
  expect(result.skipped).toEqual([]);
  task = await loadTask(path.join(result.suite, ID.toLowerCase()));
  await prepareTask(task);
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('arena grade of an imported task, as text', () => {
  it('prints fullScore, the medal and the standing that --json reports', async () => {
    const subs = await submissionsFor(ID, task.paths.publicDir, path.join(task.paths.privateDir, 'peer', 'test_answer.csv'), path.join(root, 'subs'));
    for (const name of ['sample.csv', 'near.csv']) {
      const submission = path.join(subs, name);
      const json = arena('grade', '--task', task.paths.dir, '--submission', submission, '--json');
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout);
      const [board] = await oracleMedals(path.join(PEERS, 'mle-dojo', ID, 'info', 'private_leaderboard.csv'), [report.fullScore]);
      const medal = board!.gold_medal ? 'gold' : board!.silver_medal ? 'silver' : board!.bronze_medal ? 'bronze' : 'none';
      expect(report.standing.medal ?? 'none').toBe(medal);

      const text = arena('grade', '--task', task.paths.dir, '--submission', submission);
      expect(text.code, text.stderr).toBe(0);
      const lines = text.stdout.trim().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^givemesomecredit: custom = \\S+ \\(private, ${report.rows.private} rows\\); public \\S+ \\(${report.rows.public} rows\\); higher is better$`));
      expect(lines[1]).toBe(`  full test set, as the peer reports it: ${report.fullScore} (computed by the peer's code)`);
      const t = report.standing.thresholds;
      expect(lines[2]).toBe(`  medal: ${medal}, ${board!.above_median ? 'above' : 'not above'} the median (gold >= ${t.gold}, silver >= ${t.silver}, bronze >= ${t.bronze}, median ${t.median})`);
      expect(lines[3]).toBe(`  standing: position ${report.standing.position} of 924 teams, HumanRank ${report.standing.humanRank.toPrecision(4)}`);
    }
  }, 300_000);
});
