import type { TaskManifest } from '../task/schema.js';
import type { Agent } from './types.js';

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

/** One kind of agent: every id `<prefix>:<rest>` is one of its agents. */
export interface AgentKind {
  prefix: string;
  /** How its ids are written, for messages listing the known ones (e.g. `baseline:<name>`). */
  usage: string;
  /** Throws an UnknownAgentError saying why when `id` names none of its agents: called before any work. */
  check?(id: string): void;
  /** Ids that stand for several agents (e.g. `baseline:*`), and the agents they stand for. */
  aliases?: Record<string, readonly string[]>;
  /**
   * How long one of its episodes takes relative to others on the same task (1 if not given, about a
   * gradient-boosting fit's episode): the runner starts the longest expected episodes first.
   */
  relativeCost?(id: string): number;
  /** Loads what it needs on demand, so a run of baselines never loads the LLM SDKs' adapters. */
  create(id: string, manifest: TaskManifest, options: AgentOptions): Promise<Agent>;
}

export class UnknownAgentError extends Error {
  override name = 'UnknownAgentError';
}

const kinds = new Map<string, AgentKind>();

export function registerAgentKind(kind: AgentKind): void {
  if (kinds.has(kind.prefix)) throw new Error(`agent kind "${kind.prefix}:" is registered twice: give the second one another prefix`);
  kinds.set(kind.prefix, kind);
}

export function agentKinds(): AgentKind[] {
  return [...kinds.values()];
}

/** The kind an id belongs to; unknown ids are refused naming every known form. */
export function agentKindOf(id: string): AgentKind {
  const colon = id.indexOf(':');
  const kind = colon > 0 && colon < id.length - 1 ? kinds.get(id.slice(0, colon)) : undefined;
  if (!kind) throw new UnknownAgentError(`unknown agent "${id}": use ${agentKinds().map((k) => k.usage).join(', ')}`);
  return kind;
}

/** An agent's relative cost as its kind gives it (1 when the kind says nothing, or gives no usable number). */
export function agentRelativeCost(id: string): number {
  const cost = agentKindOf(id).relativeCost?.(id);
  return cost !== undefined && Number.isFinite(cost) && cost > 0 ? cost : 1;
}
