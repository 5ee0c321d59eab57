/**
 * The provider-neutral model interface: one request/response shape that every adapter
 * (OpenAI, Anthropic, Google, OpenAI-compatible servers) translates to its own wire format.
 */
import { randomUUID } from 'node:crypto';
import type { RetryPolicy } from './retry.js';

/** A tool call as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  /** The parsed arguments; undefined when the model's arguments were not a JSON object. */
  arguments: Record<string, unknown> | undefined;
  /** The arguments exactly as received (JSON text), kept so a malformed call can be echoed back. */
  rawArguments: string;
  /** Gemini's opaque thought signature, which must be sent back with the call. */
  thoughtSignature?: string;
}

export interface ToolResult {
  callId: string;
  /** The tool's name (Google's functionResponse is matched by name). */
  name: string;
  content: string;
}

export type ChatMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: ToolCall[] }
  | { role: 'tool'; results: ToolResult[] };

export interface ToolSpec {
  name: string;
  description: string;
  /** A JSON schema of type object. */
  parameters: Record<string, unknown>;
}

export interface CompletionRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** Omitted for models that accept only their default temperature. */
  temperature?: number;
  /** Sent where the API has a seed (OpenAI Chat Completions, Gemini); always part of the cache key. */
  seed?: number;
  maxOutputTokens: number;
  signal?: AbortSignal;
}

export type StopReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'other';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CompletionResponse {
  text: string;
  toolCalls: ToolCall[];
  usage: TokenUsage;
  stopReason: StopReason;
  /** The model id the provider reports (often a dated snapshot of the requested one). */
  model: string;
}

export interface LlmProvider {
  /** e.g. `openai`, `anthropic`, `google`, `openai-compat`. */
  readonly name: string;
  /** The model id sent to the API. */
  readonly model: string;
  /** Distinguishes request shapes that differ for the same model (e.g. `chat` vs `responses`). */
  readonly api: string;
  complete(request: CompletionRequest): Promise<CompletionResponse>;
}

/** What every adapter is constructed with. */
export interface AdapterOptions {
  /** The model id sent to the API. */
  model: string;
  apiKey: string;
  /** Overrides the SDK's default endpoint. */
  baseURL?: string;
  /** Per attempt. */
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Marks call ids we made up, which adapters never send back to the provider. */
export const GENERATED_ID_PREFIX = 'gen_';

/** An id for a tool call the provider sent without one (some OpenAI-compatible servers, Gemini). */
export function generatedCallId(): string {
  return `${GENERATED_ID_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

export type ProviderErrorKind = 'rate_limit' | 'server' | 'timeout' | 'auth' | 'bad_request' | 'malformed_reply';

const RETRYABLE: Record<ProviderErrorKind, boolean> = {
  rate_limit: true,
  server: true,
  timeout: true,
  // A garbled reply is the provider's transient fault, not a property of the request.
  malformed_reply: true,
  auth: false,
  bad_request: false,
};

/**
 * A model call that failed for a reason outside the agent's control. After the bounded retries,
 * a retryable one (or `auth`) is an infrastructure error: the runner records it apart from
 * agent failures.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly retryable: boolean;
  /** Attempts made before giving up (set by the retry loop). */
  attempts = 1;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { provider: string; status?: number; retryAfterMs?: number; cause?: unknown } = { provider: 'unknown' },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.retryable = RETRYABLE[kind];
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }

  /** The provider's fault or the operator's (a missing key), never the agent's. */
  get infrastructure(): boolean {
    return this.retryable || this.kind === 'auth';
  }
}

/** The error kind an HTTP status means. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Parses a tool call's JSON arguments; undefined unless they are a JSON object. */
export function parseArguments(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** For wire formats whose arguments arrive as objects (Anthropic, Google). */
export function argumentsFromObject(value: unknown): Pick<ToolCall, 'arguments' | 'rawArguments'> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { arguments: value as Record<string, unknown>, rawArguments: JSON.stringify(value) };
  }
  return { arguments: undefined, rawArguments: typeof value === 'string' ? value : JSON.stringify(value ?? null) };
}
