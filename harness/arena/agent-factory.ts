import type { TaskManifest } from '../task/schema.js';
import type { Agent } from './types.js';

/** Agent ids: provider:model, openai-compat:model@url, baseline:<level>, replay:<file>. */
const AGENT_ID = /^(openai|anthropic|google|openai-compat|baseline|replay):.+$/;

export class UnknownAgentError extends Error {
  override name = 'UnknownAgentError';
}

/** Provider-backed agents are specified (issue #4) but their adapters have not landed yet. */
const NOT_YET = /^(openai|anthropic|google|openai-compat):/;

export function checkAgentId(id: string): void {
  if (!AGENT_ID.test(id)) {
    throw new UnknownAgentError(`unknown agent "${id}": use openai:<model>, anthropic:<model>, google:<model>, openai-compat:<model>@<url>, baseline:<trivial|linear|forest|gbm|ladder> or replay:<file>`);
  }
  if (NOT_YET.test(id)) {
    throw new UnknownAgentError(`agent "${id}": LLM provider agents are not available in this version yet; available now: baseline:<trivial|linear|forest|gbm|ladder>, replay:<file>`);
  }
}

/** Creates the agent for one episode. Modules are loaded on demand. */
export async function createAgent(id: string, manifest: TaskManifest): Promise<Agent> {
  checkAgentId(id);
  if (id.startsWith('baseline:')) return (await import('../../agents/baselines/baseline-agent.js')).createBaselineAgent(id, manifest);
  const { ReplayAgent } = await import('../../agents/replay-agent.js');
  return new ReplayAgent(id, id.slice('replay:'.length));
}
