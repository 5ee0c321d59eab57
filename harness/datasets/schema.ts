import { z } from 'zod';
import { DatasetCard } from './card.js';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ColumnProfile = z.object({
  name: z.string(),
  /** integer | number | boolean | string | datetime | text | path (a relative file path, e.g. an image) */
  type: z.enum(['integer', 'number', 'boolean', 'string', 'datetime', 'text', 'path']),
});

export const TableInfo = z.object({
  file: z.string(),
  rows: z.number().int().nonnegative(),
  columns: z.array(ColumnProfile),
});

/**
 * `dataset.json`, written next to the canonical raw files of a dataset.
 * The canonical raw form: CSV tables (UTF-8, header row), plus `images/` or `texts/` folders
 * referenced from a table's `path` column where the modality needs files.
 */
export const DatasetManifest = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  description: z.string(),
  /** Where the raw data came from: an npm package, a Debian package, or a user folder. */
  source: z.object({
    kind: z.enum(['npm', 'debian', 'user']),
    package: z.string(),
    version: z.string().optional(),
    path: z.string().optional(),
  }),
  license: z.string(),
  modality: z.enum(['tabular', 'text', 'image', 'time-series', 'audio']),
  domain: z.string(),
  tables: z.array(TableInfo).min(1),
  /** Every file of the canonical form except dataset.json, relative path → sha256. */
  files: z.record(z.string(), Sha256),
  /** Present when the source was subsampled: how, so it can be reproduced. */
  sampling: z
    .object({ method: z.string(), seed: z.number().int(), fromRows: z.number().int(), toRows: z.number().int() })
    .optional(),
  /** Columns that are established prediction targets (known from the source's documentation). */
  knownTargets: z.array(z.string()).default([]),
  /** The key of the code that converted it (converter-key.ts); absent in folders made by hand or before keys were recorded. */
  converterKey: Sha256.optional(),
  /** What the documentation says the dataset and each column are (card.ts); inferred where it is silent. */
  card: DatasetCard,
});
export type DatasetManifest = z.infer<typeof DatasetManifest>;
