import { readFile } from 'node:fs/promises';
import { parseCsv } from '../../tabular/csv.js';

/** A human leaderboard as the peers ship it: rows best first, a `score` column. */
export type Leaderboard =
  | { kind: 'scores'; file: string; scores: number[] }
  /** A Git LFS pointer checked out in place of the file: the scores are not here. */
  | { kind: 'lfs-pointer'; file: string; oid: string };

const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\n(?:[\s\S]*\n)?oid sha256:([0-9a-f]{64})/;

/** Reads a leaderboard; throws naming the file and row when it has no usable scores. */
export async function readLeaderboard(file: string): Promise<Leaderboard> {
  const text = await readFile(file, 'utf8');
  const pointer = LFS_POINTER.exec(text);
  if (pointer) return { kind: 'lfs-pointer', file, oid: pointer[1]! };
  const { header, rows } = parseCsv(text);
  const at = header.indexOf('score');
  if (at < 0) throw new Error(`${file}: no "score" column (found ${JSON.stringify(header)})`);
  const scores = rows.map((r, i) => {
    const v = Number(r[at]);
    if (r[at] === undefined || r[at]!.trim() === '' || !Number.isFinite(v)) throw new Error(`${file}, row ${i + 1}: score "${r[at] ?? ''}" is not a number`);
    return v;
  });
  if (scores.length === 0) throw new Error(`${file}: no rows`);
  return { kind: 'scores', file, scores };
}

/**
 * MLE-bench's reading of a leaderboard's direction: lower is better when the first (best) score
 * is below the last. Null when the two are equal and the board says nothing.
 */
export function leaderboardHigherIsBetter(scores: readonly number[]): boolean | null {
  const first = scores[0]!;
  const last = scores[scores.length - 1]!;
  return first === last ? null : first > last;
}
