import { z } from 'zod';
import type { StepRecord } from '../environment.js';
import { ModelCall } from '../model-call.js';
import type { EpisodeOutcome } from '../run-store.js';
import { INFO_TOPICS, type Action, type LlmUsage } from '../types.js';

// What an episode emits, as data: every record crosses a process boundary (a Slurm worker's
// event log read by the coordinator), so each one is parsed, never cast.

export const ActionSchema: z.ZodType<Action, Action> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request_info'), topic: z.enum(INFO_TOPICS) }),
  z.object({ type: z.literal('validate_code'), code: z.string() }),
  z.object({ type: z.literal('execute_code'), code: z.string() }),
  z.object({ type: z.literal('submit'), step: z.number().int().positive().optional() }),
]);

const AgentFacingErrorSchema = z.object({
  kind: z.enum(['syntax_error', 'runtime_error', 'timeout', 'out_of_memory', 'invalid_submission', 'no_submission', 'invalid_action', 'budget_exhausted']),
  message: z.string(),
  causes: z.array(z.string()),
});

export const StepRecordSchema = z.object({
  step: z.number().int(),
  action: z.enum(['request_info', 'validate_code', 'execute_code', 'submit']),
  topic: z.string().optional(),
  code: z.string().optional(),
  ok: z.boolean(),
  error: AgentFacingErrorSchema.optional(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  wallMs: z.number(),
  cpuMs: z.number(),
  submission: z.object({ valid: z.boolean(), publicScore: z.number().nullable(), privateScore: z.number().nullable(), file: z.string() }).optional(),
  observation: z.string(),
}) satisfies z.ZodType<StepRecord>;

export const LlmUsageSchema = z.object({
  model: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
  cached: z.boolean(),
  call: ModelCall.optional(),
}) satisfies z.ZodType<LlmUsage, unknown>;

export const EpisodeOutcomeSchema = z.object({
  status: z.enum(['completed', 'agent_failed', 'infra_error']),
  finalStep: z.number().int().nullable(),
  score: z.number().nullable(),
  publicScore: z.number().nullable(),
  valid: z.boolean(),
  steps: z.number().int(),
  error: z.string().nullable(),
  stopReason: z.string().nullable(),
  wallMs: z.number(),
}) satisfies z.ZodType<EpisodeOutcome>;
