import { html, type Markup } from '../report/html-template.js';

/**
 * A small Python highlighter for agent code: comments, strings, numbers, keywords and builtins
 * get a class each; everything stays escaped text. Tokens are found by one regular expression,
 * so a page of highlighted code costs about what the code's length does.
 */

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(' '),
);
const BUILTINS = new Set('print len range open int float str list dict set tuple enumerate zip map sorted sum min max abs isinstance round'.split(' '));

const TOKEN = /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|[rbfuRBFU]{0,2}"(?:\\.|[^"\\\n])*"?|[rbfuRBFU]{0,2}'(?:\\.|[^'\\\n])*'?)|(\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;

export function highlightPython(code: string): Markup {
  const parts: (Markup | string)[] = [];
  let last = 0;
  for (const m of code.matchAll(TOKEN)) {
    const [text, comment, string, number, word] = m;
    const cls = comment ? 'c' : string ? 's' : number ? 'n' : word && KEYWORDS.has(word) ? 'k' : word && BUILTINS.has(word) ? 'b' : undefined;
    if (!cls) continue;
    parts.push(code.slice(last, m.index));
    parts.push(html`<span class="hl-${cls}">${text}</span>`);
    last = m.index + text.length;
  }
  parts.push(code.slice(last));
  return html`${parts}`;
}
