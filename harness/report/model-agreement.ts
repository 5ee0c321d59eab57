import { z } from 'zod';

/**
 * The parts of the report model about how far the generated tasks rank agents like the human ones
 * (the task-bootstrap suite correlation, how many tasks would make it sure, the paper's own table)
 * and where each agent is strong or weak. Filled by agreement.ts and profiles.ts.
 */

export const COEFFICIENT_NAMES = ['pearson', 'spearman', 'kendall', 'ccc'] as const;

export const AgreementCoefficient = z.object({
  name: z.enum(COEFFICIENT_NAMES),
  /** E.g. `Kendall τ-b`. */
  label: z.string().min(1),
  /** null when undefined (a side constant), with the reason. */
  value: z.number().nullable(),
  reason: z.string().optional(),
  p: z.number().nullable(),
  pMethod: z.string().optional(),
  /** Task-bootstrap percentile interval; null when no resample defines the coefficient. */
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  undefinedResamples: z.number().int().nonnegative(),
});
export type AgreementCoefficient = z.infer<typeof AgreementCoefficient>;

const SideRating = z.object({ elo: z.number(), rank: z.number(), rankLo: z.number(), rankHi: z.number() });

export const TasksNeededPart = z.object({
  /** Target half-width of the τ-b interval. */
  target: z.number().positive(),
  observedHalfWidth: z.number().nullable(),
  /** Tasks (both sets) for ±target; null when no projection can be made. */
  tasks: z.number().int().nullable(),
  perSuite: z.tuple([z.number().int(), z.number().int()]).nullable(),
  curve: z.array(z.object({ scale: z.number(), tasks: z.tuple([z.number().int(), z.number().int()]), halfWidth: z.number().nullable() })),
  method: z.string().min(1),
});

export const SuiteAgreement = z.object({
  /** The two sets compared (x = human-designed, y = generated). */
  x: z.string().min(1),
  y: z.string().min(1),
  tasks: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  resamples: z.number().int().positive(),
  level: z.number().gt(0).lt(1),
  agents: z.array(z.object({ agent: z.string().min(1), x: SideRating, y: SideRating })),
  coefficients: z.array(AgreementCoefficient),
  tasksNeeded: TasksNeededPart,
  /** "How sure are we", written from the numbers above. */
  sure: z.string().min(1),
});
export type SuiteAgreement = z.infer<typeof SuiteAgreement>;

/** One comparison of the MLE-Smith paper: the figures quoted and recomputed from its Elo table. */
export const PaperComparison = z.object({
  label: z.string().min(1),
  n: z.number().int().nonnegative(),
  coefficients: z.array(z.object({ name: z.enum(COEFFICIENT_NAMES), quoted: z.number().nullable(), recomputed: z.number(), reproduced: z.boolean() })),
});
export type PaperComparison = z.infer<typeof PaperComparison>;

/** An agent's mean normalized score on one category against the mean of all agents there. */
export const ProfileCell = z.object({
  kind: z.enum(['modality', 'objective']),
  value: z.string().min(1),
  tasks: z.number().int().positive(),
  mean: z.number(),
  /** Mean over the agents of their means on this category. */
  population: z.number(),
});
export type ProfileCell = z.infer<typeof ProfileCell>;

export const AgentProfile = z.object({
  agent: z.string().min(1),
  cells: z.array(ProfileCell),
  /** Categories (`kind: value`) where it is furthest above / below the population, past the margin. */
  strong: z.array(z.string()),
  weak: z.array(z.string()),
});
export type AgentProfile = z.infer<typeof AgentProfile>;
