import './builtin-providers.js';
import { ProviderError, type LlmProvider } from './provider.js';
import { providerKind, providerKinds, type Env, type ProviderKind, type ProviderSettings } from './provider-registry.js';

export type { Env, ProviderSettings } from './provider-registry.js';

export interface LlmAgentId {
  /** A registered provider's name. */
  provider: string;
  model: string;
  /** For providers whose id carries it (openai-compat): the server's OpenAI-compatible base URL. */
  baseURL?: string;
}

function usage(): string {
  const ids = providerKinds().map((k) => k.usage);
  return `use ${ids.length > 1 ? `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}` : ids.join('')}`;
}

function plainModel(rest: string): { model: string } {
  if (/\s/.test(rest)) throw new Error('the model name has white space');
  return { model: rest };
}

/** Parses `<provider>:<model>` for any registered provider (`openai-compat:<m>@<url>` included). */
export function parseLlmAgentId(id: string): LlmAgentId {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon > 0 ? providerKind(trimmed.slice(0, colon)) : undefined;
  const rest = trimmed.slice(colon + 1);
  if (!kind || !rest) throw new Error(`unknown LLM agent "${id}": ${usage()}`);
  try {
    return { provider: kind.name, ...(kind.parseModel ?? plainModel)(rest) };
  } catch (err) {
    throw new Error(`unknown LLM agent "${id}": ${(err as Error).message}; ${usage()}`);
  }
}

function kindOf(provider: string): ProviderKind {
  const kind = providerKind(provider);
  if (!kind) throw new Error(`unknown LLM provider "${provider}": ${usage()}`);
  return kind;
}

/** Refuses a sampling temperature above what an agent's provider accepts (e.g. Anthropic's 1), naming the provider. */
export function checkTemperature(agentIds: readonly string[], temperature: number | undefined): void {
  if (temperature === undefined) return;
  for (const id of agentIds) {
    const kind = providerKind(id.slice(0, id.indexOf(':')));
    if (kind?.maxTemperature !== undefined && temperature > kind.maxTemperature) throw new Error(`--temperature must be at most ${kind.maxTemperature} for ${kind.name}: models`);
  }
}

/** Where a provider's key comes from, in order. */
export function apiKeyVariables(provider: string): readonly string[] {
  return kindOf(provider).apiKeyVariables;
}

/** Local servers usually want no key, but the SDK requires a non-empty one. */
const NO_KEY = 'no-key';

function apiKeyFor(agent: LlmAgentId, kind: ProviderKind, env: Env): string {
  const key = kind.apiKeyVariables.map((v) => env[v]?.trim()).find(Boolean);
  if (key) return key;
  if (kind.keyOptional) return NO_KEY;
  const variable = kind.apiKeyVariables[0];
  throw new ProviderError('auth', `${variable} is not set: export your ${agent.provider} API key as ${variable} to run ${agent.provider}:${agent.model}`, { provider: agent.provider });
}

/** The adapter for an agent id, with its key and base URL from the environment. */
export function createProvider(agent: LlmAgentId, apiModel: string, settings: ProviderSettings): LlmProvider {
  const kind = kindOf(agent.provider);
  const baseURL = agent.baseURL ?? (kind.baseUrlVariable ? settings.env[kind.baseUrlVariable]?.trim() || undefined : undefined);
  return kind.create({ model: apiModel, apiKey: apiKeyFor(agent, kind, settings.env), baseURL, timeoutMs: settings.timeoutMs, retry: settings.retry }, settings);
}

/** Every API key in the environment, so the agent can make sure none reaches the model. */
export function secretsIn(env: Env): string[] {
  return providerKinds()
    .flatMap((k) => k.apiKeyVariables)
    .map((v) => env[v]?.trim())
    .filter((v): v is string => Boolean(v) && v!.length >= 8);
}
