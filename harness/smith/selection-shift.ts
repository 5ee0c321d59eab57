import type { TargetDerivation } from '../task/recipe.js';
import { MISSING_TOKENS } from '../tabular/missing.js';
import { instant } from './survival-dates.js';

/**
 * An "event within a horizon" task leaves out the rows censored before the horizon (their answer is
 * unknown). Where how long a row could be followed depends on an input (the study a patient entered:
 * NWTS-4 began years after NWTS-3, so its children were censored early far more often), leaving those
 * rows out makes that input a predictor of the answer that the disease never made: among nwtco's kept
 * rows relapse by 2,300 days is 17% in one study and 42% in the other, against 15% and 13% raw (the
 * fifth reading). So: among each level's rows without the event by the horizon, the share censored
 * before it, compared across the levels of every coarse input; levels this far apart mark a selection leak.
 * Far apart, not merely apart: a clinical factor that brings death before recurrence (Rotterdam's
 * largest tumours, 0.42 against 0.17) differs by less and stays an input.
 */
export const MAX_CENSORING_GAP = 0.4;
/** Levels with fewer rows without the event than this are too few to compare. */
const MIN_LEVEL_ROWS = 50;
/** A coarse input: at most this many distinct values (a study, a centre, a cohort). */
const MAX_LEVELS = 10;

export interface SelectionShift {
  column: string;
  /** Each compared level's share of rows, without the event by the horizon, censored before it. */
  censoredEarly: { level: string; share: number; rows: number }[];
}

type EventBy = Extract<TargetDerivation, { kind: 'event_by' }>;

/** The coarse inputs whose levels were censored before the horizon at shares this far apart, with the shares. */
export function selectionShifts(table: { header: string[]; rows: string[][] }, source: string, derive: EventBy, inputs: readonly string[]): SelectionShift[] {
  const at = (name: string) => table.header.indexOf(name);
  const [time, status, entry] = [at(source), at(derive.status), derive.entry ? at(derive.entry) : -1];
  if (time < 0 || status < 0) return [];
  // Per row: censored before the horizon (true), followed past it without the event (false), or neither (null: an early event, or unknown).
  const early = table.rows.map((row) => {
    const end = instant(row[time]);
    const start = entry >= 0 ? instant(row[entry]) : 0;
    if (end === null || start === null) return null;
    const t = end - start;
    const status_ = row[status] ?? '';
    const happened = derive.event !== undefined ? status_ === derive.event : !MISSING_TOKENS.has(status_);
    if (happened && t <= derive.horizon) return null;
    return t <= derive.horizon;
  });
  const shifts: SelectionShift[] = [];
  for (const column of inputs) {
    const c = at(column);
    if (c < 0) continue;
    const levels = new Map<string, { early: number; rows: number }>();
    table.rows.forEach((row, r) => {
      const e = early[r];
      const v = row[c];
      if (e === null || e === undefined || v === undefined || MISSING_TOKENS.has(v)) return;
      const level = levels.get(v) ?? { early: 0, rows: 0 };
      level.rows++;
      if (e) level.early++;
      levels.set(v, level);
    });
    if (levels.size < 2 || levels.size > MAX_LEVELS) continue;
    const compared = [...levels].filter(([, l]) => l.rows >= MIN_LEVEL_ROWS).map(([level, l]) => ({ level, share: l.early / l.rows, rows: l.rows }));
    if (compared.length < 2) continue;
    const shares = compared.map((l) => l.share);
    if (Math.max(...shares) - Math.min(...shares) >= MAX_CENSORING_GAP) shifts.push({ column, censoredEarly: compared.sort((a, b) => a.share - b.share) });
  }
  return shifts;
}
