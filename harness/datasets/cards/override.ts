import type { CardColumn, DatasetCard, ModelFamily } from '../card.js';

/** A hand-written correction of one dataset's card; every entry says why the documentation needs it. */
export interface CardOverride {
  columns?: Record<string, Partial<Pick<CardColumn, 'meaning' | 'unit' | 'coding' | 'role' | 'type'>> & { reason: string }>;
  targets?: { column: string; modelFamily: ModelFamily; transform?: string; evidence: string; reason: string }[];
  /** Documented targets that are not (the documentation names a column the data does not have, or a wrong one). */
  dropTargets?: { column: string; reason: string }[];
  usableBy?: { suites: string[]; reason: string };
}

/** Applies an override on top of a card: overridden facts carry origin `override` and the reason. */
export function applyOverride(card: DatasetCard, override: CardOverride | undefined): DatasetCard {
  if (!override) return card;
  const columnOverrides = override.columns ?? {};
  for (const name of Object.keys(columnOverrides)) {
    if (!card.columns.some((c) => c.name === name)) throw new Error(`card override names column "${name}", which the data does not have`);
  }
  const columns = card.columns.map((c) => {
    const o = columnOverrides[c.name];
    if (!o) return c;
    const { reason, ...facts } = o;
    return { ...c, ...facts, origin: 'override' as const, overrideReason: reason };
  });
  const dropped = new Set((override.dropTargets ?? []).map((t) => t.column));
  const added = (override.targets ?? []).map((t) => ({
    column: t.column,
    modelFamily: t.modelFamily,
    ...(t.transform ? { transform: t.transform } : {}),
    evidence: { kind: 'override' as const, text: t.evidence },
    origin: 'override' as const,
    overrideReason: t.reason,
  }));
  const targets = [...card.targets.filter((t) => !dropped.has(t.column) && !added.some((a) => a.column === t.column)), ...added];
  // A column that becomes a target is the study's outcome unless an override says otherwise.
  const outcome = new Set(added.map((t) => t.column));
  const withRoles = columns.map((c) => (outcome.has(c.name) && !columnOverrides[c.name]?.role ? { ...c, role: 'outcome' as const } : c));
  const usable = override.usableBy ? { usableBy: override.usableBy.suites, origins: { ...card.origins, usableBy: 'override' as const } } : {};
  return { ...card, columns: withRoles, targets, ...usable };
}
