/**
 * Everything untrusted (task titles, agent code and output, error messages, even agent names)
 * reaches the page through these functions: text through escapeHtml, data through scriptJson.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that can sit inside <script type="application/json">: no `<` (so no `</script>` or `<!--`),
 * and no U+2028/U+2029 line separators. The escapes are JSON string escapes, so JSON.parse
 * gives back the original text.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface Clipped {
  text: string;
  /** Characters left out (0 when the text fit). */
  omitted: number;
}

/**
 * Keeps the head and the tail: code reads from its start, and a traceback's cause sits at the end
 * of the output, so both ends matter more than the middle. `total` is the original's length when
 * `text` is already a clip of it (both ends kept, each at least max / 2), so the count stays true.
 */
export function clipMiddle(text: string, max: number, total = text.length): Clipped {
  if (text.length <= max) return { text, omitted: 0 };
  const head = Math.ceil(max / 2);
  const tail = max - head;
  const omitted = total - head - tail;
  return { text: `${text.slice(0, head)}\n… [${omitted.toLocaleString('en-US')} characters omitted] …\n${tail > 0 ? text.slice(-tail) : ''}`, omitted };
}
