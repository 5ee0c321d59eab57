import type { DatasetCard } from '../card.js';
import { markdownSections, paragraphs, pipeTable, plainText } from './markdown.js';

/** Documentation Debian ships with a data package: its control description and /usr/share/doc files. */

/** `Synopsis\n extended text\n .\n more` (dpkg's ${Description}) → one paragraph of text. */
export function debianDescription(description: string): string {
  const [synopsis = '', ...rest] = description.split('\n');
  const body = rest.map((l) => (l.trim() === '.' ? '' : l.trim())).join(' ').replace(/\s+/g, ' ').trim();
  return `${synopsis.trim()}${body ? `. ${body}` : ''}`;
}

/**
 * The inoffensive fortune files described in fortunes' cookie-files: `name<TAB>: text` lines,
 * continued on tab-indented lines, between `./datfiles/` and `./datfiles/off/`.
 */
export function fortuneFileDescriptions(cookieFiles: string): Map<string, string> {
  const start = cookieFiles.indexOf('./datfiles/\t');
  const end = cookieFiles.indexOf('./datfiles/off/');
  const section = cookieFiles.slice(start < 0 ? 0 : start, end < 0 ? undefined : end);
  const found = new Map<string, string>();
  let current: string | undefined;
  for (const line of section.split('\n')) {
    const entry = /^([\w-]+)\t+:\s*(.*)$/.exec(line);
    if (entry) {
      current = entry[1]!;
      found.set(current, entry[2]!.trim());
    } else if (current && /^\s+\S/.test(line)) {
      found.set(current, `${found.get(current)} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return found;
}

export function fortunesCard(options: { title: string; description: string; cookieFiles: string; categories: string[]; license: string }): DatasetCard {
  const described = fortuneFileDescriptions(options.cookieFiles);
  const coding = options.categories.map((c) => `${c}: ${described.get(c) ?? '(not described in cookie-files)'}`).join('; ');
  return {
    title: options.title,
    description: debianDescription(options.description),
    source: { package: 'fortunes', object: '/usr/share/games/fortunes', documentation: 'Debian fortunes package description and /usr/share/doc/fortunes/cookie-files.gz' },
    license: options.license,
    columns: [
      { name: 'category', meaning: 'the fortune file the quote comes from, as described in cookie-files', coding, type: 'string', role: 'input', origin: 'documented' },
      { name: 'text', meaning: 'the fortune cookie: an epigram, quote, joke or aphorism', type: 'text', role: 'input', origin: 'documented' },
    ],
    targets: [],
    // The registry's title: the package has a synopsis, not a title for the collection.
    origins: { title: 'inferred', description: 'documented', license: 'documented' },
  };
}

/**
 * A card from Fashion-MNIST's README (shipped in Debian's dataset-fashion-mnist): its opening
 * paragraph, the Labels table as the label's coding (documented as the label of every example),
 * and the paper it asks to be cited.
 */
export function fashionMnistCard(readme: string, license: string, sampleNote: string): DatasetCard {
  const sections = markdownSections(readme);
  const title = sections.find((s) => s.level === 1)?.heading ?? 'Fashion-MNIST';
  const intro = paragraphs(sections.find((s) => s.level === 1)?.body ?? '').find((p) => p.includes('Fashion-MNIST')) ?? '';
  const labels = sections.find((s) => s.heading === 'Labels');
  if (!labels) throw new Error('Fashion-MNIST README has no Labels section');
  const [, ...rows] = pipeTable(labels.body);
  const assigned = paragraphs(labels.body)[0] ?? 'Each training and test example is assigned to one of the following labels';
  const citing = sections.find((s) => /^Citing/.test(s.heading));
  const citation = citing ? /\*\*([^*]+)\*\*/.exec(citing.body)?.[1] : undefined;
  return {
    title,
    description: `${intro} ${sampleNote}`.trim(),
    source: { package: 'dataset-fashion-mnist', object: '/usr/share/datasets/fashion-mnist', documentation: '/usr/share/doc/dataset-fashion-mnist/README.md.gz' },
    ...(citation ? { citation: plainText(citation) } : {}),
    license,
    columns: [
      { name: 'image', meaning: 'a 28x28 grayscale image of a Zalando article, as an 8-bit PNG', type: 'path', role: 'input', origin: 'documented' },
      { name: 'label', meaning: 'the article class of the image', coding: rows.map(([code, name]) => `${name} (${code})`).join(', '), type: 'string', role: 'outcome', origin: 'documented' },
    ],
    targets: [{ column: 'label', modelFamily: 'classification', evidence: { kind: 'package-docs', text: `${assigned.replace(/:$/, '')}: ${rows.map((r) => r[1]).join(', ')}` }, origin: 'documented' }],
    origins: { title: 'documented', description: 'documented', license: 'documented', ...(citation ? { citation: 'documented' } : {}) },
  };
}
