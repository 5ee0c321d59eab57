import type { FakeMessage, FakeReply, Json, WireCodec } from './types.js';
import { textOf } from './wire-openai.js';


const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };

export const anthropicMessages: WireCodec = {
  parse(body, model) {
    const messages: FakeMessage[] = [];
    for (const m of (body.messages ?? []) as Json[]) {
      const blocks: Json[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content ?? []);
      if (m.role === 'assistant') {
        const toolCalls = blocks.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, arguments: JSON.stringify(b.input) }));
        messages.push({ role: 'assistant', text: textOf(blocks.filter((b) => b.type === 'text')), toolCalls });
        continue;
      }
      for (const b of blocks) {
        if (b.type === 'tool_result') messages.push({ role: 'tool', callId: b.tool_use_id, content: textOf(b.content) });
        else if (b.type === 'text') messages.push({ role: 'user', text: b.text });
      }
    }
    return {
      model,
      system: textOf(body.system),
      messages,
      tools: ((body.tools ?? []) as Json[]).map((t) => t.name),
      temperature: body.temperature,
      maxTokens: body.max_tokens,
    };
  },
  reply(reply: FakeReply, { index, model, usage }) {
    const content: Json[] = [];
    if (reply.text) content.push({ type: 'text', text: reply.text });
    (reply.toolCalls ?? []).forEach((c, i) => {
      // The real API always sends an object; a raw string here is an injected fault.
      const input = c.rawArguments !== undefined ? c.rawArguments : c.arguments;
      content.push({ type: 'tool_use', id: `toolu_fake${index}_${i}`, name: c.name, input });
    });
    return {
      id: `msg_fake${index}`,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: reply.stop === 'length' ? 'max_tokens' : reply.toolCalls?.length ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
  },
  error(status, message) {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
  },
};
