import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, Message, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { classifyStainlessError } from './sdk-errors.js';
import { withRetries } from './retry.js';
import {
  argumentsFromObject,
  ProviderError,
  type AdapterOptions,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
  type StopReason,
  type ToolCall,
} from './provider.js';

function blocksOf(m: ChatMessage): ContentBlockParam[] {
  if (m.role === 'user') return [{ type: 'text', text: m.text }];
  if (m.role === 'tool') return m.results.map((r) => ({ type: 'tool_result', tool_use_id: r.callId, content: r.content }));
  const blocks: ContentBlockParam[] = [];
  // The API rejects empty or whitespace-only text blocks.
  if (m.text.trim()) blocks.push({ type: 'text', text: m.text });
  for (const c of m.toolCalls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments ?? {} });
  if (blocks.length === 0) blocks.push({ type: 'text', text: '(empty reply)' });
  return blocks;
}

/** Tool results travel in user turns; consecutive turns of one role are merged, as the API expects alternation. */
export function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  const out: { role: 'user' | 'assistant'; content: ContentBlockParam[] }[] = [];
  for (const m of messages) {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocksOf(m));
    else out.push({ role, content: blocksOf(m) });
  }
  return out;
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  refusal: 'content_filter',
};

export function fromAnthropicMessage(message: Message, requestedModel: string): CompletionResponse {
  if (!Array.isArray(message?.content)) throw new ProviderError('malformed_reply', 'anthropic: reply has no content array', { provider: 'anthropic' });
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, ...argumentsFromObject(block.input) });
  }
  const usage = message.usage;
  return {
    text: texts.join(''),
    toolCalls,
    usage: {
      inputTokens: (usage?.input_tokens ?? 0) + (usage?.cache_creation_input_tokens ?? 0) + (usage?.cache_read_input_tokens ?? 0),
      outputTokens: usage?.output_tokens ?? 0,
    },
    stopReason: (message.stop_reason && STOP_REASONS[message.stop_reason]) || 'other',
    model: message.model || requestedModel,
  };
}

/** Anthropic's Messages API with tool_use / tool_result blocks (it has no seed parameter). */
export class AnthropicProvider implements LlmProvider {
  readonly api = 'messages';
  readonly name = 'anthropic';
  readonly model: string;
  private readonly client: Anthropic;

  constructor(private readonly options: AdapterOptions) {
    this.model = options.model;
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, timeout: options.timeoutMs, maxRetries: 0 });
  }

  complete(request: CompletionRequest): Promise<CompletionResponse> {
    const body: MessageCreateParamsNonStreaming = {
      model: this.model,
      system: request.system,
      messages: toAnthropicMessages(request.messages),
      tools: request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: { type: 'object', ...t.parameters } })),
      tool_choice: { type: 'auto' },
      max_tokens: request.maxOutputTokens,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    };
    return withRetries(
      async (signal) => fromAnthropicMessage(await this.client.messages.create(body, { signal }), this.model),
      (err) => classifyStainlessError(err, this.name, Anthropic),
      this.options.retry,
      request.signal,
    );
  }
}
