import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ChatMessage, CompletionRequest, CompletionResponse, LlmProvider } from '../../harness/llm/provider.js';

/** Cached replies are read back through a schema: a truncated or foreign file is a miss, not a crash. */
const CachedResponseSchema = z.object({
  text: z.string(),
  toolCalls: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      arguments: z.record(z.string(), z.unknown()).optional(),
      rawArguments: z.string(),
      thoughtSignature: z.string().optional(),
    }).transform((call) => ({ ...call, arguments: call.arguments })),
  ),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  stopReason: z.enum(['stop', 'tool_calls', 'length', 'content_filter', 'other']),
  model: z.string(),
});

/** JSON with object keys sorted, so equal requests hash equally whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Stands for a wall-clock figure in the cache key. */
export const TIME_PLACEHOLDER = '<t>';

/**
 * The wall-clock figures of the arena's observations (harness/arena/environment.ts, task-info.ts,
 * feedback.ts): the time left, a step's run time, and the step time limit, which shrinks to the
 * time left near the end of an episode. Each keeps its wording around the number, so only these
 * figures are blind to the key: steps left, scores and the budgets stated up front still count.
 */
const TIME_FIGURES: RegExp[] = [
  /\b(time left: )\d+(?:\.\d+)?( s\b)/gi,
  /\b((?:ran successfully|failed \([a-z_]+\)) in )\d+(?:\.\d+)?( s\b)/g,
  /\b(step limit of )\d+(?:\.\d+)?( s\b)/g,
];

/**
 * Replaces the wall-clock figures of an observation with a placeholder. Two runs of one episode
 * never see the same times, so a key that held them would miss the cache from the first
 * observation on; with them blinded, a re-run replays every reply it already paid for. Only the
 * key is computed from this text: the model is always sent the real figures.
 */
export function withoutTimeFigures(text: string): string {
  return TIME_FIGURES.reduce((t, re) => t.replace(re, `$1${TIME_PLACEHOLDER}$2`), text);
}

/** The messages as the key sees them: observations (user turns and tool results) without their times. */
function keyMessages(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((m) => {
    if (m.role === 'user') return { ...m, text: withoutTimeFigures(m.text) };
    if (m.role === 'tool') return { ...m, results: m.results.map((r) => ({ ...r, content: withoutTimeFigures(r.content) })) };
    return m;
  });
}

/**
 * The cache key: everything that determines the reply, the seed included so distinct seeds stay
 * distinct, and the observations' wall-clock figures left out (see withoutTimeFigures).
 */
export function cacheKey(provider: Pick<LlmProvider, 'name' | 'model' | 'api'>, request: CompletionRequest): string {
  const { system, tools, temperature, seed, maxOutputTokens } = request;
  const material = { provider: provider.name, api: provider.api, model: provider.model, system, messages: keyMessages(request.messages), tools, temperature, seed, maxOutputTokens };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** Model replies on disk, one JSON file per request hash, so a re-run replays what it already paid for. */
export class ResponseCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CompletionResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = CachedResponseSchema.safeParse((JSON.parse(text) as { response?: unknown }).response);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, provider: Pick<LlmProvider, 'name' | 'model'>, response: CompletionResponse): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a concurrent reader never sees half a file.
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify({ key, provider: provider.name, model: provider.model, createdAt: new Date().toISOString(), response }));
    await rename(tmp, file);
  }
}
