import { BASELINE_IDS } from '../../agents/baselines/population.js';
import type { TaskManifest } from '../task/schema.js';
import type { Agent } from './types.js';

/** Agent ids: provider:model, openai-compat:model@url, baseline:<name>, replay:<file>. */
const AGENT_ID = /^(openai|anthropic|google|openai-compat|baseline|replay):.+$/;

/** Stands for every built-in baseline, in the registry's order. */
export const ALL_BASELINES = 'baseline:*';

export class UnknownAgentError extends Error {
  override name = 'UnknownAgentError';
}

export function checkAgentId(id: string): void {
  if (!AGENT_ID.test(id)) {
    throw new UnknownAgentError(`unknown agent "${id}": use openai:<model>, anthropic:<model>, google:<model>, openai-compat:<model>@<url>, baseline:<name> (${ALL_BASELINES} for all of them) or replay:<file>`);
  }
  // Caught here rather than as failed episodes: the baselines are known before the run starts.
  if (id.startsWith('baseline:') && !BASELINE_IDS.includes(id)) {
    throw new UnknownAgentError(`unknown baseline "${id}": use one of ${BASELINE_IDS.join(', ')} (or ${ALL_BASELINES} for all)`);
  }
}

/** The agent ids of a run: `baseline:*` becomes the whole offline population; duplicates are dropped. */
export function expandAgentIds(ids: readonly string[]): string[] {
  return [...new Set(ids.flatMap((id) => (id === ALL_BASELINES ? BASELINE_IDS : [id])))];
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
