import type { AdapterOptions, LlmProvider } from './provider.js';
import type { RetryPolicy } from './retry.js';

export type Env = Record<string, string | undefined>;

export interface ProviderSettings {
  env: Env;
  timeoutMs: number;
  retry: RetryPolicy;
  /** OpenAI only: Chat Completions (default) or the Responses API. */
  api: 'chat' | 'responses';
}

/** What an agent id `<provider>:<rest>` names once parsed. */
export interface ParsedModel {
  model: string;
  /** The server's base URL, for providers whose id carries one (openai-compat). */
  baseURL?: string;
}

/** One LLM provider: how its ids read, where its key and endpoint come from, and the adapter that speaks its API. */
export interface ProviderKind {
  /** The id prefix before the first `:`. */
  name: string;
  /** How an id of this provider is written, for usage messages (e.g. `anthropic:<model>`). */
  usage: string;
  /** Where the API key is read, in order; the first one set wins. */
  apiKeyVariables: readonly string[];
  /** Local servers usually want no key: without one the adapter gets a placeholder instead of an error. */
  keyOptional?: boolean;
  /** Overrides the SDK's default endpoint when set. */
  baseUrlVariable?: string;
  /** The highest sampling temperature its API accepts, when lower than the 2 the others take. */
  maxTemperature?: number;
  /** Parses what follows `<name>:`; throws a message saying what is wrong. Default: a model name without white space. */
  parseModel?: (rest: string) => ParsedModel;
  create(options: AdapterOptions, settings: ProviderSettings): LlmProvider;
}

const kinds = new Map<string, ProviderKind>();
const listeners: ((kind: ProviderKind) => void)[] = [];

/** Adds a provider; its prefix becomes an agent id (`<name>:<model>`) and a Smith `--roles` value. */
export function registerProvider(kind: ProviderKind): void {
  if (kinds.has(kind.name)) throw new Error(`LLM provider "${kind.name}" is registered twice: give the second one another name`);
  kinds.set(kind.name, kind);
  for (const listener of listeners) listener(kind);
}

/** Calls `listener` with every provider: those registered so far now, those registered later as they are. */
export function forEachProvider(listener: (kind: ProviderKind) => void): void {
  listeners.push(listener);
  for (const kind of kinds.values()) listener(kind);
}

export function providerKind(name: string): ProviderKind | undefined {
  return kinds.get(name);
}

/** Every registered provider, in registration order. */
export function providerKinds(): ProviderKind[] {
  return [...kinds.values()];
}
