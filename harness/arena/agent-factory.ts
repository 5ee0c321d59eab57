// The built-in agent kinds register themselves here, before any id is checked or created.
import '../../agents/builtin-kinds.js';
import type { TaskManifest } from '../task/schema.js';
import { agentKindOf, agentKinds, type AgentOptions } from './agent-registry.js';
import type { Agent } from './types.js';

export { ALL_BASELINES, baselineSolverPackage, parseBaselineStep } from '../../agents/baselines/population.js';
export { agentKinds, agentRelativeCost, UnknownAgentError, type AgentOptions, type LlmSettings } from './agent-registry.js';

/** Refuses, before any work, an id that no registered kind knows, naming the known ones. */
export function checkAgentId(id: string): void {
  agentKindOf(id).check?.(id);
}

/** The agent ids of a run, aliases (`baseline:*`) expanded; duplicates are dropped. */
export function expandAgentIds(ids: readonly string[]): string[] {
  const aliases = new Map(agentKinds().flatMap((k) => Object.entries(k.aliases ?? {})));
  return [...new Set(ids.flatMap((id) => aliases.get(id) ?? [id]))];
}

/** Creates the agent for one episode. */
export async function createAgent(id: string, manifest: TaskManifest, options: AgentOptions): Promise<Agent> {
  checkAgentId(id);
  return agentKindOf(id).create(id, manifest, options);
}
