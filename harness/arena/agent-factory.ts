import type { TaskManifest } from '../task/schema.js';
import type { Agent } from './types.js';

/** Agent ids: provider:model, openai-compat:model@url, baseline:<level>, replay:<file>. */
const AGENT_ID = /^(openai|anthropic|google|openai-compat|baseline|replay):.+$/;

export class UnknownAgentError extends Error {
  override name = 'UnknownAgentError';
}

export function checkAgentId(id: string): void {
  if (!AGENT_ID.test(id)) {
    throw new UnknownAgentError(`unknown agent "${id}": use openai:<model>, anthropic:<model>, google:<model>, openai-compat:<model>@<url>, baseline:<trivial|linear|forest|gbm|ladder> or replay:<file>`);
  }
}

/** Model settings for every LLM agent of a run; baseline and replay agents have no use for them. */
export interface LlmSettings {
  /** Sampling temperature; reasoning models, which accept only their default, never get it. */
  temperature?: number;
  /** Cap on each reply's tokens, further capped by the model's own limit. */
  maxOutputTokens?: number;
  /** Which OpenAI API `openai:` models go through: Chat Completions (default) or Responses. */
  openaiApi?: 'chat' | 'responses';
}

export interface AgentOptions {
  /** Where LLM responses are cached (by model, messages, parameters and seed). */
  llmCacheDir: string;
  llm?: LlmSettings;
}

/** Creates the agent for one episode. Modules are loaded on demand so baselines never load the SDKs. */
export async function createAgent(id: string, manifest: TaskManifest, options: AgentOptions): Promise<Agent> {
  checkAgentId(id);
  if (id.startsWith('baseline:')) return (await import('../../agents/baselines/baseline-agent.js')).createBaselineAgent(id, manifest);
  if (id.startsWith('replay:')) {
    const { ReplayAgent } = await import('../../agents/replay-agent.js');
    return new ReplayAgent(id, id.slice('replay:'.length));
  }
  const { temperature, maxOutputTokens, openaiApi } = options.llm ?? {};
  return (await import('../../agents/llm/tool-agent.js')).createLlmAgent(id, { cacheDir: options.llmCacheDir, temperature, maxOutputTokens, api: openaiApi });
}
