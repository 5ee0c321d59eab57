import { z } from 'zod';

/** The line `arena_solvers.step.run` prints last: what the step did, for the agent's next decision. */
export const STEP_RESULT_PREFIX = 'ARENA_RESULT ';

export const StepResult = z.object({
  tag: z.string().nullable(),
  model: z.string(),
  metric: z.string(),
  /** `predictions` of the model, or the `sample` submission for a format the solver does not model. */
  wrote: z.enum(['predictions', 'sample']),
  /** Training rows the model was fitted on (after row caps). */
  rows: z.number().int().nonnegative(),
  /** How many input columns are of each kind (numeric, category, date, text, image, drop), used or not. */
  kinds: z.record(z.string(), z.number().int().nonnegative()),
  /** The task metric on 20% of the training rows, when the solver could measure it. */
  holdout: z.number().nullable(),
  members: z.array(z.string()),
  /** The one input column the model uses, when it is a model of one column (`one_input`). */
  input: z.string().nullable(),
  seconds: z.number().nonnegative(),
});
export type StepResult = z.infer<typeof StepResult>;

/**
 * The step's result from its stdout, or undefined when the step printed none (it failed first).
 * A result line that does not parse is the solver's bug, never the task's: it throws.
 */
export function parseStepResult(stdout: string | undefined): StepResult | undefined {
  const line = (stdout ?? '').split('\n').reverse().find((l) => l.startsWith(STEP_RESULT_PREFIX));
  if (line === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(STEP_RESULT_PREFIX.length));
  } catch {
    throw new Error(`the solver's result line is not JSON: ${line.slice(0, 200)}`);
  }
  const parsed = StepResult.safeParse(value);
  if (!parsed.success) throw new Error(`the solver's result line does not fit its schema (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return parsed.data;
}
