import { z } from 'zod';
import { ActionSchema, EpisodeOutcomeSchema, LlmUsageSchema, StepRecordSchema } from './schemas.js';

/**
 * What executing an episode yields, in order: `start` (once the agent exists), the agent's
 * actions, each step the environment recorded, each model call, and the `result` last. Sinks
 * (the run store, the transcript, a Slurm worker's event log) consume them.
 */
export const EpisodeEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), agentKind: z.string(), startedAt: z.string() }),
  z.object({ kind: z.literal('action'), action: ActionSchema }),
  z.object({ kind: z.literal('step'), seq: z.number().int(), record: StepRecordSchema }),
  z.object({ kind: z.literal('llm_call'), seq: z.number().int(), usage: LlmUsageSchema }),
  z.object({ kind: z.literal('result'), outcome: EpisodeOutcomeSchema }),
]);
// Input type: what the episode emits (a parsed event, its defaults filled in, is one too).
export type EpisodeEvent = z.input<typeof EpisodeEventSchema>;
