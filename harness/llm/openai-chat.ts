import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classifyStainlessError } from './sdk-errors.js';
import { withRetries } from './retry.js';
import {
  generatedCallId,
  parseArguments,
  ProviderError,
  type AdapterOptions,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
  type StopReason,
} from './provider.js';

export interface OpenAiChatOptions extends AdapterOptions {
  /** `openai` for api.openai.com; `openai-compat` for vLLM/Ollama-style servers. */
  flavor: 'openai' | 'openai-compat';
}

export function toChatMessages(system: string, messages: ChatMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [{ role: 'system', content: system }];
  for (const m of messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.text });
    else if (m.role === 'tool') out.push(...m.results.map((r) => ({ role: 'tool' as const, tool_call_id: r.callId, content: r.content })));
    else {
      out.push({
        role: 'assistant',
        content: m.text || null,
        // The API rejects an empty tool_calls array.
        ...(m.toolCalls.length > 0
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.rawArguments } })) }
          : {}),
      });
    }
  }
  return out;
}

const STOP_REASONS: Record<string, StopReason> = { stop: 'stop', tool_calls: 'tool_calls', function_call: 'tool_calls', length: 'length', content_filter: 'content_filter' };

export function fromChatCompletion(completion: ChatCompletion, provider: string, requestedModel: string): CompletionResponse {
  const choice = completion?.choices?.[0];
  if (!choice?.message) throw new ProviderError('malformed_reply', `${provider}: reply has no choices[0].message`, { provider });
  const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ id: c.id || generatedCallId(), name: c.function.name, arguments: parseArguments(c.function.arguments), rawArguments: c.function.arguments }] : [],
  );
  return {
    text: choice.message.content ?? '',
    toolCalls,
    usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
    stopReason: STOP_REASONS[choice.finish_reason] ?? 'other',
    model: completion.model || requestedModel,
  };
}

/** OpenAI Chat Completions, also for OpenAI-compatible servers (vLLM, Ollama, llama.cpp). */
export class OpenAiChatProvider implements LlmProvider {
  readonly api = 'chat';
  readonly name: string;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatOptions) {
    this.name = options.flavor;
    this.model = options.model;
    // maxRetries 0: our retry loop is the only one, so every attempt is counted and classified.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, timeout: options.timeoutMs, maxRetries: 0 });
  }

  complete(request: CompletionRequest): Promise<CompletionResponse> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: toChatMessages(request.system, request.messages),
      tools: request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })),
      tool_choice: 'auto',
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      // OpenAI's reasoning models reject max_tokens; compatible servers widely know only max_tokens.
      ...(this.options.flavor === 'openai' ? { max_completion_tokens: request.maxOutputTokens } : { max_tokens: request.maxOutputTokens }),
    };
    return withRetries(
      async (signal) => fromChatCompletion(await this.client.chat.completions.create(body, { signal }), this.name, this.model),
      (err) => classifyStainlessError(err, this.name, OpenAI),
      this.options.retry,
      request.signal,
    );
  }
}
