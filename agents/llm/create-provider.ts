import { AnthropicProvider } from './anthropic.js';
import { GoogleProvider } from './google.js';
import { OpenAiChatProvider } from './openai-chat.js';
import { OpenAiResponsesProvider } from './openai-responses.js';
import { ProviderError, type LlmProvider } from './provider.js';
import type { RetryPolicy } from './retry.js';

export type ProviderName = 'openai' | 'anthropic' | 'google' | 'openai-compat';

export interface LlmAgentId {
  provider: ProviderName;
  model: string;
  /** Only for openai-compat: the server's OpenAI-compatible base URL. */
  baseURL?: string;
}

export type Env = Record<string, string | undefined>;

const USAGE = 'use openai:<model>, anthropic:<model>, google:<model> or openai-compat:<model>@<base-url>';

/** Parses `openai:<m>`, `anthropic:<m>`, `google:<m>`, `openai-compat:<m>@<url>`. */
export function parseLlmAgentId(id: string): LlmAgentId {
  const match = /^(openai|anthropic|google|openai-compat):(.+)$/.exec(id.trim());
  if (!match) throw new Error(`unknown LLM agent "${id}": ${USAGE}`);
  const provider = match[1] as ProviderName;
  const rest = match[2]!;
  if (provider !== 'openai-compat') {
    if (/\s/.test(rest)) throw new Error(`unknown LLM agent "${id}": the model name has white space; ${USAGE}`);
    return { provider, model: rest };
  }
  // Model names may contain ':' or '@' (e.g. `llama3.1:8b`): the URL starts at the last `@http`.
  const at = rest.search(/@https?:\/\/[^@]*$/);
  if (at <= 0) throw new Error(`unknown LLM agent "${id}": openai-compat needs a model and a base URL, e.g. openai-compat:llama3.1:8b@http://localhost:11434/v1`);
  const baseURL = rest.slice(at + 1);
  try {
    new URL(baseURL);
  } catch {
    throw new Error(`unknown LLM agent "${id}": "${baseURL}" is not a URL`);
  }
  return { provider, model: rest.slice(0, at), baseURL };
}

/** Where each provider's key comes from. openai-compat never receives OPENAI_API_KEY: its server is a third party. */
export const API_KEY_VARIABLES: Record<ProviderName, string[]> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  'openai-compat': ['OPENAI_COMPAT_API_KEY'],
};

const BASE_URL_VARIABLES: Partial<Record<ProviderName, string>> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL', google: 'GEMINI_BASE_URL' };

/** Local servers usually want no key, but the SDK requires a non-empty one. */
const NO_KEY = 'no-key';

export interface ProviderSettings {
  env: Env;
  timeoutMs: number;
  retry: RetryPolicy;
  /** OpenAI only: Chat Completions (default) or the Responses API. */
  api: 'chat' | 'responses';
}

function apiKeyFor(agent: LlmAgentId, env: Env): string {
  const variables = API_KEY_VARIABLES[agent.provider];
  const key = variables.map((v) => env[v]?.trim()).find(Boolean);
  if (key) return key;
  if (agent.provider === 'openai-compat') return NO_KEY;
  throw new ProviderError('auth', `${variables[0]} is not set: export your ${agent.provider} API key as ${variables[0]} to run ${agent.provider}:${agent.model}`, { provider: agent.provider });
}

/** The adapter for an agent id, with its key and base URL from the environment. */
export function createProvider(agent: LlmAgentId, apiModel: string, settings: ProviderSettings): LlmProvider {
  const baseUrlVariable = BASE_URL_VARIABLES[agent.provider];
  const baseURL = agent.baseURL ?? (baseUrlVariable ? settings.env[baseUrlVariable]?.trim() || undefined : undefined);
  const options = { model: apiModel, apiKey: apiKeyFor(agent, settings.env), baseURL, timeoutMs: settings.timeoutMs, retry: settings.retry };
  switch (agent.provider) {
    case 'openai':
      return settings.api === 'responses' ? new OpenAiResponsesProvider(options) : new OpenAiChatProvider({ ...options, flavor: 'openai' });
    case 'openai-compat':
      return new OpenAiChatProvider({ ...options, flavor: 'openai-compat' });
    case 'anthropic':
      return new AnthropicProvider(options);
    case 'google':
      return new GoogleProvider(options);
  }
}

/** Every API key in the environment, so the agent can make sure none reaches the model. */
export function secretsIn(env: Env): string[] {
  return Object.values(API_KEY_VARIABLES)
    .flat()
    .map((v) => env[v]?.trim())
    .filter((v): v is string => Boolean(v) && v!.length >= 8);
}
