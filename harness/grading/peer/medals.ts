import { humanRankScore } from '../../stats/normalize.js';

export type Medal = 'gold' | 'silver' | 'bronze';

/** Where a score lands on a human leaderboard, by MLE-bench's medal rules and the HumanRank score. */
export interface LeaderboardStanding {
  teams: number;
  medal: Medal | null;
  aboveMedian: boolean;
  thresholds: { gold: number; silver: number; bronze: number; median: number };
  /** 1 + the number of entries strictly better than the score. */
  position: number;
  /** (N − position + 1) / N. */
  humanRank: number;
}

/**
 * The 1-based leaderboard positions whose scores are the gold, silver and bronze thresholds, by
 * the number of teams (Kaggle's progression rules, as MLE-bench applies them).
 */
export function medalPositions(teams: number): { gold: number; silver: number; bronze: number } {
  if (!Number.isInteger(teams) || teams < 1) throw new Error(`a leaderboard needs at least one team, found ${teams}`);
  const share = (fraction: number) => Math.max(1, Math.trunc(teams * fraction));
  if (teams < 100) return { gold: share(0.1), silver: share(0.2), bronze: share(0.4) };
  if (teams < 250) return { gold: 10, silver: share(0.2), bronze: share(0.4) };
  const gold = 10 + Math.trunc(teams * 0.002);
  return teams < 1000 ? { gold, silver: 50, bronze: 100 } : { gold, silver: share(0.05), bronze: share(0.1) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Ranks a score against a leaderboard listed best first. The thresholds are the scores at the
 * medal positions as listed; `higherIsBetter` is the direction the leaderboard itself shows.
 */
export function standingOn(score: number, scores: readonly number[], higherIsBetter: boolean): LeaderboardStanding {
  const at = medalPositions(scores.length);
  const threshold = (position: number) => scores[position - 1]!;
  const thresholds = { gold: threshold(at.gold), silver: threshold(at.silver), bronze: threshold(at.bronze), median: median(scores) };
  const reaches = (t: number) => (higherIsBetter ? score >= t : score <= t);
  const medal: Medal | null = reaches(thresholds.gold) ? 'gold' : reaches(thresholds.silver) ? 'silver' : reaches(thresholds.bronze) ? 'bronze' : null;
  const humanRank = humanRankScore(score, scores, higherIsBetter);
  return {
    teams: scores.length,
    medal,
    aboveMedian: higherIsBetter ? score > thresholds.median : score < thresholds.median,
    thresholds,
    position: Math.round(scores.length * (1 - humanRank)) + 1,
    humanRank,
  };
}
