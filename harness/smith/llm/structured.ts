import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChatMessage, LlmProvider, ToolCall, ToolSpec } from '../../llm/provider.js';

export class StructuredOutputError extends Error {
  override name = 'StructuredOutputError';
}

export interface StructuredRequest<T> {
  system: string;
  user: string;
  /** The tool whose arguments are the answer; they are validated by `schema`, then by `check`. */
  answer: { name: string; description: string; schema: z.ZodType<T> };
  /** Other tools the model may call first (e.g. exploring the data). */
  tools?: ToolSpec[];
  runTool?: (name: string, args: Record<string, unknown>) => Promise<string>;
  /** Problems the schema cannot see (e.g. a column that does not exist); empty when the answer is usable. */
  check?: (value: T) => string[];
  maxTurns?: number;
  maxRepairs?: number;
  temperature?: number;
  seed?: number;
  maxOutputTokens?: number;
  onUsage?: (usage: { inputTokens: number; outputTokens: number }) => void;
}

export interface StructuredResult<T> {
  value: T;
  /** sha256 of the system prompt and the answer schema, for provenance. */
  promptSha256: string;
  turns: number;
  repairs: number;
}

/** A JSON object in a text reply, for models that answer in prose instead of calling the tool. */
function jsonInText(text: string): Record<string, unknown> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  try {
    const value: unknown = JSON.parse(fenced);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * One structured answer from a model through tool calling: exploration tool calls are run and
 * answered; an answer that is not valid JSON, fails the schema or fails `check` is sent back with
 * the exact problems, at most `maxRepairs` times.
 */
export async function callStructured<T>(provider: LlmProvider, request: StructuredRequest<T>): Promise<StructuredResult<T>> {
  const parameters = z.toJSONSchema(request.answer.schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete parameters.$schema;
  const answerTool: ToolSpec = { name: request.answer.name, description: request.answer.description, parameters };
  const tools = [...(request.tools ?? []), answerTool];
  const promptSha256 = createHash('sha256').update(request.system).update(JSON.stringify(parameters)).digest('hex');
  const messages: ChatMessage[] = [{ role: 'user', text: request.user }];
  const maxTurns = request.maxTurns ?? 12;
  const maxRepairs = request.maxRepairs ?? 3;
  let repairs = 0;
  let lastProblem = 'no answer';

  const judge = (raw: Record<string, unknown> | undefined, rawText: string): { value?: T; problem?: string } => {
    if (!raw) return { problem: `the arguments of ${request.answer.name} were not a JSON object: ${rawText.slice(0, 200)}` };
    const parsed = request.answer.schema.safeParse(raw);
    if (!parsed.success) return { problem: `the answer does not match the schema: ${issuesText(parsed.error)}` };
    const problems = request.check?.(parsed.data) ?? [];
    return problems.length ? { problem: problems.join('; ') } : { value: parsed.data };
  };

  for (let turn = 1; turn <= maxTurns; turn++) {
    const reply = await provider.complete({ system: request.system, messages, tools, temperature: request.temperature, seed: request.seed, maxOutputTokens: request.maxOutputTokens ?? 8192 });
    request.onUsage?.(reply.usage);
    messages.push({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls });
    if (reply.toolCalls.length === 0) {
      const verdict = judge(jsonInText(reply.text), reply.text);
      if (verdict.value !== undefined) return { value: verdict.value, promptSha256, turns: turn, repairs };
      lastProblem = `the reply called no tool (${verdict.problem})`;
      if (++repairs > maxRepairs) break;
      messages.push({ role: 'user', text: `Error: ${lastProblem}. Call ${request.answer.name} with your answer.` });
      continue;
    }
    const results: { callId: string; name: string; content: string }[] = [];
    for (const call of reply.toolCalls) {
      const outcome = await answerCall(call);
      if (outcome.value !== undefined) return { value: outcome.value, promptSha256, turns: turn, repairs };
      results.push({ callId: call.id, name: call.name, content: outcome.content });
    }
    messages.push({ role: 'tool', results });
    if (repairs > maxRepairs) break;
  }
  throw new StructuredOutputError(`${request.answer.name}: no valid answer after ${repairs} repairs: ${lastProblem}`);

  async function answerCall(call: ToolCall): Promise<{ content: string; value?: T }> {
    if (call.name === request.answer.name) {
      const verdict = judge(call.arguments, call.rawArguments);
      if (verdict.value !== undefined) return { content: 'accepted', value: verdict.value };
      lastProblem = verdict.problem!;
      repairs++;
      return { content: `Error: ${lastProblem}. Call ${request.answer.name} again with the problems fixed.` };
    }
    if (request.runTool && request.tools?.some((t) => t.name === call.name)) {
      if (!call.arguments) return { content: `Error: the arguments of ${call.name} were not a JSON object.` };
      return { content: await request.runTool(call.name, call.arguments) };
    }
    return { content: `Error: there is no tool "${call.name}"; the tools are ${tools.map((t) => t.name).join(', ')}.` };
  }
}
