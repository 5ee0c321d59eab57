import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Agent, AgentContext, EpisodeEnvironment } from '../../harness/arena/types.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { cacheKey, ResponseCache } from './cache.js';
import { CallRecorder } from './call-recorder.js';
import { createProvider, parseLlmAgentId, secretsIn, type Env } from '../../harness/llm/create-provider.js';
import { fixedTokens, trimHistory, truncateMiddle } from './history.js';
import { costUsd, lookupModel, type ModelInfo } from '../../harness/llm/models.js';
import { EpisodeProgress } from './progress.js';
import { type ChatMessage, type CompletionRequest, type CompletionResponse, type LlmProvider, type ToolResult } from '../../harness/llm/provider.js';
import { redactText } from './redact.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../harness/llm/retry.js';
import { actionFromToolCall, ARENA_TOOLS } from './tools.js';

export const SYSTEM_PROMPT_FILE = path.join(REPO_ROOT, 'agents', 'prompts', 'ml-engineer.md');

export interface LlmAgentOptions {
  /** Where model replies are cached; default ARENA_LLM_CACHE_DIR; neither means no cache. */
  cacheDir?: string;
  /** Where API keys and base URLs are read; default process.env. */
  env?: Env;
  /** Default 1 (the providers' own default); never sent to reasoning models, which reject it. */
  temperature?: number;
  /** Default min(16384, the model's limit). */
  maxOutputTokens?: number;
  /** The context window of a model not in the registry (e.g. a local one); default 32768. */
  contextWindow?: number;
  /** Token budget of a whole request; default min(64000, 80% of the context left after the output). */
  maxRequestTokens?: number;
  /** Longer observations are cut in the middle; default 8000 characters. */
  maxToolOutputChars?: number;
  /** Consecutive replies without a usable tool call that are answered with a correction; default 3. */
  maxRepairs?: number;
  /** Model calls per episode; default 200. */
  maxModelCalls?: number;
  /** Per attempt; default 5 minutes. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** OpenAI only: Chat Completions (default) or the Responses API. */
  api?: 'chat' | 'responses';
  systemPrompt?: string;
}

interface AgentSettings {
  temperature: number | undefined;
  maxOutputTokens: number;
  maxRequestTokens: number;
  maxToolOutputChars: number;
  maxRepairs: number;
  maxModelCalls: number;
  systemPrompt: string;
  secrets: string[];
}

/** One tool-calling scaffold for every provider: observation → model → tool calls → env.step → tool results. */
export class ToolCallingAgent implements Agent {
  readonly kind = 'llm' as const;

  constructor(
    readonly id: string,
    private readonly provider: LlmProvider,
    private readonly model: ModelInfo,
    private readonly settings: AgentSettings,
    private readonly recorder: CallRecorder,
    private readonly cache?: ResponseCache,
  ) {}

  async play(env: EpisodeEnvironment, context: AgentContext): Promise<void> {
    const s = this.settings;
    const progress = new EpisodeProgress();
    const first = await env.start();
    progress.readText(first.text);
    const history: ChatMessage[] = [{ role: 'user', text: this.forModel(first.text, 4 * s.maxToolOutputChars) }];
    let failuresInRow = 0;
    for (let calls = 0; !env.done && !context.signal.aborted; calls++) {
      if (calls >= s.maxModelCalls || failuresInRow > s.maxRepairs) return this.submitBest(env, progress);
      let reply: CompletionResponse;
      try {
        reply = await this.callModel(history, progress, context);
      } catch (err) {
        // The runner stopped the episode (time or cost budget): it keeps the best submission.
        if (context.signal.aborted) return;
        throw err;
      }
      history.push({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls });
      if (reply.toolCalls.length === 0) {
        failuresInRow++;
        history.push({ role: 'user', text: noToolCallCorrection(reply) });
        continue;
      }
      const results: ToolResult[] = [];
      let acted = false;
      for (const call of reply.toolCalls) {
        // Calls after a submit are not run; the loop ends with the episode.
        if (env.done || context.signal.aborted) break;
        const parsed = actionFromToolCall(call);
        let content: string;
        if (!parsed.ok) content = parsed.error;
        else {
          acted = true;
          const observation = await env.step(parsed.action);
          progress.record(parsed.action, observation);
          content = this.forModel(observation.text, s.maxToolOutputChars);
        }
        results.push({ callId: call.id, name: call.name, content });
      }
      history.push({ role: 'tool', results });
      failuresInRow = acted ? 0 : failuresInRow + 1;
    }
  }

