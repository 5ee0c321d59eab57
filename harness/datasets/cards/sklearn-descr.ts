import { z } from 'zod';
import type { CardColumn, DatasetCard } from '../card.js';
import { nameKey } from './names.js';
import { unitFromText } from './units.js';

/** What export_sklearn.py prints: the loader's documentation, as scikit-learn ships it. */
export const SklearnDocs = z.object({
  loader: z.string(),
  descr: z.string().min(1),
  feature_names: z.array(z.string()),
  target_names: z.array(z.string()),
  target_column: z.string(),
});
export type SklearnDocs = z.infer<typeof SklearnDocs>;

/** The parts of an sklearn DESCR (reStructuredText) a card needs. */
export interface SklearnDescr {
  title: string;
  /** Prose before the characteristics block, or else the first two paragraphs after it. */
  description: string;
  /** `:Key: value` fields of the "Data Set Characteristics" block. */
  characteristics: Record<string, string>;
  /** Top-level bullets of `:Attribute Information:`, except the class. */
  attributes: string[];
  /** Sub-bullets of the `- class:` bullet. */
  classes: string[];
  citation?: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function characteristicsBlock(lines: string[], start: number): { fields: Record<string, string>; attributeLines: string[]; end: number } {
  const fields: Record<string, string> = {};
  const attributeLines: string[] = [];
  let key: string | undefined;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const field = /^\s+:([^:]+):\s*(.*)$/.exec(line);
    if (field) {
      key = field[1]!.trim();
      fields[key] = field[2]!.trim();
    } else if (line.trim() === '' || indentOf(line) > 0) {
      if (key === 'Attribute Information') attributeLines.push(line);
      else if (key && line.trim()) fields[key] = `${fields[key]} ${line.trim()}`.trim();
    } else {
      break; // back at the left margin: the block is over
    }
  }
  return { fields, attributeLines, end: i };
}

/** Bullets of the attribute block: the items, and the levels nested under `- class:`. */
function attributeBullets(lines: string[]): { attributes: string[]; classes: string[] } {
  const attributes: string[] = [];
  const classes: string[] = [];
  let classIndent: number | undefined;
  for (const raw of lines) {
    const bullet = /^(\s*)-\s+(.*?)\s*$/.exec(raw.replace(/\t/g, '        '));
    if (!bullet) continue;
    const indent = bullet[1]!.length;
    const text = bullet[2]!;
    if (/^class:?$/i.test(text)) classIndent = indent;
    else if (classIndent !== undefined && indent > classIndent) classes.push(text);
    else {
      classIndent = undefined;
      attributes.push(text);
    }
  }
  return { attributes, classes };
}

function proseParagraphs(lines: string[]): string[] {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !/^(\.\.|\*\*|:|-|=)/.test(p))
    .map((p) => p.replace(/\s+/g, ' '));
}

function citationOf(text: string): string | undefined {
  const after = (label: RegExp) => {
    const m = label.exec(text);
    return m ? text.slice(m.index + m[0].length).trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim() : undefined;
  };
  const references = /\.\. topic:: References\s*\n([\s\S]*)/.exec(text)?.[1];
  const firstReference = references ? `\n${references}`.split(/\n\s*(?:-|\*|\(\d+\))\s+/)[1]?.replace(/\s+/g, ' ').trim() : undefined;
  return after(/^Citation:\s*$/m) ?? after(/^For more information see:\s*$/m) ?? firstReference;
}

export function parseSklearnDescr(descr: string): SklearnDescr {
  const lines = descr.split('\n');
  const underline = lines.findIndex((l, i) => i > 0 && /^-{3,}\s*$/.test(l) && lines[i - 1]!.trim() !== '');
  const title = underline > 0 ? lines[underline - 1]!.trim() : (lines.find((l) => l.trim() && !l.startsWith('..')) ?? '').trim();
  const marker = lines.findIndex((l) => /\*\*Data Set Characteristics:\*\*/.test(l));
  const topic = lines.findIndex((l) => l.startsWith('.. topic::'));
  const block = marker >= 0 ? characteristicsBlock(lines, marker + 1) : { fields: {}, attributeLines: [], end: underline + 1 };
  const before = proseParagraphs(lines.slice(underline + 1, marker >= 0 ? marker : underline + 1));
  const after = proseParagraphs(lines.slice(block.end, topic >= 0 ? topic : lines.length)).filter((p) => !/^(Citation|Original Owners|For more information see):?$/.test(p));
  const { attributes, classes } = attributeBullets(block.attributeLines);
  const citation = citationOf(descr);
  return {
    title,
    description: (before.length ? before : after.slice(0, 2)).join(' '),
    characteristics: block.fields,
    attributes,
    classes,
    ...(citation ? { citation } : {}),
  };
}

