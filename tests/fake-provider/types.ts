/** The fake provider's script language, independent of the agent's own types on purpose. */

export type WireFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'google';

/** A request as the fake server understood it, whatever wire format it came in. */
export interface FakeRequest {
  index: number;
  format: WireFormat;
  model: string;
  system: string;
  messages: FakeMessage[];
  /** Names of the tools offered. */
  tools: string[];
  temperature?: number;
  seed?: number;
  maxTokens?: number;
}

export type FakeMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: { id?: string; name: string; arguments: string; thoughtSignature?: string }[] }
  | { role: 'tool'; callId?: string; name?: string; content: string };

export interface FakeToolCall {
  name: string;
  arguments: unknown;
  /** Sent verbatim instead of JSON.stringify(arguments) where the wire carries text (OpenAI): how a model writes broken JSON. */
  rawArguments?: string;
}

export interface FakeReply {
  text?: string;
  toolCalls?: FakeToolCall[];
  /** `length` = the output limit was hit. */
  stop?: 'stop' | 'length';
}

export type Fault =
  | { kind: 'rate_limit'; retryAfterSec?: number }
  /** `message`: the error's text (default a generic one). */
  | { kind: 'server_error'; status?: number; message?: string }
  /** No reply for `ms` (default: until the client gives up or the server closes). */
  | { kind: 'hang'; ms?: number }
  /** The first tool call's arguments become invalid JSON (OpenAI) or a non-object (Anthropic, Google). */
  | { kind: 'malformed_arguments' }
  | { kind: 'unknown_tool'; name?: string }
  /** A reply cut off at the output limit: long text, no tool call, stop reason length. */
  | { kind: 'overlong'; chars?: number }
  /** HTTP 200 whose body is not JSON. */
  | { kind: 'malformed_body' }
  | { kind: 'unauthorized' };

export interface FakeScript {
  /** Replies in order (by request index); past the end, the last is repeated. */
  replies?: FakeReply[];
  /** Decides each reply from the request; used when `replies` is not given. */
  policy?: (request: FakeRequest) => FakeReply;
  /** Faults by request index, or decided per request. */
  faults?: Record<number, Fault> | ((request: FakeRequest) => Fault | undefined);
  /** A fault injected at random into a fraction of requests (seeded, so reproducible). */
  randomFault?: { fault: Fault; probability: number; seed?: number };
  /** When set, requests without this key (in the provider's header) get a 401. */
  apiKey?: string;
}

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The raw body text, e.g. to check that no secret was sent. */
  rawBody: string;
  body: unknown;
  request: FakeRequest;
  fault?: Fault;
  status: number;
  /** The usage the reply reported. */
  usage?: { inputTokens: number; outputTokens: number };
}

/** Wire JSON, read defensively. */
export type Json = Record<string, any>;

/** What a wire format module does: read a request into the neutral form, write replies and errors. */
export interface WireCodec {
  /** `model` comes from the path (Google) or the body. */
  parse(body: Json, model: string): Omit<FakeRequest, 'index' | 'format'>;
  reply(reply: FakeReply, context: { index: number; model: string; usage: { inputTokens: number; outputTokens: number } }): unknown;
  error(status: number, message: string, retryAfterSec?: number): unknown;
}
