import type { ChatMessage, ToolSpec } from '../../harness/llm/provider.js';

/** A rough, provider-independent estimate: about 4 characters per token. */
export const CHARS_PER_TOKEN = 4;
/** Role markers and framing per message. */
const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function messageTokens(m: ChatMessage): number {
  const chars =
    m.role === 'user'
      ? m.text.length
      : m.role === 'assistant'
        ? m.text.length + m.toolCalls.reduce((n, c) => n + c.name.length + c.rawArguments.length, 0)
        : m.results.reduce((n, r) => n + r.content.length, 0);
  return Math.ceil(chars / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS;
}

export function fixedTokens(system: string, tools: ToolSpec[]): number {
  return estimateTokens(system) + estimateTokens(JSON.stringify(tools));
}

export function historyTokens(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + messageTokens(m), 0);
}

/** Keeps the head and the tail of a long text (errors and scores are usually at the end). */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = `\n…[${text.length - maxChars} characters cut]…\n`;
  const keep = Math.max(0, maxChars - marker.length);
  const head = Math.ceil(keep * 0.4);
  return `${text.slice(0, head)}${marker}${text.slice(text.length - (keep - head))}`;
}

/** Splits the messages after the first into turns, each starting with an assistant message. */
function turnsOf(messages: ChatMessage[]): ChatMessage[][] {
  const turns: ChatMessage[][] = [];
  for (const m of messages) {
    const current = turns[turns.length - 1];
    if (m.role === 'assistant' || !current) turns.push([m]);
    else current.push(m);
  }
  return turns;
}

function shrinkResults(turn: ChatMessage[], maxChars: number): ChatMessage[] {
  return turn.map((m) => (m.role === 'tool' ? { ...m, results: m.results.map((r) => ({ ...r, content: truncateMiddle(r.content, maxChars) })) } : m));
}

/**
 * Fits a history into `budgetTokens` (what is left after the system prompt and tools): keeps the
 * first message (the task) and the most recent turns, drops the oldest turns whole (a tool call
 * never loses its result), and notes the omission, with `summary`, in the first message.
 */
export function trimHistory(messages: ChatMessage[], budgetTokens: number, summary: () => string): ChatMessage[] {
  if (historyTokens(messages) <= budgetTokens || messages.length < 2) return messages;
  const [first, ...rest] = messages as [ChatMessage, ...ChatMessage[]];
  const turns = turnsOf(rest);
  const withNote = (omitted: number): ChatMessage => {
    const note = `\n\n[${omitted} earlier turn${omitted === 1 ? ' was' : 's were'} omitted to stay within the context budget. Progress so far:\n${summary()}]`;
    return first.role === 'user' ? { role: 'user', text: first.text + note } : first;
  };
  const fits = (kept: number) => messageTokens(withNote(turns.length - kept)) + historyTokens(turns.slice(turns.length - kept).flat()) <= budgetTokens;
  // Drop whole turns from the front; the last turn always stays.
  let kept = turns.length;
  while (kept > 1 && !fits(kept)) kept--;
  const head = withNote(turns.length - kept);
  let recent = turns.slice(turns.length - kept);
  // Still too long (one huge turn): cut its tool outputs down to what fits.
  const over = messageTokens(head) + historyTokens(recent.flat()) - budgetTokens;
  if (over > 0) {
    const results = recent.flat().flatMap((m) => (m.role === 'tool' ? m.results : []));
    const resultChars = results.reduce((n, r) => n + r.content.length, 0);
    const allowed = Math.max(200, Math.floor((resultChars - over * CHARS_PER_TOKEN) / Math.max(1, results.length)));
    recent = recent.map((t) => shrinkResults(t, allowed));
  }
  return [head, ...recent.flat()];
}
