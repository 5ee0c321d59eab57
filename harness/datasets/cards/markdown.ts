/**
 * Just enough Markdown to read dataset documentation: package READMEs (@stdlib, Fashion-MNIST) and
 * the README.md a user may put in a data folder. Headings, paragraphs, pipe tables and field bullets.
 */

export interface MarkdownSection {
  heading: string;
  level: number;
  /** The section's own lines, up to the next heading of any level. */
  body: string;
}

/** Drops HTML comments and tags, badge lines and fenced code, which carry no documentation. */
function proseOnly(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/<details>[\s\S]*?<\/details>/g, '')
    .replace(/<[^>\n]+>/g, '')
    .split('\n')
    .filter((line) => !/^\s*\[!\[/.test(line))
    .join('\n');
}

export function markdownSections(text: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [{ heading: '', level: 0, body: '' }];
  for (const line of proseOnly(text).split('\n')) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ heading: heading[2]!, level: heading[1]!.length, body: '' });
    else sections[sections.length - 1]!.body += `${line}\n`;
  }
  return sections;
}

/** `[text](url)` → `text`, `**b**` → `b`, `` `c` `` → `c`. */
export function plainText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Paragraphs of prose (not lists, tables or quotes), each joined into one line. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block && !/^([-*+]\s|\||>|\d+\.\s)/.test(block))
    .map(plainText)
    .filter(Boolean);
}

/** The first `> ...` quote of a body (@stdlib READMEs put their one-line summary there). */
export function blockQuote(body: string): string | undefined {
  const lines = body.split('\n').filter((l) => l.startsWith('>'));
  return lines.length ? plainText(lines.map((l) => l.replace(/^>\s?/, '')).join(' ')) : undefined;
}

/** Rows of the first pipe table in `body`, header first, cells as plain text. */
export function pipeTable(body: string): string[][] {
  const rows: string[][] = [];
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) {
      if (rows.length) break;
      continue;
    }
    const cells = trimmed.replace(/^\||\|$/g, '').split('|').map((c) => plainText(c));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}

export interface FieldBullet {
  name: string;
  text: string;
}

/**
 * `- **name**: text`, `` - `name`: text `` or `- name: text` bullets (continuation lines joined).
 * Only bullets whose name has no spaces count, so ordinary prose lists are not taken for fields.
 */
export function fieldBullets(body: string): FieldBullet[] {
  const bullets: FieldBullet[] = [];
  let current: FieldBullet | undefined;
  for (const line of body.split('\n')) {
    const bullet = /^\s*[-*+]\s+(?:\*\*([^*]+)\*\*|`([^`]+)`|([^\s:*`][^\s:]*))\s*:\s*(.*)$/.exec(line);
    if (bullet) {
      current = { name: (bullet[1] ?? bullet[2] ?? bullet[3]!).trim(), text: bullet[4]!.trim() };
      if (/\s/.test(current.name)) current = undefined;
      else bullets.push(current);
    } else if (current && /^\s{2,}\S/.test(line) && !/^\s*[-*+]\s/.test(line)) {
      current.text += ` ${line.trim()}`;
    } else {
      current = undefined;
    }
  }
  return bullets.map((b) => ({ name: b.name, text: plainText(b.text).replace(/\.$/, '') }));
}
