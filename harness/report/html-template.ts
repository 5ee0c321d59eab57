import { escapeHtml } from './escape.js';

/**
 * A tagged template that escapes every interpolated value unless it is already markup built by
 * this template (or marked with `raw`). Escaping by default means forgetting is safe; only the
 * page's own constant markup is ever raw.
 */

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** Trusted markup: only for strings this program wrote (CSS, its own script, inlined libraries). */
export function raw(trusted: string): Markup {
  return new Markup(trusted);
}

type Value = Markup | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}
