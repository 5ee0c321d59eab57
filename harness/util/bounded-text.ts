/**
 * Cutting untrusted text to a bound, visibly. Agent data (a column name, a cell, an id, code,
 * output) reaches messages, SQLite, transcripts and reports; each caps it here first, so one
 * 60 MiB value can never become a 60 MiB message.
 */

/** Longest quote of one agent value (a column name, a cell, an id) inside a message. */
export const QUOTE_CHARS = 200;

/** Longest single error message the grader reports. */
export const MESSAGE_CHARS = 1024;

/** The first `max` UTF-16 units of `text`, without splitting a surrogate pair. */
function head(text: string, max: number): string {
  const end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/**
 * `text` when it fits in `max` characters; else its start and a marker of how much was left
 * off (`…[+N chars]`), together at most `max` characters.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (cut: number) => `…[+${cut} chars]`;
  // A first guess with the longest possible marker, then the marker of that guess: shorter or as
  // long, so the sum still fits, and mostly fills the bound exactly.
  const guess = max - marker(text.length).length;
  const kept = head(text, max - marker(text.length - guess).length);
  return (kept + marker(text.length - kept.length)).slice(0, Math.max(0, max));
}

/**
 * The start of a value known only to be longer than `longerThan` characters (a scanner stopped
 * reading it), marked as such (`…[over N chars]`), at most `max` characters.
 */
export function cutStart(start: string, longerThan: number, max = QUOTE_CHARS): string {
  const marker = `…[over ${longerThan} chars]`;
  return head(start, max - marker.length) + marker;
}

/** A value quoted for a message, cut to QUOTE_CHARS. */
export function quoted(value: string): string {
  return `"${cutText(value, QUOTE_CHARS)}"`;
}

/**
 * A copy of a JSON-like value with every string cut to `max` characters (objects and arrays
 * walked, other values kept): the last bound before a record is written.
 */
export function cutStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return cutText(value, max);
  if (Array.isArray(value)) return value.map((v) => cutStrings(v, max));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cutStrings(v, max);
    return out;
  }
  return value;
}
