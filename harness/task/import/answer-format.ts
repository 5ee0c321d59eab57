import type { Objective, TaskManifest } from '../schema.js';
import type { CsvTable } from './prepared-files.js';

/** How a competition's answers and submissions read in our terms. */
export interface AnswerFormat {
  objective: Objective;
  targetColumns: string[];
  classes?: string[];
  columns: TaskManifest['submission']['columns'];
  /** One line on what was recognised, for the import report. */
  kind: string;
  /** One-hot answers: the label column our answers.csv adds (the class of each row), for our own checks. */
  oneHotLabel?: string;
  /** Test ids (unique) and whether some id has several answer rows. */
  testIds: number;
  severalRowsPerId: boolean;
}

const isNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

function columnValues(table: CsvTable, name: string): string[] {
  const at = table.header.indexOf(name);
  return at < 0 ? [] : table.rows.map((r) => r[at] ?? '');
}

/** Every row of the columns is 0/1 with exactly one 1: answers one-hot over classes named by the columns. */
function isOneHot(table: CsvTable, columns: string[]): boolean {
  const at = columns.map((c) => table.header.indexOf(c));
  if (at.some((i) => i < 0) || table.rows.length === 0) return false;
  return table.rows.every((r) => {
    const values: number[] = at.map((i) => Number(r[i]));
    return values.every((v) => v === 0 || v === 1) && values.filter((v) => v === 1).length === 1;
  });
}

/** Every value of the column is a number in [0, 1] (a probability), and there is at least one. */
function probabilities(table: CsvTable, name: string): boolean {
  const values = columnValues(table, name);
  return values.length > 0 && values.every((v) => isNumber(v) && Number(v) >= 0 && Number(v) <= 1);
}

/**
 * Reads the answers' shape: the sample submission names the id and the predicted columns (and its
 * rows show what it predicts), the answers show what they hold. Ranked item lists (space-separated
 * ids), one-hot classes, several numeric targets, labels, a probability of one of two named
 * classes and single numbers are told apart; ids with several rows are allowed.
 */
export function inferAnswerFormat(sample: CsvTable, answers: CsvTable): AnswerFormat {
  const [idColumn, ...valueColumns] = sample.header;
  const ids = columnValues(answers, idColumn!);
  const testIds = new Set(ids).size;
  const base = { testIds, severalRowsPerId: testIds < ids.length };
  const idCol = { name: idColumn!, type: 'id' as const };
  const present = valueColumns.filter((c) => answers.header.includes(c));
  const targets = present.length > 0 ? present : answers.header.filter((c) => c !== idColumn && c !== 'leaderboard');
  if (present.length === 0 && targets.length === 1 && valueColumns.length > 1) {
    // One label column answered by one probability column per class (our own exports).
    const labels = new Set(columnValues(answers, targets[0]!));
    if ([...labels].every((l) => valueColumns.includes(l))) {
      return { ...base, objective: valueColumns.length === 2 ? 'binary' : 'multiclass', targetColumns: targets, classes: valueColumns, columns: [idCol, ...valueColumns.map((name) => ({ name, type: 'probability' as const }))], kind: `labels in ${targets[0]}, predicted as one probability per class` };
    }
  }
  if (targets.length > 1) {
    if (isOneHot(answers, targets)) {
      const label = ['label', 'target', 'class'].find((n) => !answers.header.includes(n))!;
      return { ...base, objective: targets.length === 2 ? 'binary' : 'multiclass', targetColumns: [label], oneHotLabel: label, classes: targets, columns: [idCol, ...targets.map((name) => ({ name, type: 'probability' as const }))], kind: `one-hot answers over ${targets.length} classes` };
    }
    const numeric = targets.every((t) => columnValues(answers, t).every(isNumber));
    return { ...base, objective: 'regression', targetColumns: targets, columns: [idCol, ...targets.map((name) => ({ name, type: 'number' as const }))], kind: `${targets.length} ${numeric ? 'numeric' : ''} target columns`.replace('  ', ' ') };
  }
  const target = targets[0]!;
  const values = columnValues(answers, target);
  if (values.some((v) => /\S\s+\S/.test(v.trim()))) {
    return { ...base, objective: 'ranking', targetColumns: [target], columns: [idCol, { name: target, type: 'ranking' }], kind: `ranked lists: space-separated ids in ${target}` };
  }
  const distinct = [...new Set(values)];
  const numeric = values.length > 0 && values.every(isNumber);
  const categorical = !numeric || (distinct.length <= 20 && distinct.every((v) => Number.isInteger(Number(v))));
  if (!categorical) return { ...base, objective: 'regression', targetColumns: [target], columns: [idCol, { name: target, type: 'number' }], kind: `numeric target ${target}` };
  const classes = distinct.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  if (classes.length < 2) return { ...base, objective: 'regression', targetColumns: [target], columns: [idCol, { name: target, type: 'number' }], kind: `single-valued target ${target}` };
  const objective = classes.length === 2 ? 'binary' : 'multiclass';
  if (!numeric && classes.length === 2 && probabilities(sample, target)) {
    return { ...base, objective, targetColumns: [target], classes, columns: [idCol, { name: target, type: 'probability' }], kind: `2 classes in ${target}, predicted as a probability` };
  }
  // Numbered classes (0/1 defaults) are predicted as numbers: probabilities or the class itself, the grader decides.
  const type = numeric ? 'number' : 'label';
  return { ...base, objective, targetColumns: [target], classes, columns: [idCol, { name: target, type }], kind: `${classes.length} classes in ${target}${base.severalRowsPerId ? ', several rows per id' : ''}` };
}
