import { ApiError, FunctionCallingConfigMode, GoogleGenAI, type Content, type GenerateContentResponse, type Part } from '@google/genai';
import { withRetries } from './retry.js';
import {
  argumentsFromObject,
  GENERATED_ID_PREFIX,
  generatedCallId,
  kindOfStatus,
  ProviderError,
  type AdapterOptions,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
  type StopReason,
  type ToolCall,
} from './provider.js';

/** Ids we made up for calls Gemini sent without one are never sent back. */
const wireId = (id: string) => (id.startsWith(GENERATED_ID_PREFIX) ? {} : { id });

function partsOf(m: ChatMessage): Part[] {
  if (m.role === 'user') return [{ text: m.text }];
  if (m.role === 'tool') return m.results.map((r) => ({ functionResponse: { ...wireId(r.callId), name: r.name, response: { output: r.content } } }));
  const parts: Part[] = m.text ? [{ text: m.text }] : [];
  for (const c of m.toolCalls) {
    parts.push({ functionCall: { ...wireId(c.id), name: c.name, args: c.arguments ?? {} }, ...(c.thoughtSignature ? { thoughtSignature: c.thoughtSignature } : {}) });
  }
  return parts.length > 0 ? parts : [{ text: '(empty reply)' }];
}

/** Function responses travel in user turns; consecutive turns of one role are merged. */
export function toGeminiContents(messages: ChatMessage[]): Content[] {
  const out: { role: 'user' | 'model'; parts: Part[] }[] = [];
  for (const m of messages) {
    const role = m.role === 'assistant' ? 'model' : 'user';
    const last = out[out.length - 1];
    if (last && last.role === role) last.parts.push(...partsOf(m));
    else out.push({ role, parts: partsOf(m) });
  }
  return out;
}

const STOP_REASONS: Record<string, StopReason> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
};

export function fromGeminiResponse(response: GenerateContentResponse, requestedModel: string): CompletionResponse {
  const candidate = response?.candidates?.[0];
  const usage = {
    inputTokens: response?.usageMetadata?.promptTokenCount ?? 0,
    // Thinking tokens are billed as output.
    outputTokens: (response?.usageMetadata?.candidatesTokenCount ?? 0) + (response?.usageMetadata?.thoughtsTokenCount ?? 0),
  };
  const model = response?.modelVersion || requestedModel;
  if (!candidate) {
    if (response?.promptFeedback?.blockReason) return { text: '', toolCalls: [], usage, stopReason: 'content_filter', model };
    throw new ProviderError('malformed_reply', 'google: reply has no candidates', { provider: 'google' });
  }
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const call = part.functionCall;
      toolCalls.push({
        id: call.id || generatedCallId(),
        name: call.name ?? '',
        ...argumentsFromObject(call.args),
        ...(part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}),
      });
    } else if (part.text && !part.thought) texts.push(part.text);
  }
  const finish = candidate.finishReason ?? '';
  const stopReason = toolCalls.length > 0 && finish === 'STOP' ? 'tool_calls' : (STOP_REASONS[finish] ?? 'other');
  return { text: texts.join(''), toolCalls, usage, stopReason, model };
}

/** Gemini's error body may say how long to wait: `details: [{@type: ...RetryInfo, retryDelay: "3s"}]`. */
function retryDelayFromBody(message: string): number | undefined {
  try {
    const details = (JSON.parse(message) as { error?: { details?: { '@type'?: string; retryDelay?: string }[] } }).error?.details ?? [];
    const delay = details.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
    const seconds = delay ? Number.parseFloat(delay) : NaN;
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function classifyGoogleError(err: unknown): ProviderError | undefined {
  const provider = 'google';
  if (err instanceof ApiError) {
    return new ProviderError(kindOfStatus(err.status), `google: HTTP ${err.status} ${err.message}`, { provider, status: err.status, retryAfterMs: retryDelayFromBody(err.message), cause: err });
  }
  // The SDK aborts its own per-attempt timer with a bare AbortError (the caller's abort never gets here).
  if (err instanceof Error && err.name === 'AbortError') return new ProviderError('timeout', 'google: request timed out', { provider, cause: err });
  if (err instanceof TypeError && err.message === 'fetch failed') {
    return new ProviderError('server', `google: connection failed (${(err.cause as Error | undefined)?.message ?? err.message})`, { provider, cause: err });
  }
  if (err instanceof SyntaxError) return new ProviderError('malformed_reply', `google: reply is not valid JSON (${err.message})`, { provider, cause: err });
  return undefined;
}

/** Gemini's generateContent with functionDeclarations / functionCall / functionResponse parts. */
export class GoogleProvider implements LlmProvider {
  readonly api = 'generateContent';
  readonly name = 'google';
  readonly model: string;
  private readonly client: GoogleGenAI;

  constructor(private readonly options: AdapterOptions) {
    this.model = options.model;
    // No retryOptions: the SDK then makes exactly one attempt, and our loop does the retrying.
    this.client = new GoogleGenAI({
      apiKey: options.apiKey,
      vertexai: false,
      httpOptions: { timeout: options.timeoutMs, ...(options.baseURL ? { baseUrl: options.baseURL } : {}) },
    });
  }

  complete(request: CompletionRequest): Promise<CompletionResponse> {
    const params = {
      model: this.model,
      contents: toGeminiContents(request.messages),
      config: {
        systemInstruction: request.system,
        tools: [{ functionDeclarations: request.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } },
        maxOutputTokens: request.maxOutputTokens,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
      },
    };
    return withRetries(
      async (signal) => fromGeminiResponse(await this.client.models.generateContent({ ...params, config: { ...params.config, abortSignal: signal } }), this.model),
      classifyGoogleError,
      this.options.retry,
      request.signal,
    );
  }
}
