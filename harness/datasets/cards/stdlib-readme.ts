import type { CardColumn, DatasetCard, DocumentedTarget } from '../card.js';
import { roleFromName } from './infer.js';
import { blockQuote, fieldBullets, markdownSections, paragraphs, plainText } from './markdown.js';
import { unitFromText } from './units.js';

export interface StdlibCardOptions {
  pkg: string;
  license: string;
  /** Source field → converted column, where the converter renamed one (sotu's `name` → `president`). */
  renames?: Record<string, string>;
  /**
   * Targets the README names in a sentence about prediction, each by the phrase it uses for the
   * column; the sentence must be in the README, and becomes the evidence.
   */
  targets?: { column: string; phrase: string }[];
}

/** The bullet list right after each line matching `intro` (blank lines between bullets allowed), with the intro's match. */
function listsAfter(readme: string, intro: RegExp): { match: RegExpExecArray; list: string }[] {
  const lists = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = intro.exec(lines[i]!);
    if (!match) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || /^\s*[-*]\s/.test(lines[j]!) || /^\s{4,}\S/.test(lines[j]!))) j++;
    lists.push({ match, list: lines.slice(i + 1, j).join('\n') });
  }
  return lists;
}

/** `The message \`group\` may be one of the following:` → the bullets after it, as the column's coding. */
function codings(readme: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const { match, list } of listsAfter(readme, /`(\w+)` may be one of the following:\s*$/)) {
    const levels = fieldBullets(list).map((b) => `${b.name}: ${b.text}`);
    if (levels.length) found.set(match[1]!, levels.join('; '));
  }
  return found;
}

/**
 * A card from an @stdlib dataset README: the `# title`, the `>` summary and intro, the field bullets
 * after "the following fields:" or "attributes:" (`**crim**: per capita crime rate by town`), codes
 * after "\`group\` may be one of the following:", the first reference as citation,
 * and targets where the Notes say what the data can be used to predict.
 */
export function stdlibCard(readme: string, options: StdlibCardOptions): DatasetCard {
  const sections = markdownSections(readme);
  const title = sections.find((s) => s.level === 1)?.heading ?? options.pkg;
  const top = sections.find((s) => s.level === 1)?.body ?? '';
  const intro = [blockQuote(top), ...paragraphs(top)].filter(Boolean).join(' ');
  const body = (heading: string) => sections.filter((s) => s.heading === heading).map((s) => s.body).join('\n');
  const coded = codings(readme);
  const fields = listsAfter(readme, /(following fields|attributes)\s*:\s*$/).flatMap(({ list }) => fieldBullets(list));
  const columns: CardColumn[] = fields.map((field) => {
    const name = options.renames?.[field.name] ?? field.name;
    const unit = unitFromText(field.text);
    const coding = coded.get(field.name);
    return { name, meaning: field.text, ...(unit ? { unit } : {}), ...(coding ? { coding } : {}), type: 'string', role: roleFromName(name) ?? 'input', origin: 'documented' };
  });
  const sentences = body('Notes')
    .split(/\n\s*[-*]\s+|\n\s*\n/)
    .flatMap((item) => plainText(item).split(/(?<=\.)\s+/));
  const targets: DocumentedTarget[] = (options.targets ?? []).map(({ column, phrase }) => {
    const sentence = sentences.find((s) => /predict/i.test(s) && s.includes(phrase));
    if (!sentence) throw new Error(`${options.pkg} README no longer says it can be used to predict "${phrase}"`);
    return { column, modelFamily: 'regression', evidence: { kind: 'package-docs', text: sentence }, origin: 'documented' };
  });
  const citation = body('References')
    .split('\n')
    .map((l) => /^\s*-\s+(.*)$/.exec(l)?.[1])
    .find(Boolean);
  return {
    title,
    description: intro,
    source: { package: options.pkg, documentation: `README.md of npm ${options.pkg}` },
    ...(citation ? { citation: plainText(citation) } : {}),
    license: options.license,
    columns: columns.map((c) => (targets.some((t) => t.column === c.name) ? { ...c, role: 'outcome' } : c)),
    targets,
    origins: { title: 'documented', description: 'documented', license: 'documented', ...(citation ? { citation: 'documented' } : {}) },
  };
}
