import { DatasetCard, type CardColumn } from '../card.js';
import type { ColumnSummary } from '../profile.js';
import { describeIssues } from '../../util/json-file.js';
import { inferColumn } from './infer.js';
import { applyOverride, type CardOverride } from './override.js';

/** Types a profile cannot measure (it sees `string` or `integer`), so a documented one stands. */
const SEMANTIC_TYPES = new Set<CardColumn['type']>(['factor', 'ordered', 'text']);

export interface CardContext {
  /** Dataset name, for error messages. */
  name: string;
  /** What the registry or import knows when the documentation says nothing. */
  fallback: { title: string; description: string; license: string; source: DatasetCard['source'] };
  /** Every column of every table, summarized from the data, in table order. */
  columns: { summary: ColumnSummary; rows: number }[];
  override?: CardOverride;
}

const NO_DOCUMENTATION = 'No documentation came with this dataset: every fact on this card is inferred from the data.';

/**
 * The card of a converted dataset: the documented card (if any) fitted to the columns the data
 * really has, undocumented columns inferred from the data, then the override applied. Documented
 * columns the data lacks are dropped, with any target on them. Throws naming the dataset and field.
 */
export function completeCard(documented: DatasetCard | undefined, context: CardContext): DatasetCard {
  const { fallback } = context;
  const base: DatasetCard = documented ?? {
    title: fallback.title,
    description: `${fallback.description} ${NO_DOCUMENTATION}`.trim(),
    source: fallback.source,
    license: fallback.license,
    columns: [],
    targets: [],
    origins: { title: 'inferred', description: 'inferred', license: 'inferred' },
  };
  const seen = new Set<string>();
  const columns: CardColumn[] = [];
  for (const { summary, rows } of context.columns) {
    if (seen.has(summary.name)) continue;
    seen.add(summary.name);
    const doc = base.columns.find((c) => c.name === summary.name);
    columns.push(doc ? { ...doc, type: SEMANTIC_TYPES.has(doc.type) ? doc.type : summary.type } : inferColumn(summary, rows));
  }
  const targets = base.targets.filter((t) => seen.has(t.column));
  const outcomes = new Set(targets.map((t) => t.column));
  const card: DatasetCard = {
    ...base,
    columns: columns.map((c) => (outcomes.has(c.name) && c.origin === 'inferred' ? { ...c, role: 'outcome' } : c)),
    targets,
    origins: { title: 'inferred', description: 'inferred', license: 'inferred', ...base.origins },
  };
  let overridden: DatasetCard;
  try {
    overridden = applyOverride(card, context.override);
  } catch (err) {
    throw new Error(`${context.name}: ${(err as Error).message}`);
  }
  const parsed = DatasetCard.safeParse(overridden);
  if (!parsed.success) throw new Error(`${context.name}: invalid dataset card: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
