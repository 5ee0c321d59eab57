import type { z } from 'zod';
import type { SubmissionColumn, TaskManifest } from '../task/schema.js';
import type { MetricInputKind, SubmissionForm } from './metrics/types.js';

type Column = z.infer<typeof SubmissionColumn>;

/** What a task's submission looks like once read, derived from its manifest. */
export interface SubmissionFormat {
  idColumn: string;
  /** Submission columns other than the id, in manifest order. */
  valueColumns: { name: string; type: 'label' | 'probability' | 'number' | 'ranking' }[];
  /** The metric input the columns make, or null when only a custom metric can read them. */
  inputKind: MetricInputKind | null;
  classes: readonly string[];
  /** For binary scores: the index in `classes` of the class the probability is for. */
  positiveClass: number;
}

export class SubmissionFormatError extends Error {
  override name = 'SubmissionFormatError';
}

function inferInputKind(valueColumns: SubmissionFormat['valueColumns']): MetricInputKind | null {
  const types = new Set(valueColumns.map((c) => c.type));
  if (types.size !== 1) return null;
  const [type] = types;
  if (type === 'probability') return valueColumns.length === 1 ? 'binary-scores' : 'class-probabilities';
  if (valueColumns.length !== 1) return null;
  if (type === 'label') return 'labels';
  if (type === 'number') return 'values';
  return 'rankings';
}

/** Reads the submission format from a manifest; throws SubmissionFormatError when it is inconsistent. */
export function submissionFormat(manifest: TaskManifest): SubmissionFormat {
  const valueColumns = manifest.submission.columns.slice(1).map((c) => {
    if (c.type === 'id') throw new SubmissionFormatError(`task.json: submission column "${c.name}" has type "id" but only the first column may`);
    return { name: c.name, type: c.type };
  });
  const classes = manifest.classes ?? [];
  const inputKind = inferInputKind(valueColumns);
  let positiveClass = classes.length - 1;
  if (inputKind === 'binary-scores') {
    if (classes.length !== 2) throw new SubmissionFormatError(`task.json: a single probability column needs exactly two classes, found ${classes.length}`);
    const named = manifest.metric.params['positiveClass'];
    if (named !== undefined) {
      positiveClass = classes.indexOf(String(named));
      if (positiveClass < 0) throw new SubmissionFormatError(`task.json: metric.params.positiveClass "${String(named)}" is not one of the classes ${JSON.stringify(classes)}`);
    }
  }
  if (inputKind === 'class-probabilities') {
    const names = valueColumns.map((c) => c.name);
    if (names.length !== classes.length || names.some((n, i) => n !== classes[i])) {
      throw new SubmissionFormatError(`task.json: probability columns ${JSON.stringify(names)} must be the classes in order ${JSON.stringify(classes)}`);
    }
  }
  return { idColumn: manifest.idColumn, valueColumns, inputKind, classes, positiveClass };
}

/**
 * The submission columns after the id that give a submission form, as `inferInputKind` reads them
 * back: one label or number column named after the target; probabilities as one column for the
 * positive class of a binary task (named after the target) or one column per class, in order.
 */
export function submissionColumnsFor(
  form: SubmissionForm,
  target: string,
  classes: readonly string[] = [],
  positiveClass?: string,
): Column[] {
  if (form === 'probabilities') {
    return positiveClass !== undefined ? [{ name: target, type: 'probability' }] : classes.map((c) => ({ name: c, type: 'probability' }));
  }
  const type = ({ labels: 'label', values: 'number', ranking: 'ranking' } as const)[form];
  return [{ name: target, type }];
}
