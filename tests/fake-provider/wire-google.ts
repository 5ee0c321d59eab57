import type { FakeMessage, FakeReply, Json, WireCodec } from './types.js';
import { textOf } from './wire-openai.js';


const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/** The signature Gemini attaches to a function call; clients must send it back with the call. */
export function thoughtSignature(index: number, i: number): string {
  return Buffer.from(`sig-${index}-${i}`).toString('base64');
}

export const googleGenerateContent: WireCodec = {
  parse(body, model) {
    const messages: FakeMessage[] = [];
    for (const c of (body.contents ?? []) as Json[]) {
      const parts: Json[] = c.parts ?? [];
      if (c.role === 'model') {
        const toolCalls = parts
          .filter((p) => p.functionCall)
          .map((p) => ({ id: p.functionCall.id, name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args), thoughtSignature: p.thoughtSignature }));
        messages.push({ role: 'assistant', text: textOf(parts.filter((p) => typeof p.text === 'string')), toolCalls });
        continue;
      }
      for (const p of parts) {
        if (p.functionResponse) {
          const response = p.functionResponse.response ?? {};
          messages.push({ role: 'tool', callId: p.functionResponse.id, name: p.functionResponse.name, content: typeof response.output === 'string' ? response.output : JSON.stringify(response) });
        } else if (typeof p.text === 'string') messages.push({ role: 'user', text: p.text });
      }
    }
    const declarations = ((body.tools ?? []) as Json[]).flatMap((t) => t.functionDeclarations ?? []);
    const config: Json = body.generationConfig ?? {};
    return {
      model,
      system: textOf(body.systemInstruction?.parts),
      messages,
      tools: declarations.map((d: Json) => d.name),
      temperature: config.temperature,
      seed: config.seed,
      maxTokens: config.maxOutputTokens,
    };
  },
  reply(reply: FakeReply, { index, model, usage }) {
    const parts: Json[] = [];
    if (reply.text) parts.push({ text: reply.text });
    (reply.toolCalls ?? []).forEach((c, i) => {
      // Like the Gemini API, no call id; a raw string as args is an injected fault.
      const args = c.rawArguments !== undefined ? c.rawArguments : c.arguments;
      parts.push({ functionCall: { name: c.name, args }, thoughtSignature: thoughtSignature(index, i) });
    });
    return {
      candidates: [{ content: { role: 'model', parts }, finishReason: reply.stop === 'length' ? 'MAX_TOKENS' : 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: usage.inputTokens, candidatesTokenCount: usage.outputTokens, totalTokenCount: usage.inputTokens + usage.outputTokens },
      modelVersion: model,
      responseId: `fake${index}`,
    };
  },
  error(status, message, retryAfterSec) {
    const details = status === 429 && retryAfterSec !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSec}s` }] : [];
    return { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', details } };
  },
};
