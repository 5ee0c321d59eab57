import { z } from 'zod';

export const StageSchema = z.enum(['design', 'assertions', 'reviews', 'execution']);
export type Stage = z.infer<typeof StageSchema>;

/** What verifying one candidate came to: the record the generation state keeps and the summary counts. */
export const CandidateOutcomeSchema = z.object({
  id: z.string().min(1),
  dataset: z.string().min(1),
  target: z.string(),
  objective: z.string(),
  modality: z.string(),
  domain: z.string(),
  metric: z.string(),
  verdict: z.enum(['verified', 'rejected']),
  /** Stages fully passed on the last attempt. */
  passed: z.array(StageSchema),
  /** Failed checks of the last attempt (or the design error), for the summary. */
  reasons: z.array(z.object({ check: z.string(), message: z.string() })),
  attempts: z.number().int().nonnegative(),
  anchors: z.object({ trivial: z.number().nullable(), reference: z.number().nullable(), optimum: z.number().nullable() }).optional(),
  /** Seconds spent per stage over all attempts (prepare is the sandboxed double run of prepare.py). */
  seconds: z.record(z.string(), z.number()),
});
export type CandidateOutcome = z.infer<typeof CandidateOutcomeSchema>;
