import OpenAI from 'openai';
import type { Response, ResponseCreateParamsNonStreaming, ResponseInputItem } from 'openai/resources/responses/responses';
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
  type ToolCall,
} from './provider.js';

export function toResponsesInput(messages: ChatMessage[]): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  for (const m of messages) {
    if (m.role === 'user') items.push({ role: 'user', content: m.text });
    else if (m.role === 'tool') items.push(...m.results.map((r) => ({ type: 'function_call_output' as const, call_id: r.callId, output: r.content })));
    else {
      if (m.text) items.push({ role: 'assistant', content: m.text });
      // No item `id`: with store=false the server keeps no items to refer to, only call ids.
      items.push(...m.toolCalls.map((c) => ({ type: 'function_call' as const, call_id: c.id, name: c.name, arguments: c.rawArguments })));
    }
  }
  return items;
}

export function fromResponse(response: Response, requestedModel: string): CompletionResponse {
  if (!Array.isArray(response?.output)) throw new ProviderError('malformed_reply', 'openai: Responses reply has no output array', { provider: 'openai' });
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) if (part.type === 'output_text') texts.push(part.text);
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id || generatedCallId(), name: item.name, arguments: parseArguments(item.arguments), rawArguments: item.arguments });
    }
  }
  const incomplete = response.status === 'incomplete' ? response.incomplete_details?.reason : undefined;
  return {
    text: texts.join(''),
    toolCalls,
    usage: { inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 },
    stopReason: incomplete === 'max_output_tokens' ? 'length' : incomplete === 'content_filter' ? 'content_filter' : toolCalls.length > 0 ? 'tool_calls' : 'stop',
    model: response.model || requestedModel,
  };
}

/** OpenAI's Responses API (no seed parameter there: the seed only keys the cache). */
export class OpenAiResponsesProvider implements LlmProvider {
  readonly api = 'responses';
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI;

  constructor(private readonly options: AdapterOptions) {
    this.model = options.model;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, timeout: options.timeoutMs, maxRetries: 0 });
  }

  complete(request: CompletionRequest): Promise<CompletionResponse> {
    const body: ResponseCreateParamsNonStreaming = {
      model: this.model,
      instructions: request.system,
      input: toResponsesInput(request.messages),
      tools: request.tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters, strict: false })),
      tool_choice: 'auto',
      max_output_tokens: request.maxOutputTokens,
      store: false,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    };
    return withRetries(
      async (signal) => fromResponse(await this.client.responses.create(body, { signal }), this.model),
      (err) => classifyStainlessError(err, this.name, OpenAI),
      this.options.retry,
      request.signal,
    );
  }
}
