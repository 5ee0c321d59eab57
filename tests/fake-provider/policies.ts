import type { FakeReply, FakeRequest } from './types.js';

export type Policy = (request: FakeRequest) => FakeReply;

/** Tool results that were not a correction: how far the episode has got. */
function stepsDone(request: FakeRequest): number {
  return request.messages.filter((m) => m.role === 'tool' && !m.content.startsWith('Error')).length;
}

/**
 * Plays a baseline as a model would: request_info, then execute_code with `code`, then submit.
 * After a correction (a tool result starting with "Error") it repeats the step it is on.
 */
export function baselinePolicy(code: string, topic = 'data_structure'): Policy {
  const plan: FakeReply[] = [
    { text: 'First, the layout of the data.', toolCalls: [{ name: 'request_info', arguments: { topic } }] },
    { text: 'A first model, written to submission.csv.', toolCalls: [{ name: 'execute_code', arguments: { code } }] },
    { text: 'Submitting.', toolCalls: [{ name: 'submit', arguments: {} }] },
  ];
  return (request) => plan[Math.min(stepsDone(request), plan.length - 1)]!;
}

/**
 * Runs code for `steps` steps (each with a long script, to grow the history), then submits. It
 * counts its own replies, as the agent may have trimmed the early turns from the history.
 */
export function longEpisodePolicy(steps: number, codeChars: number): Policy {
  let replies = 0;
  return () => {
    const done = replies++;
    if (done >= steps) return { text: 'Done.', toolCalls: [{ name: 'submit', arguments: {} }] };
    const code = `# step ${done}\n${'x = 1  # padding\n'.repeat(Math.ceil(codeChars / 17))}`.slice(0, codeChars);
    return { text: `Experiment ${done}.`, toolCalls: [{ name: 'execute_code', arguments: { code } }] };
  };
}
