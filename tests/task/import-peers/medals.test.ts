import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leaderboardHigherIsBetter, readLeaderboard } from '../../../harness/grading/peer/leaderboard.js';
import { medalPositions, standingOn } from '../../../harness/grading/peer/medals.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { oracleMedals, PEERS } from './peer-fixtures.js';

const scratch = tempDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Leaderboards of every size class of MLE-bench's rules, in both directions, best first. */
function syntheticBoards(dir: string): string[] {
  return [
    [37, true],
    [150, false],
    [520, true],
    [1500, false],
  ].map(([n, higher]) => {
    const scores = Array.from({ length: n as number }, (_, i) => Math.round((higher ? 1 - i / (n as number) : 0.1 + i / 97) * 1e5) / 1e5);
    const file = path.join(dir, `board-${n}.csv`);
    writeFileSync(file, 'teamId,score\n' + scores.map((s, i) => `${i},${s}`).join('\n') + '\n');
    return file;
  });
}

describe('medals by MLE-bench\'s rules', () => {
  it('give the medals and thresholds of MLE-bench\'s rules (written independently in the oracle) on real and synthetic leaderboards', async () => {
    const boards = [path.join(PEERS, 'mle-dojo', 'GiveMeSomeCredit', 'info', 'private_leaderboard.csv'), path.join(PEERS, 'mle-dojo', 'airbnb-recruiting-new-user-bookings', 'info', 'public_leaderboard.csv'), ...syntheticBoards(scratch)];
    for (const file of boards) {
      const board = await readLeaderboard(file);
      if (board.kind !== 'scores') throw new Error(`${file} has no scores`);
      const higher = leaderboardHigherIsBetter(board.scores)!;
      const at = medalPositions(board.scores.length);
      // Each threshold itself, a hair on either side of it, the median, the best and the worst.
      const pivots = [at.gold, at.silver, at.bronze].map((p) => board.scores[p - 1]!);
      const scores = [...pivots.flatMap((s) => [s, s + 1e-7, s - 1e-7]), board.scores[0]! + 0.01, board.scores.at(-1)! - 0.01, board.scores[board.scores.length >> 1]!];
      const expected = await oracleMedals(file, scores);
      scores.forEach((score, i) => {
        const ours = standingOn(score, board.scores, higher);
        const peer = expected[i]!;
        expect(higher, file).toBe(!peer.is_lower_better);
        expect([ours.medal === 'gold', ours.medal === 'silver', ours.medal === 'bronze', ours.aboveMedian], `${file} score ${score}`).toEqual([peer.gold_medal, peer.silver_medal, peer.bronze_medal, peer.above_median]);
        expect(ours.thresholds).toEqual({ gold: peer.gold_threshold, silver: peer.silver_threshold, bronze: peer.bronze_threshold, median: peer.median_threshold });
      });
    }
  }, 120_000);

  it('place a score at 1 + the entries strictly better, HumanRank (N − position + 1) / N', () => {
    const standing = standingOn(0.5, [0.9, 0.7, 0.5, 0.5, 0.1], true);
    expect([standing.position, standing.humanRank]).toEqual([3, 0.6]);
    expect(standingOn(0.05, [0.1, 0.2, 0.3], false).position).toBe(1);
  });

  it('read a Git LFS pointer as such, and name the file and row of a bad score', async () => {
    const pointer = await readLeaderboard(path.join(PEERS, 'mle-bench', 'spooky-author-identification', 'leaderboard.csv'));
    expect(pointer.kind).toBe('lfs-pointer');
    const bad = path.join(scratch, 'bad.csv');
    writeFileSync(bad, 'teamId,score\n1,0.5\n2,n/a\n');
    await expect(readLeaderboard(bad)).rejects.toThrow(/bad\.csv, row 2: score "n\/a" is not a number/);
  });
});