/** `mean radius`, `radius error`, `worst radius` → the statistic DESCR says was computed, and the measure. */
function statistic(feature: string): { phrase?: string; measure: string } {
  const m = /^(mean|worst) (.+)$/.exec(feature) ?? /^(.+) (error)$/.exec(feature);
  if (!m) return { measure: feature };
  if (m[2] === 'error') return { phrase: 'standard error', measure: m[1]! };
  return { phrase: m[1] === 'mean' ? 'mean' : 'worst (mean of the three largest values)', measure: m[2]! };
}

/** `age     age in years` (name, then its meaning after a wide gap) or a bare description. */
function attributeEntry(text: string): { keys: string[]; meaning: string } {
  const gap = /^(\S+)\s{2,}(.+)$/.exec(text);
  if (gap) return { keys: [nameKey(gap[1]!)], meaning: gap[2]! };
  const stem = text.split(/\s*\(|\s+in\s+/)[0]!;
  return { keys: [nameKey(text), nameKey(stem)], meaning: text };
}

function featureColumn(feature: string, descr: SklearnDescr, statistics: boolean): CardColumn {
  const { phrase, measure } = statistics ? statistic(feature) : { measure: feature };
  const wanted = new Set([nameKey(feature), nameKey(feature.replace(/\s*\([^)]*\)/, '')), nameKey(measure)]);
  const entry = descr.attributes.map(attributeEntry).find((a) => a.keys.some((k) => wanted.has(k)));
  const meaning = entry ? (phrase ? `${phrase} of ${entry.meaning}` : entry.meaning) : feature;
  const unit = unitFromText(entry?.meaning ?? '') ?? unitFromText(feature);
  return { name: feature, meaning, ...(unit ? { unit } : {}), type: 'number', role: 'input', origin: entry ? 'documented' : 'inferred' };
}

/**
 * A card from scikit-learn's own documentation of a bundled dataset: DESCR for title, description,
 * citation and attribute meanings; `feature_names` for the columns; `target` as the documented target.
 * `extra` describes columns the converter made that sklearn does not name (digits' image paths).
 */
export function sklearnCard(docs: SklearnDocs, license: string, extra: CardColumn[] = []): DatasetCard {
  const descr = parseSklearnDescr(docs.descr);
  const statistics = /standard error/.test(docs.descr) && /worst/.test(docs.descr);
  const targetLine = descr.characteristics['Target']?.replace(/^Column \d+ is\s+/i, '');
  const classes = docs.target_names.length > 0;
  const distribution = descr.characteristics['Class Distribution'];
  const target: CardColumn = {
    name: docs.target_column,
    meaning: targetLine ?? (descr.classes.length ? `class: ${descr.classes.join(', ')}` : `class (${docs.target_names.join(', ')})`),
    ...(classes ? { coding: `${docs.target_names.join(', ')}${distribution ? `; class distribution: ${distribution}` : ''}` } : {}),
    type: classes ? 'factor' : 'number',
    role: 'outcome',
    origin: 'documented',
  };
  const evidence = `sklearn.datasets.${docs.loader}().target${targetLine ? `: ${descr.characteristics['Target']}` : classes ? `, target_names ${docs.target_names.join(', ')}` : ''}`;
  return {
    title: descr.title,
    description: descr.description,
    source: { package: 'python3-sklearn', object: `sklearn.datasets.${docs.loader}`, documentation: `sklearn.datasets.${docs.loader}().DESCR` },
    ...(descr.citation ? { citation: descr.citation } : {}),
    license,
    columns: [...extra, ...docs.feature_names.map((f) => featureColumn(f, descr, statistics)), target],
    targets: [{ column: docs.target_column, modelFamily: classes ? 'classification' : 'regression', evidence: { kind: 'sklearn-target', text: evidence }, origin: 'documented' }],
    origins: { title: 'documented', description: 'documented', license: 'documented', ...(descr.citation ? { citation: 'documented' } : {}) },
  };
}
