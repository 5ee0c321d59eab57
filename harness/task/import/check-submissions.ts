import { mulberry32 } from '../../stats/rng.js';
import type { Answers } from '../../grading/answers.js';
import type { SubmissionFormat } from '../../grading/submission-format.js';
import { csvField } from '../../tabular/csv.js';

/** A submission made at import to compare a catalog metric with the peer's grader. */
export interface CheckSubmission {
  name: string;
  csv: string;
}


/** How far a made submission strays from the answers: 0 is the answers themselves. */
const LEVELS = [
  { name: 'perfect', noise: 0 },
  { name: 'near', noise: 0.25 },
  { name: 'far', noise: 1 },
] as const;

type Cells = (row: number, noise: number, u: () => number) => string[];

/** The value cells of one row, per input kind: the truth, moved away from it by `noise` in [0, 1]. */
function cellsOf(format: SubmissionFormat, answers: Answers): Cells {
  const k = format.classes.length;
  const pick = (u: () => number, n: number) => Math.min(n - 1, Math.floor(u() * n));
  switch (format.inputKind) {
    case 'values':
      // Multiplicative noise keeps the truth's sign, so metrics on positive values still apply.
      return (r, noise, u) => [String(answers.valueTruth![r]! * (1 + noise * (u() - 0.5)))];
    case 'labels':
      return (r, noise, u) => [format.classes[u() < noise ? pick(u, k) : answers.classTruth![r]!]!];
    case 'binary-scores':
      return (r, noise, u) => [String((1 - noise) * answers.classTruth![r]! + noise * u())];
    case 'class-probabilities':
      return (r, noise, u) => {
        const spread = format.classes.map(() => 0.05 + u());
        const total = spread.reduce((a, b) => a + b, 0);
        return format.classes.map((_, c) => String((1 - noise) * Number(c === answers.classTruth![r]) + (noise * spread[c]!) / total));
      };
    case 'rankings': {
      const pool = [...new Set(answers.rankingTruth!.flat())].sort();
      return (r, noise, u) => {
        const truth = answers.rankingTruth![r]!;
        const listed = truth.map((item) => (u() < noise ? pool[pick(u, pool.length)]! : item));
        // A ranked guess of the truth with some of its items swapped for others and moved down.
        const order = listed.map((item, i) => ({ item, key: i + noise * listed.length * u() })).sort((a, b) => a.key - b.key);
        const items = order.map((o) => o.item);
        return [(items.length > 0 ? items : [pool[pick(u, pool.length)] ?? 'none']).join(' ')];
      };
    }
    default:
      throw new Error('submissions are made only for the input kinds of catalog metrics');
  }
}

/**
 * The perfect submission of the answers and two noisy ones (near and far from the truth), in the
 * task's submission format, one row per answer id, ids spelled as the answers spell them.
 */
export function submissionsFromAnswers(format: SubmissionFormat, answers: Answers, seed = 7): CheckSubmission[] {
  const cells = cellsOf(format, answers);
  const header = [format.idColumn, ...format.valueColumns.map((c) => c.name)].map(csvField).join(',');
  return LEVELS.map(({ name, noise }, level) => {
    // Seeded: the same submissions at every import of the same answers.
    const rng = mulberry32(seed + level);
    const u = () => rng.float();
    const lines = Array.from(answers.ids, (id, r) => [id, ...cells(r, noise, u)].map(csvField).join(','));
    return { name, csv: [header, ...lines].join('\n') + '\n' };
  });
}
