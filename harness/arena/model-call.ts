import { z } from 'zod';

/**
 * What the run keeps of one model call: the request as the model was sent it (after the history
 * was trimmed and observations cut and redacted), the reply as it came back, and every failed
 * attempt. Provider-neutral: the same record whatever wire format carried it. Read back from the
 * run store through these schemas, so a foreign or damaged row is an error naming the call.
 */

export const RecordedToolCall = z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments exactly as the model wrote them (possibly not JSON). */
  rawArguments: z.string(),
});

export const RecordedMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), text: z.string() }),
  z.object({ role: z.literal('assistant'), text: z.string(), toolCalls: z.array(RecordedToolCall) }),
  z.object({ role: z.literal('tool'), results: z.array(z.object({ callId: z.string(), name: z.string(), content: z.string() })) }),
]);
export type RecordedMessage = z.infer<typeof RecordedMessage>;

export const RecordedRequest = z.object({
  system: z.string(),
  messages: z.array(RecordedMessage),
  /** The names of the tools offered (their full specs are the same for every call of an agent). */
  tools: z.array(z.string()),
  temperature: z.number().optional(),
  seed: z.number().optional(),
  maxOutputTokens: z.number(),
});
export type RecordedRequest = z.infer<typeof RecordedRequest>;

export const STOP_REASONS = ['stop', 'tool_calls', 'length', 'content_filter', 'other'] as const;

export const RecordedReply = z.object({
  text: z.string(),
  toolCalls: z.array(RecordedToolCall),
  stopReason: z.enum(STOP_REASONS),
  /** The model id the provider reported. */
  model: z.string(),
});
export type RecordedReply = z.infer<typeof RecordedReply>;

/** A provider failure: of an attempt that was retried, or of the call once retries were spent. */
export const RecordedFailure = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.number().optional(),
  /** How long the retry loop waited before the next attempt (absent for the final failure). */
  delayMs: z.number().optional(),
});
export type RecordedFailure = z.infer<typeof RecordedFailure>;

export const ModelCall = z.object({
  /** `openai`, `anthropic`, `google`, `openai-compat`. */
  provider: z.string(),
  /** The request shape (`chat`, `responses`, `messages`, `generateContent`). */
  api: z.string(),
  request: RecordedRequest,
  /** Absent when the call failed. */
  reply: RecordedReply.optional(),
  /** Failed attempts before the one that answered (or before giving up). */
  retries: z.array(RecordedFailure).default([]),
  /** Why the call failed after its retries; absent when it was answered. */
  error: RecordedFailure.optional(),
});
export type ModelCall = z.infer<typeof ModelCall>;
export type ModelCallInput = z.input<typeof ModelCall>;
