import { describe, expect, it } from 'vitest';
import { apiKeyVariables, createProvider, parseLlmAgentId, secretsIn } from '../../harness/llm/create-provider.js';
import { lookupModel, modelRegistry } from '../../harness/llm/models.js';
import { ProviderError, type LlmProvider } from '../../harness/llm/provider.js';
import { providerKinds, registerProvider } from '../../harness/llm/provider-registry.js';
import { DEFAULT_RETRY_POLICY } from '../../harness/llm/retry.js';

const settings = (env: Record<string, string>) => ({ env, timeoutMs: 1000, retry: DEFAULT_RETRY_POLICY, api: 'chat' as const });

describe('LLM provider registry', () => {
  it('holds the built-in providers in order', () => {
    expect(providerKinds().map((k) => k.name)).toEqual(['openai', 'anthropic', 'google', 'openai-compat']);
  });

  it('a registered provider is parsed, keyed and built through its own adapter', () => {
    const built: { model: string; apiKey: string; baseURL?: string }[] = [];
    registerProvider({
      name: 'echo',
      usage: 'echo:<model>',
      apiKeyVariables: ['ECHO_API_KEY'],
      baseUrlVariable: 'ECHO_BASE_URL',
      create(options): LlmProvider {
        built.push({ model: options.model, apiKey: options.apiKey, baseURL: options.baseURL });
        return { name: 'echo', model: options.model, api: 'chat', complete: async () => ({ text: '', toolCalls: [], stopReason: 'end', usage: { inputTokens: 0, outputTokens: 0 } }) as never };
      },
    });
    expect(parseLlmAgentId('echo:small-1')).toEqual({ provider: 'echo', model: 'small-1' });
    expect(apiKeyVariables('echo')).toEqual(['ECHO_API_KEY']);
    const provider = createProvider({ provider: 'echo', model: 'small-1' }, 'small-1-2025', settings({ ECHO_API_KEY: 'echo-key-123456', ECHO_BASE_URL: 'http://127.0.0.1:9/v1' }));
    expect(provider.name).toBe('echo');
    expect(built).toEqual([{ model: 'small-1-2025', apiKey: 'echo-key-123456', baseURL: 'http://127.0.0.1:9/v1' }]);
    expect(secretsIn({ ECHO_API_KEY: 'echo-key-123456' })).toEqual(['echo-key-123456']);
    expect(() => parseLlmAgentId('nope:x')).toThrow(/use openai:<model>, anthropic:<model>, google:<model>, openai-compat:<model>@<base-url> or echo:<model>$/);
  });

  it('a missing key is an auth ProviderError naming the variable, an infrastructure error', () => {
    const error = (() => {
      try {
        createProvider({ provider: 'anthropic', model: 'claude-sonnet-4' }, 'claude-sonnet-4', settings({}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth', infrastructure: true, message: expect.stringContaining('ANTHROPIC_API_KEY is not set') });
    expect(new ProviderError('bad_request', 'x').infrastructure).toBe(false);
    expect(new ProviderError('server', 'x').infrastructure).toBe(true);
  });

  it('prices models of registered providers only: every entry of agents/models.json names one', () => {
    const registered = new Set(providerKinds().map((k) => k.name));
    const unregistered = Object.entries(modelRegistry().models).filter(([, e]) => !registered.has(e.provider));
    expect(unregistered.map(([id, e]) => `${id}: ${e.provider}`)).toEqual([]);
    // A local server's model of an OpenAI name is not OpenAI's: no entry, no price.
    const local = lookupModel('openai-compat', 'gpt-4o');
    expect(local.known).toBe(false);
    expect(local.pricing).toBeUndefined();
    expect(lookupModel('openai', 'gpt-4o')).toMatchObject({ known: true });
  });

  it('refuses a provider registered twice', () => {
    expect(() => registerProvider({ name: 'openai', usage: 'openai:<model>', apiKeyVariables: [], create: () => undefined as never })).toThrow('LLM provider "openai" is registered twice');
  });
});
