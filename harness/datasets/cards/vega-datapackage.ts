import { z } from 'zod';
import type { CardColumn, DatasetCard } from '../card.js';
import { roleFromName } from './infer.js';
import { unitFromName, unitFromText } from './units.js';

const Category = z.union([z.string(), z.number(), z.object({ value: z.union([z.string(), z.number()]), label: z.string() })]);

/** One resource of vega-datasets' datapackage.json (Data Package v2): its description, sources, licenses and field schema. */
export const VegaResource = z.object({
  name: z.string(),
  path: z.string(),
  description: z.string().optional(),
  sources: z.array(z.object({ title: z.string().optional(), path: z.string().optional() })).nullish(),
  licenses: z.array(z.object({ name: z.string().optional(), title: z.string().optional(), path: z.string().optional() })).nullish(),
  schema: z
    .object({ fields: z.array(z.object({ name: z.string(), type: z.string(), description: z.string().optional(), categories: z.array(Category).optional() })) })
    .optional(),
});
export type VegaResource = z.infer<typeof VegaResource>;

const TYPES: Record<string, CardColumn['type']> = { string: 'string', number: 'number', integer: 'integer', boolean: 'boolean', date: 'datetime', datetime: 'datetime' };

function coding(categories: z.infer<typeof Category>[] | undefined): string | undefined {
  if (!categories?.length) return undefined;
  return categories.map((c) => (typeof c === 'object' ? `${c.value} = ${c.label}` : String(c))).join(', ');
}

/**
 * A card from a vega-datasets resource. A field with a description is documented; one without is
 * described by its original name (`Cost Total $`, `Speed IAS in knots`), which is all the package
 * says, and marked inferred. `column` maps a source field to the converted column's name.
 */
export function vegaCard(resource: VegaResource, title: string, license: string, column: (field: string) => string): DatasetCard {
  const columns: CardColumn[] = (resource.schema?.fields ?? []).map((field) => {
    const name = column(field.name);
    const meaning = field.description?.replace(/\s+/g, ' ').trim();
    const unit = unitFromText(meaning ?? '') ?? unitFromText(field.name) ?? unitFromName(name);
    const codes = coding(field.categories);
    const type = TYPES[field.type] ?? 'string';
    return {
      name,
      meaning: meaning || field.name,
      ...(unit ? { unit } : {}),
      ...(codes ? { coding: codes } : {}),
      type,
      role: roleFromName(name) ?? (type === 'datetime' ? 'time' : 'input'),
      origin: meaning ? 'documented' : 'inferred',
    };
  });
  const description = resource.description?.replace(/\s+/g, ' ').trim() ?? '';
  const citation = (resource.sources ?? []).map((s) => [s.title, s.path].filter(Boolean).join(', ')).filter(Boolean).join('; ');
  return {
    title,
    description,
    source: { package: 'vega-datasets', object: `data/${resource.path}`, documentation: `vega-datasets datapackage.json, resource "${resource.name}"` },
    ...(citation ? { citation } : {}),
    license,
    columns,
    targets: [],
    // The registry's title: resources have none of their own.
    origins: { title: 'inferred', description: description ? 'documented' : 'inferred', license: 'documented', ...(citation ? { citation: 'documented' } : {}) },
  };
}
