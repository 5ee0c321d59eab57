import type { DatasetCard } from '../datasets/card.js';

/**
 * The waves of a wide panel: the same measurements taken again at each wave and stored side by
 * side, a suffix naming the wave (Project STAR's `readk`, `read1`, `read2`, `read3`: reading scores
 * in kindergarten and grades 1–3). A target of one wave is predicted from what was known by then:
 * columns of later waves are measured after it (the eighth reading: STAR's grade-2 task kept the
 * grade-3 class and lunch columns, whose missingness is attrition after grade 2), while the scores
 * of earlier waves are a competitor's best inputs, not sibling outcomes.
 */
export interface Wave {
  /** The name without its wave suffix (`read`). */
  stem: string;
  /** The suffix as written (`k`, `2`). */
  suffix: string;
  /** Its place in time: kindergarten before grade 1. */
  order: number;
}

const SUFFIXED = /^(.*?[A-Za-z])(k|\d{1,2})$/;
/** Words by which a column's meaning names its wave. */
const WAVE_WORDS = /\b(kindergarten|\d+(st|nd|rd|th) grade|grade \d+|wave \d+|visit \d+|round \d+|year \d+|time \d+)\b/i;
/** Stems sharing one set of suffixes that make a wide panel, not a few numbered siblings. */
const MIN_STEMS = 3;

/** Every column of a wave design, with its wave; empty when the card's columns are no wide panel. */
export function columnWaves(card: DatasetCard): Map<string, Wave> {
  const byStem = new Map<string, { name: string; suffix: string; meaning: string }[]>();
  for (const column of card.columns) {
    const m = SUFFIXED.exec(column.name);
    if (!m) continue;
    const list = byStem.get(m[1]!) ?? [];
    list.push({ name: column.name, suffix: m[2]!.toLowerCase(), meaning: column.meaning });
    byStem.set(m[1]!, list);
  }
  const suffixSet = (list: { suffix: string }[]) => [...new Set(list.map((c) => c.suffix))].sort().join(',');
  const counts = new Map<string, number>();
  for (const list of byStem.values()) if (list.length >= 2) counts.set(suffixSet(list), (counts.get(suffixSet(list)) ?? 0) + 1);
  const waves = new Map<string, Wave>();
  const add = (stem: string, list: { name: string; suffix: string }[]) => {
    for (const c of list) waves.set(c.name, { stem, suffix: c.suffix, order: c.suffix === 'k' ? 0 : Number(c.suffix) });
  };
  // The card must say the suffix is a time (numbered items or channels are no waves) ...
  const timed = [...byStem].filter(([, list]) => list.length >= 2 && (counts.get(suffixSet(list)) ?? 0) >= MIN_STEMS && list.every((c) => WAVE_WORDS.test(c.meaning)));
  // ... for one stem at least; every stem with the same suffixes is of the design, its meanings silent or not.
  const sets = new Set(timed.map(([, list]) => suffixSet(list)));
  for (const [stem, list] of byStem) if (sets.has(suffixSet(list))) add(stem, list);
  return waves;
}

/** Whether `column` was recorded in an earlier or a later wave than `target`; null outside a wave design or in the same wave. */
export function waveRelation(waves: ReadonlyMap<string, Wave>, target: string, column: string): 'earlier' | 'later' | null {
  const of = waves.get(target);
  const other = waves.get(column);
  if (!of || !other || other.order === of.order) return null;
  return other.order < of.order ? 'earlier' : 'later';
}
