import type { FakeMessage, FakeReply, Json, WireCodec } from './types.js';


/** Message content: a string, or an array of text parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: Json) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

export function argumentsText(call: { arguments: unknown; rawArguments?: string }): string {
  return call.rawArguments ?? JSON.stringify(call.arguments);
}

const CREATED = 1_700_000_000;

function openAiError(status: number, message: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } };
}

export const openAiChat: WireCodec = {
  parse(body, model) {
    const messages: FakeMessage[] = [];
    let system = '';
    for (const m of (body.messages ?? []) as Json[]) {
      if (m.role === 'system' || m.role === 'developer') system += textOf(m.content);
      else if (m.role === 'user') messages.push({ role: 'user', text: textOf(m.content) });
      else if (m.role === 'tool') messages.push({ role: 'tool', callId: m.tool_call_id, content: textOf(m.content) });
      else if (m.role === 'assistant') {
        const toolCalls = ((m.tool_calls ?? []) as Json[]).map((c) => ({ id: c.id, name: c.function?.name, arguments: c.function?.arguments }));
        messages.push({ role: 'assistant', text: textOf(m.content), toolCalls });
      }
    }
    return {
      model,
      system,
      messages,
      tools: ((body.tools ?? []) as Json[]).map((t) => t.function?.name),
      temperature: body.temperature,
      seed: body.seed,
      maxTokens: body.max_completion_tokens ?? body.max_tokens,
    };
  },
  reply(reply: FakeReply, { index, model, usage }) {
    const calls = reply.toolCalls ?? [];
    return {
      id: `chatcmpl-fake${index}`,
      object: 'chat.completion',
      created: CREATED + index,
      model,
      system_fingerprint: 'fp_fake',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text ?? null,
            refusal: null,
            ...(calls.length ? { tool_calls: calls.map((c, i) => ({ id: `call_${index}_${i}`, type: 'function', function: { name: c.name, arguments: argumentsText(c) } })) } : {}),
          },
          finish_reason: reply.stop === 'length' ? 'length' : calls.length ? 'tool_calls' : 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
    };
  },
  error: openAiError,
};

export const openAiResponses: WireCodec = {
  parse(body, model) {
    const messages: FakeMessage[] = [];
    const input: Json[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
    for (const item of input) {
      if (item.type === 'function_call') {
        const last = messages[messages.length - 1];
        const call = { id: item.call_id, name: item.name, arguments: item.arguments };
        if (last?.role === 'assistant') last.toolCalls.push(call);
        else messages.push({ role: 'assistant', text: '', toolCalls: [call] });
      } else if (item.type === 'function_call_output') messages.push({ role: 'tool', callId: item.call_id, content: textOf(item.output) });
      else if (item.role === 'assistant') messages.push({ role: 'assistant', text: textOf(item.content), toolCalls: [] });
      else if (item.role === 'user') messages.push({ role: 'user', text: textOf(item.content) });
    }
    return {
      model,
      system: body.instructions ?? '',
      messages,
      tools: ((body.tools ?? []) as Json[]).map((t) => t.name),
      temperature: body.temperature,
      seed: body.seed,
      maxTokens: body.max_output_tokens,
    };
  },
  reply(reply: FakeReply, { index, model, usage }) {
    const output: Json[] = [];
    if (reply.text) {
      output.push({ type: 'message', id: `msg_fake${index}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply.text, annotations: [] }] });
    }
    (reply.toolCalls ?? []).forEach((c, i) =>
      output.push({ type: 'function_call', id: `fc_fake${index}_${i}`, call_id: `call_${index}_${i}`, name: c.name, arguments: argumentsText(c), status: 'completed' }),
    );
    const cut = reply.stop === 'length';
    return {
      id: `resp_fake${index}`,
      object: 'response',
      created_at: CREATED + index,
      status: cut ? 'incomplete' : 'completed',
      incomplete_details: cut ? { reason: 'max_output_tokens' } : null,
      error: null,
      model,
      output,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      temperature: 1,
      top_p: 1,
      usage: {
        input_tokens: usage.inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: usage.outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.inputTokens + usage.outputTokens,
      },
    };
  },
  error: openAiError,
};