  /** Observations go to a third party: cut to size, and never with an API key in them. */
  private forModel(text: string, maxChars: number): string {
    return truncateMiddle(redactText(text, this.settings.secrets), maxChars);
  }

  private async callModel(history: ChatMessage[], progress: EpisodeProgress, context: AgentContext): Promise<CompletionResponse> {
    const s = this.settings;
    const budget = s.maxRequestTokens - fixedTokens(s.systemPrompt, ARENA_TOOLS);
    const request: CompletionRequest = {
      system: s.systemPrompt,
      messages: trimHistory(history, budget, () => progress.summary()),
      tools: ARENA_TOOLS,
      ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
      seed: context.seed,
      maxOutputTokens: s.maxOutputTokens,
      signal: context.signal,
    };
    const key = this.cache ? cacheKey(this.provider, request) : undefined;
    const started = performance.now();
    const cached = key ? await this.cache!.get(key) : undefined;
    let reply: CompletionResponse;
    try {
      reply = cached ?? (await this.provider.complete(request));
    } catch (error) {
      // A failed call is part of the episode's record too: what was sent, and why it failed.
      const call = this.recorder.take(this.provider, request, { error });
      context.recordLlmCall({ model: this.provider.model, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: performance.now() - started, cached: false, call });
      throw error;
    }
    if (key && !cached) await this.cache!.put(key, this.provider, reply);
    context.recordLlmCall({
      model: reply.model,
      inputTokens: reply.usage.inputTokens,
      outputTokens: reply.usage.outputTokens,
      // List price of the reply; a cached reply was paid for once, when first fetched.
      costUsd: costUsd(this.model, reply.usage),
      latencyMs: performance.now() - started,
      cached: cached !== undefined,
      call: this.recorder.take(this.provider, request, { reply }),
    });
    return reply;
  }

  /** Ends the episode with the best public score (learning the metric's direction first, for free). */
  private async submitBest(env: EpisodeEnvironment, progress: EpisodeProgress): Promise<void> {
    if (env.done) return;
    if (progress.hasScores && !progress.directionKnown) progress.readText((await env.step({ type: 'request_info', topic: 'metric' })).text);
    const step = progress.bestStep();
    await env.step(step === undefined ? { type: 'submit' } : { type: 'submit', step });
  }
}

function noToolCallCorrection(reply: CompletionResponse): string {
  if (reply.stopReason === 'length') {
    return 'Error: your reply was cut off at the output limit before any tool call was complete. Call a tool now, with shorter code (split long work over several steps) and little text.';
  }
  return 'Error: your reply called no tool. Every turn must call one of the tools: request_info, validate_code, execute_code or submit. If you are finished, call submit.';
}

/** `openai:<m>`, `anthropic:<m>`, `google:<m>` or `openai-compat:<m>@<url>`; throws a clear error for anything else or a missing API key. */
export function createLlmAgent(id: string, options: LlmAgentOptions = {}): Agent {
  const parsed = parseLlmAgentId(id);
  const env = options.env ?? process.env;
  const model = lookupModel(parsed.provider, parsed.model, { contextWindow: options.contextWindow });
  const maxOutputTokens = Math.min(options.maxOutputTokens ?? 16_384, model.maxOutputTokens, Math.floor(model.contextWindow / 2));
  const secrets = secretsIn(env);
  const recorder = new CallRecorder(secrets);
  const provider = createProvider(parsed, model.apiModel, {
    env,
    timeoutMs: options.timeoutMs ?? 300_000,
    retry: recorder.policy({ ...DEFAULT_RETRY_POLICY, ...options.retry }),
    api: options.api ?? 'chat',
  });
  const cacheDir = options.cacheDir ?? env.ARENA_LLM_CACHE_DIR;
  const settings: AgentSettings = {
    temperature: model.reasoning ? undefined : (options.temperature ?? 1),
    maxOutputTokens,
    maxRequestTokens: options.maxRequestTokens ?? Math.min(64_000, Math.floor(0.8 * (model.contextWindow - maxOutputTokens))),
    maxToolOutputChars: options.maxToolOutputChars ?? 8000,
    maxRepairs: options.maxRepairs ?? 3,
    maxModelCalls: options.maxModelCalls ?? 200,
    systemPrompt: options.systemPrompt ?? readFileSync(SYSTEM_PROMPT_FILE, 'utf8'),
    secrets,
  };
  return new ToolCallingAgent(id, provider, model, settings, recorder, cacheDir ? new ResponseCache(cacheDir) : undefined);
}
