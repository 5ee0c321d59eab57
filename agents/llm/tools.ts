import { z } from 'zod';
import { INFO_TOPICS, type Action } from '../../harness/arena/types.js';
import type { ToolCall, ToolSpec } from '../../harness/llm/provider.js';

/** The four arena actions as native tools. */
export const ARENA_TOOLS: ToolSpec[] = [
  {
    name: 'request_info',
    description:
      'Get facts about the task. Free: it does not use a step of the budget. Topics: overview (the task description), data_structure (the files under /data, columns and first rows), sample_submission (the required submission format), metric (the metric, whether higher or lower is better, the submission columns), limits (steps and time left, per-execution time, memory and CPU limits).',
    parameters: {
      type: 'object',
      properties: { topic: { type: 'string', enum: [...INFO_TOPICS], description: 'Which facts to get.' } },
      required: ['topic'],
    },
  },
  {
    name: 'validate_code',
    description:
      'Run a complete Python script in the sandbox to check it: you get its stdout, stderr and errors, but no submission is scored. Uses one step of the budget.',
    parameters: {
      type: 'object',
      properties: { code: { type: 'string', description: 'A complete, standalone Python 3 script.' } },
      required: ['code'],
    },
  },
  {
    name: 'execute_code',
    description:
      'Run a complete Python script in the sandbox. If it writes a new ./submission.csv, that file is validated and scored on the public leaderboard rows, and the score is reported back. Uses one step of the budget.',
    parameters: {
      type: 'object',
      properties: { code: { type: 'string', description: 'A complete, standalone Python 3 script.' } },
      required: ['code'],
    },
  },
  {
    name: 'submit',
    description:
      'End the episode. The final submission is the one written at `step` if given (it must have been valid), otherwise the last valid submission. Uses one step.',
    parameters: {
      type: 'object',
      properties: { step: { type: 'integer', minimum: 1, description: 'The step whose submission should count (optional).' } },
    },
  },
];

const code = z.string().min(1, 'must be a non-empty Python script');
/** Models sometimes write `"step": "3"` or `null`; both mean what they obviously mean. */
const optionalStep = z.preprocess(
  (v) => (v === null ? undefined : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int().positive().optional(),
);

/** Tool arguments as they come back from a model; extra keys are ignored. */
const ARGUMENT_SCHEMAS = {
  request_info: z.object({ topic: z.enum(INFO_TOPICS) }),
  validate_code: z.object({ code }),
  execute_code: z.object({ code }),
  submit: z.object({ step: optionalStep }),
} as const;

type ToolName = keyof typeof ARGUMENT_SCHEMAS;

const isToolName = (name: string): name is ToolName => Object.hasOwn(ARGUMENT_SCHEMAS, name);

export type ParsedToolCall = { ok: true; action: Action } | { ok: false; error: string };

function jsonError(raw: string): string {
  try {
    JSON.parse(raw);
    return 'the arguments must be a JSON object';
  } catch (err) {
    return (err as Error).message;
  }
}

const snippet = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** The action a tool call asks for, or a precise error the model can fix. */
export function actionFromToolCall(call: ToolCall): ParsedToolCall {
  const names = ARENA_TOOLS.map((t) => t.name).join(', ');
  if (!isToolName(call.name)) return { ok: false, error: `Error: there is no tool named "${call.name}". The tools are: ${names}. Call one of them.` };
  if (call.arguments === undefined) {
    return {
      ok: false,
      error: `Error: the arguments of ${call.name} are not a valid JSON object (${jsonError(call.rawArguments)}). You sent: ${snippet(call.rawArguments)}\nSend the arguments again as one JSON object, e.g. ${call.name === 'request_info' ? '{"topic": "metric"}' : call.name === 'submit' ? '{} or {"step": 3}' : '{"code": "import pandas as pd\\n..."}'}; escape newlines and quotes inside strings.`,
    };
  }
  const parsed = ARGUMENT_SCHEMAS[call.name].safeParse(call.arguments);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`).join('; ');
    return { ok: false, error: `Error: invalid arguments for ${call.name}: ${problems}. Call ${call.name} again with corrected arguments.` };
  }
  return { ok: true, action: { type: call.name, ...parsed.data } as Action };
}
