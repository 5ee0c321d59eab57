import { lazyProvider } from './lazy-provider.js';
import { registerProvider, type ParsedModel } from './provider-registry.js';

/** Model names may contain ':' or '@' (e.g. `llama3.1:8b`): the URL starts at the last `@http`. */
function modelAtUrl(rest: string): ParsedModel {
  const at = rest.search(/@https?:\/\/[^@]*$/);
  if (at <= 0) throw new Error('openai-compat needs a model and a base URL, e.g. openai-compat:llama3.1:8b@http://localhost:11434/v1');
  const baseURL = rest.slice(at + 1);
  try {
    new URL(baseURL);
  } catch {
    throw new Error(`"${baseURL}" is not a URL`);
  }
  return { model: rest.slice(0, at), baseURL };
}

// The built-in providers, one line each. A new provider is its adapter module plus one line here; the
// adapter (and its SDK) is imported on the first call only.
registerProvider({ name: 'openai', usage: 'openai:<model>', apiKeyVariables: ['OPENAI_API_KEY'], baseUrlVariable: 'OPENAI_BASE_URL', create: (o, s) => (s.api === 'responses' ? lazyProvider({ name: 'openai', model: o.model, api: 'responses' }, async () => new (await import('./openai-responses.js')).OpenAiResponsesProvider(o)) : lazyProvider({ name: 'openai', model: o.model, api: 'chat' }, async () => new (await import('./openai-chat.js')).OpenAiChatProvider({ ...o, flavor: 'openai' }))) });
registerProvider({ name: 'anthropic', usage: 'anthropic:<model>', apiKeyVariables: ['ANTHROPIC_API_KEY'], baseUrlVariable: 'ANTHROPIC_BASE_URL', maxTemperature: 1, create: (o) => lazyProvider({ name: 'anthropic', model: o.model, api: 'messages' }, async () => new (await import('./anthropic.js')).AnthropicProvider(o)) });
registerProvider({ name: 'google', usage: 'google:<model>', apiKeyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], baseUrlVariable: 'GEMINI_BASE_URL', create: (o) => lazyProvider({ name: 'google', model: o.model, api: 'generateContent' }, async () => new (await import('./google.js')).GoogleProvider(o)) });
// Never given OPENAI_API_KEY: its server is a third party.
registerProvider({ name: 'openai-compat', usage: 'openai-compat:<model>@<base-url>', apiKeyVariables: ['OPENAI_COMPAT_API_KEY'], keyOptional: true, parseModel: modelAtUrl, create: (o) => lazyProvider({ name: 'openai-compat', model: o.model, api: 'chat' }, async () => new (await import('./openai-chat.js')).OpenAiChatProvider({ ...o, flavor: 'openai-compat' })) });
