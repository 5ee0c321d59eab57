import { z } from 'zod';
import { describeIssues } from '../util/json-file.js';
import { ActionSchema, EpisodeOutcomeSchema, LlmUsageSchema, StepRecordSchema } from './episode/schemas.js';

// What a transcript line is: the records this harness writes, and the shapes older transcripts
// (and hand-made ones) have, which a lenient read maps onto the records as far as they go.

const EpisodeHeaderSchema = z.object({ kind: z.literal('episode'), id: z.string(), task: z.string(), agent: z.string(), agentKind: z.string(), seed: z.number().int(), startedAt: z.string() });
const ActionRecordSchema = z.object({ kind: z.literal('action'), action: ActionSchema });
const SubmissionGradeSchema = z.object({ valid: z.boolean(), publicScore: z.number().nullable(), privateScore: z.number().nullable() });
const StepLineSchema = StepRecordSchema.extend({ kind: z.literal('step'), submission: SubmissionGradeSchema.optional() });
const LlmCallLineSchema = LlmUsageSchema.omit({ call: true }).extend({ kind: z.literal('llm_call') });
const ResultLineSchema = EpisodeOutcomeSchema.extend({ kind: z.literal('result') });

/**
 * The records of a transcript, one a line, each with its time. A step keeps its grading but not
 * the harness's copy of the submission; a model call keeps its counts (the call itself is in the
 * run store). Strings may have been cut to TRANSCRIPT_FIELD_CHARS.
 */
export const TranscriptRecordSchema = z.discriminatedUnion('kind', [EpisodeHeaderSchema, ActionRecordSchema, StepLineSchema, LlmCallLineSchema, ResultLineSchema]);
export type TranscriptRecord = z.infer<typeof TranscriptRecordSchema>;

/** A line as this harness writes it: a record and when it was written. */
export const TranscriptLineSchema = z.intersection(TranscriptRecordSchema, z.object({ at: z.string() }));

/**
 * A record as a lenient read gives it: a record of this harness, or one of an older shape with
 * fields missing. What it has is typed as the record's fields are; what identifies it is required
 * (a step's number, an action's action), the rest may be absent.
 */
export const LenientRecordSchema = z.discriminatedUnion('kind', [
  EpisodeHeaderSchema.partial().required({ kind: true }),
  ActionRecordSchema,
  StepLineSchema.partial().required({ kind: true, step: true }),
  LlmCallLineSchema.partial().required({ kind: true }),
  ResultLineSchema.partial().required({ kind: true }),
]);
export type LenientRecord = z.infer<typeof LenientRecordSchema>;

const LegacyLineSchema = z.intersection(LenientRecordSchema, z.object({ at: z.string().optional() }));

/** A record read from a line of an older shape, and what that shape lacked. */
export interface LegacyReading {
  record: LenientRecord;
  at?: string;
  note: string;
}

/** The fields a record must have now, by kind, for saying which ones a legacy line lacks. */
const REQUIRED: Record<TranscriptRecord['kind'], string[]> = Object.fromEntries(
  [EpisodeHeaderSchema, ActionRecordSchema, StepLineSchema, LlmCallLineSchema, ResultLineSchema].map((schema) => [
    schema.shape.kind.value,
    Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, field]) => (field.safeParse(undefined).success ? [] : [key])),
  ]),
) as Record<TranscriptRecord['kind'], string[]>;

/**
 * Reads a parsed line that is not a record of this harness in one of the shapes written before
 * the transcript schema: a record without its time or with fields missing (older runs, test
 * fixtures), or a bare action with no record around it (as replay files are written). When the
 * line is none of them, why, by field.
 */
export function readLegacyLine(value: unknown): LegacyReading | { problem: string[] } {
  const bare = typeof value === 'object' && value !== null && !('kind' in value);
  if (bare) {
    const action = ActionSchema.safeParse(value);
    if (action.success) return { record: { kind: 'action', action: action.data }, note: 'a bare action, as replay files are written' };
    return { problem: ['neither a record (no kind) nor a bare action', ...describeIssues(action.error)] };
  }
  const parsed = LegacyLineSchema.safeParse(value);
  if (!parsed.success) return { problem: describeIssues(parsed.error) };
  const { at, ...record } = parsed.data;
  const present = value as Record<string, unknown>;
  const missing = [...(at === undefined ? ['at'] : []), ...REQUIRED[record.kind].filter((k) => present[k] === undefined)];
  return { record, at, note: `${record.kind} record written before the transcript schema, without ${missing.join(', ')}` };
}
