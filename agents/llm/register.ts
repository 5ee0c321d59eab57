import { registerAgentKind, UnknownAgentError } from '../../harness/arena/agent-registry.js';
import { parseLlmAgentId } from '../../harness/llm/create-provider.js';
import { forEachProvider } from '../../harness/llm/provider-registry.js';

// One agent kind per registered provider, whenever it registers: a new provider is an agent kind without another line here.
forEachProvider((provider) =>
  registerAgentKind({
    prefix: provider.name,
    usage: provider.usage,
    check(id) {
      try {
        parseLlmAgentId(id);
      } catch (err) {
        throw new UnknownAgentError((err as Error).message);
      }
    },
    async create(id, _manifest, options) {
      const { temperature, maxOutputTokens, openaiApi } = options.llm ?? {};
      return (await import('./tool-agent.js')).createLlmAgent(id, { cacheDir: options.llmCacheDir, temperature, maxOutputTokens, api: openaiApi });
    },
  }),
);
