import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runPython } from '../../../harness/util/python.js';
import { REPO_ROOT } from '../../../harness/util/paths.js';

export const PEERS = path.join(REPO_ROOT, 'tests', 'fixtures', 'peers');
const HERE = path.join(REPO_ROOT, 'tests', 'task', 'import-peers');

export const BENCH = ['new-york-city-taxi-fare-prediction', 'h-and-m-personalized-fashion-recommendations', 'nomad2018-predict-transparent-conductors', 'spooky-author-identification'] as const;
export const DOJO = ['GiveMeSomeCredit', 'airbnb-recruiting-new-user-bookings'] as const;

async function python(args: string[]): Promise<string> {
  const r = await runPython(args);
  if (r.code !== 0) throw new Error(`python3 ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * The peers' data directories for the fixture competitions, laid out as each peer's own prepare
 * step leaves them: synthetic raw data, then the competition's prepare.py (MLE-bench:
 * <data>/<id>/prepared; MLE-Dojo: <data>/<id>/data, with the leaderboards copied into private/
 * as its prepare/mle.py does).
 */
export async function peerData(root: string, origin: 'mle-bench' | 'mle-dojo', ids: readonly string[]): Promise<string> {
  const data = path.join(root, `${origin}-data`);
  await Promise.all(
    ids.map(async (id) => {
      const comp = path.join(PEERS, origin, id);
      const raw = path.join(data, id, 'raw');
      const out = path.join(data, id, origin === 'mle-bench' ? 'prepared' : 'data');
      await python([path.join(PEERS, 'synthetic_raw.py'), id, raw]);
      await python([path.join(PEERS, 'peer_prepare.py'), origin, comp, raw, path.join(out, 'public'), path.join(out, 'private')]);
      if (origin === 'mle-dojo') for (const b of ['public', 'private']) cpSync(path.join(comp, 'info', `${b}_leaderboard.csv`), path.join(out, 'private', `${b}_leaderboard.csv`));
    }),
  );
  return data;
}

/** Test submissions made from a competition's prepared answers (submissions.py). */
export async function submissionsFor(id: string, publicDir: string, answers: string, out: string): Promise<string> {
  mkdirSync(out, { recursive: true });
  await python([path.join(HERE, 'submissions.py'), 'make', id, publicDir, answers, out]);
  return out;
}

/** The rows of each CSV whose ids the task's answers.csv puts on `board`: [file, out] pairs. */
export async function boardSubsets(pairs: [string, string][], boardsCsv: string, idColumn: string, board: 'public' | 'private'): Promise<void> {
  await python([path.join(HERE, 'submissions.py'), 'subset', boardsCsv, idColumn, board, ...pairs.flat()]);
}

/**
 * The expected scores of [submission, answers] pairs, computed directly (peer_oracle.py, neither
 * the fixture's grader nor our code), as the peer reports them (MLE-bench rounds to 5 places): the
 * fixture competition's metric, or `metric` (log_loss, roc_auc[:positive class]) for an exported task.
 */
export async function oracleScores(origin: 'mle-bench' | 'mle-dojo', id: string, pairs: [string, string][], metric?: string): Promise<(number | null)[]> {
  const out = await python([path.join(PEERS, 'peer_oracle.py'), 'grade', origin, path.join(PEERS, origin, id), JSON.stringify(pairs), ...(metric ? [metric] : [])]);
  return z.array(z.number().nullable()).parse(JSON.parse(out));
}

export const OracleMedals = z.object({
  gold_medal: z.boolean(),
  silver_medal: z.boolean(),
  bronze_medal: z.boolean(),
  above_median: z.boolean(),
  gold_threshold: z.number(),
  silver_threshold: z.number(),
  bronze_threshold: z.number(),
  median_threshold: z.number(),
  is_lower_better: z.boolean(),
});

/** Medals and thresholds of each score on a leaderboard by MLE-bench's rules (peer_oracle.py, written independently). */
export async function oracleMedals(leaderboard: string, scores: number[]): Promise<z.infer<typeof OracleMedals>[]> {
  return z.array(OracleMedals).parse(JSON.parse(await python([path.join(PEERS, 'peer_oracle.py'), 'medals', leaderboard, JSON.stringify(scores)])));
}
