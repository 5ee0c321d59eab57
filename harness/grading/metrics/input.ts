import { MetricError, type MetricInput, type MetricInputKind } from './types.js';

/** The input narrowed to one of `kinds`; any other kind is a harness bug, not a bad submission. */
export function inputOfKind<K extends MetricInputKind>(
  input: MetricInput,
  metric: string,
  kinds: readonly K[],
): Extract<MetricInput, { kind: K }> {
  if (!(kinds as readonly MetricInputKind[]).includes(input.kind)) {
    throw new Error(`metric ${metric} cannot score ${input.kind} input (it accepts ${kinds.join(', ')})`);
  }
  return input as Extract<MetricInput, { kind: K }>;
}

/** Row counts of paired arrays must agree (a harness bug otherwise); fewer than `min` rows is a MetricError. */
export function rowCount(metric: string, min: number, ...columns: readonly { length: number }[]): number {
  const n = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== n)) {
    throw new Error(`metric ${metric}: inputs have different lengths ${columns.map((c) => c.length).join(' vs ')}`);
  }
  if (n < min) throw new MetricError(`${metric} needs at least ${min} row${min === 1 ? '' : 's'}, got ${n}`);
  return n;
}

/** scikit-learn rejects NaN and infinity in scores and targets; so do we. */
export function requireFinite(values: Float64Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new MetricError(`${what} contains ${values[i]} at row ${i}`);
  }
}

/** Class indices must point into `classes`; anything else is a harness bug. */
export function requireClassIndices(indices: Int32Array, classCount: number, what: string): void {
  for (let i = 0; i < indices.length; i++) {
    const c = indices[i]!;
    if (c < 0 || c >= classCount) throw new Error(`${what}[${i}] = ${c} is not an index into ${classCount} classes`);
  }
}

export type LabelsInput = Extract<MetricInput, { kind: 'labels' }>;

/** A labels input with at least one row and every class index in range. */
export function labelsInput(input: MetricInput, metric: string): LabelsInput {
  const labels = inputOfKind(input, metric, ['labels']);
  rowCount(metric, 1, labels.yTrue, labels.yPred);
  requireClassIndices(labels.yTrue, labels.classes.length, 'yTrue');
  requireClassIndices(labels.yPred, labels.classes.length, 'yPred');
  return labels;
}
