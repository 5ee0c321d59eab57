import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../util/paths.js';
import type { TokenUsage } from './provider.js';

const PricesSchema = z.object({ inputUsdPerMTok: z.number().nonnegative(), outputUsdPerMTok: z.number().nonnegative() });

const EntrySchema = PricesSchema.extend({
  /** A registered provider's name (tests/agents/model-registry.test.ts checks each is). */
  provider: z.string().min(1),
  /** The id sent to the API when it differs from the registry id (e.g. a dated snapshot). */
  apiModel: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** Reasoning models take only their default temperature. */
  reasoning: z.boolean().default(false),
  /** Tiered pricing: prompts longer than this cost more (the whole call is billed at the higher rate). */
  longPrompt: PricesSchema.extend({ aboveInputTokens: z.number().int().positive() }).optional(),
});

const RegistrySchema = z.object({
  note: z.string(),
  defaults: z.object({ contextWindow: z.number().int().positive(), maxOutputTokens: z.number().int().positive() }),
  models: z.record(z.string(), EntrySchema),
});

type Registry = z.infer<typeof RegistrySchema>;
type Entry = z.infer<typeof EntrySchema>;

export interface ModelInfo {
  /** The registry id, or the model as given when it is not in the registry. */
  id: string;
  provider: string;
  apiModel: string;
  /** False for models not in the registry (e.g. local OpenAI-compatible ones): they cost 0. */
  known: boolean;
  contextWindow: number;
  maxOutputTokens: number;
  reasoning: boolean;
  pricing?: Pick<Entry, 'inputUsdPerMTok' | 'outputUsdPerMTok' | 'longPrompt'>;
}

export const REGISTRY_FILE = path.join(REPO_ROOT, 'agents', 'models.json');

let registry: Registry | undefined;

/** The registry in agents/models.json, read once. */
export function modelRegistry(): Registry {
  registry ??= RegistrySchema.parse(JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')));
  return registry;
}

/** `gpt-4o-2024-08-06` and `claude-sonnet-4-20250514` are snapshots of registry models. */
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

function findEntry(model: string, provider?: string): [string, Entry] | undefined {
  const base = model.replace(SNAPSHOT_SUFFIX, '');
  return Object.entries(modelRegistry().models).find(
    ([id, e]) => (provider === undefined || e.provider === provider) && (id === model || id === base || e.apiModel === model || e.aliases.includes(model)),
  );
}

/** What the registry knows about a model; unknown ones get the defaults (or `contextWindow`) and no price. */
export function lookupModel(provider: string, model: string, options: { contextWindow?: number } = {}): ModelInfo {
  // Only the provider's own entries: a local server's `gpt-4o` (openai-compat) is not OpenAI's, and has no price.
  const found = findEntry(model, provider);
  if (!found) {
    const { defaults } = modelRegistry();
    const contextWindow = options.contextWindow ?? defaults.contextWindow;
    return { id: model, provider, apiModel: model, known: false, contextWindow, maxOutputTokens: Math.min(defaults.maxOutputTokens, contextWindow), reasoning: false };
  }
  const [id, e] = found;
  return {
    id,
    provider,
    // A dated snapshot asked for explicitly is sent as asked.
    apiModel: model === id || e.aliases.includes(model) ? (e.apiModel ?? id) : model,
    known: true,
    contextWindow: options.contextWindow ?? e.contextWindow,
    maxOutputTokens: e.maxOutputTokens,
    reasoning: e.reasoning,
    pricing: { inputUsdPerMTok: e.inputUsdPerMTok, outputUsdPerMTok: e.outputUsdPerMTok, longPrompt: e.longPrompt },
  };
}

/** The list-price cost of a call; 0 for models without a price (local ones). */
export function costUsd(model: string | ModelInfo, usage: TokenUsage): number {
  const pricing = typeof model === 'string' ? findEntry(model)?.[1] : model.pricing;
  if (!pricing) return 0;
  const tier = pricing.longPrompt && usage.inputTokens > pricing.longPrompt.aboveInputTokens ? pricing.longPrompt : pricing;
  return (usage.inputTokens * tier.inputUsdPerMTok + usage.outputTokens * tier.outputUsdPerMTok) / 1e6;
}
