import type { ModelCallInput, RecordedFailure, RecordedReply, RecordedRequest } from '../../harness/arena/model-call.js';
import { ProviderError, type CompletionRequest, type CompletionResponse, type LlmProvider, type ToolCall } from '../../harness/llm/provider.js';
import { redactDeep } from './redact.js';
import type { RetryPolicy } from '../../harness/llm/retry.js';

const toolCalls = (calls: ToolCall[]) => calls.map(({ id, name, rawArguments }) => ({ id, name, rawArguments }));

function requestRecord(request: CompletionRequest): RecordedRequest {
  return {
    system: request.system,
    messages: request.messages.map((m) => (m.role === 'assistant' ? { role: 'assistant', text: m.text, toolCalls: toolCalls(m.toolCalls) } : m)),
    tools: request.tools.map((t) => t.name),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    maxOutputTokens: request.maxOutputTokens,
  };
}

function replyRecord(reply: CompletionResponse): RecordedReply {
  return { text: reply.text, toolCalls: toolCalls(reply.toolCalls), stopReason: reply.stopReason, model: reply.model };
}

function failure(err: unknown, delayMs?: number): RecordedFailure {
  if (err instanceof ProviderError) return { kind: err.kind, message: err.message, ...(err.status !== undefined ? { status: err.status } : {}), ...(delayMs !== undefined ? { delayMs } : {}) };
  return { kind: (err as Error)?.name === 'AbortError' ? 'aborted' : 'error', message: (err as Error)?.message ?? String(err) };
}

/**
 * Builds the record of each model call of an agent: its request, its reply or final error, and the
 * attempts the retry loop made before (collected through the retry policy, so one recorder serves
 * one agent, whose calls run one at a time). Keys are redacted before the record leaves.
 */
export class CallRecorder {
  private retries: RecordedFailure[] = [];

  constructor(private readonly secrets: readonly string[]) {}

  /** The policy with every retried failure kept for the call in progress. */
  policy(base: RetryPolicy): RetryPolicy {
    return {
      ...base,
      onRetry: (error, attempt, delayMs) => {
        this.retries.push(failure(error, delayMs));
        base.onRetry?.(error, attempt, delayMs);
      },
    };
  }

  /** The record of the call just made, answered (`reply`) or failed (`error`). */
  take(provider: Pick<LlmProvider, 'name' | 'api'>, request: CompletionRequest, outcome: { reply: CompletionResponse } | { error: unknown }): ModelCallInput {
    const retries = this.retries;
    this.retries = [];
    const record: ModelCallInput = {
      provider: provider.name,
      api: provider.api,
      request: requestRecord(request),
      retries,
      ...('reply' in outcome ? { reply: replyRecord(outcome.reply) } : { error: failure(outcome.error) }),
    };
    return redactDeep(record, this.secrets);
  }
}
