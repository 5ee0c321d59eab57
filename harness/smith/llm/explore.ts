import path from 'node:path';
import { REPO_ROOT } from '../../util/paths.js';
import { runPython } from '../../util/python.js';
import type { ToolSpec } from '../../llm/provider.js';
import type { DatasetProfile } from '../types.js';

const SCRIPT = path.join(REPO_ROOT, 'harness', 'smith', 'python', 'explore.py');
const MAX_OUTPUT_CHARS = 6000;

/** Tools a role can call to look at the data before answering; outputs are bounded. */
export const EXPLORATION_TOOLS: ToolSpec[] = [
  { name: 'head', description: 'The first rows of the table.', parameters: { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 20 } }, required: [] } },
  { name: 'describe', description: 'Summary statistics (count, mean, std, quantiles, top value) of some or all columns.', parameters: { type: 'object', properties: { columns: { type: 'array', items: { type: 'string' } } }, required: [] } },
  { name: 'value_counts', description: 'The most frequent values of a column, with counts.', parameters: { type: 'object', properties: { column: { type: 'string' }, top: { type: 'integer', minimum: 1, maximum: 50 } }, required: ['column'] } },
  { name: 'correlations', description: 'How strongly every other column is associated with one column (|Pearson|, correlation ratio, or class purity).', parameters: { type: 'object', properties: { column: { type: 'string' }, top: { type: 'integer', minimum: 1, maximum: 50 } }, required: ['column'] } },
];

export function isExplorationTool(name: string): boolean {
  return EXPLORATION_TOOLS.some((t) => t.name === name);
}

/** Runs one exploration tool on the profiled table; errors come back as text for the model to read. */
export async function explore(profile: DatasetProfile, tool: string, args: Record<string, unknown>): Promise<string> {
  const result = await runPython([SCRIPT, path.join(profile.dir, profile.table), tool, JSON.stringify(args)]);
  const text = result.code === 0 ? result.stdout : `Error: ${result.stderr.trim().split('\n').slice(-1)[0] ?? 'the tool failed'}`;
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n... (output cut at ${MAX_OUTPUT_CHARS} characters)` : text;
}

/** A compact text form of the profile with its dataset card, the first thing every role reads. */
export function profileText(profile: DatasetProfile): string {
  const card = profile.card;
  const cardColumns = new Map(card.columns.map((c) => [c.name, c]));
  const lines = profile.columns.map((c) => {
    const documented = cardColumns.get(c.name);
    const parts = [`${c.type}`, `${c.distinct} distinct`, `${(c.missing * 100).toFixed(1)}% missing`];
    if (documented) parts.unshift(`role ${documented.role}${documented.origin === 'inferred' ? ' (inferred)' : ''}: ${documented.meaning}${documented.unit ? ` [${documented.unit}]` : ''}${documented.coding ? ` {${documented.coding}}` : ''}`);
    if (c.min !== undefined) parts.push(`range ${c.min}..${c.max}`, `mean ${c.mean?.toPrecision(4)}`);
    if (c.top && c.distinct <= 12) parts.push(`values ${c.top.map((t) => `${t.value} (${t.count})`).join(', ')}`);
    if (c.idLike) parts.push('identifier-like');
    if (c.constant) parts.push('constant');
    return `- ${c.name}: ${parts.join('; ')}`;
  });
  return `Dataset: ${profile.title} (${profile.dataset}), modality ${profile.modality}, domain ${profile.domain}
${profile.description}
Dataset card: ${card.title}. ${card.description}${card.citation ? ` Citation: ${card.citation.replace(/\s+/g, ' ').slice(0, 300)}` : ''}
Documented targets: ${card.targets.map((t) => `${t.column} (${t.modelFamily}; ${t.evidence.text.replace(/\s+/g, ' ').slice(0, 160)})`).join('; ') || profile.knownTargets.join(', ') || 'none'}.
Table ${profile.table}: ${profile.rows} rows.
Columns:
${lines.join('\n')}`;
}
