import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestDatasetNames, DATASETS, findDataset } from '../../harness/datasets/registry.js';
import { REPO_ROOT } from '../../harness/util/paths.js';

/** The layouts another suite is written against; their names must not change. */
const HUMAN_SUITE = ['iris', 'wine', 'breast-cancer', 'diabetes', 'boston', 'digits', 'letter', 'shuttle', 'spambase', 'fashion-mnist', 'spam-assassin', 'seattle-weather'];

describe('dataset registry', () => {
  it('has at least 30 datasets with unique, valid names', () => {
    expect(DATASETS.length).toBeGreaterThanOrEqual(30);
    const names = DATASETS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('covers tabular, text, image and time-series data from npm and Debian sources', () => {
    const modalities = new Set(DATASETS.map((d) => d.modality));
    for (const m of ['tabular', 'text', 'image', 'time-series']) expect(modalities).toContain(m);
    const kinds = new Set(DATASETS.map((d) => d.source.kind));
    expect(kinds).toEqual(new Set(['npm', 'debian']));
    expect(DATASETS.filter((d) => d.modality !== 'tabular').length).toBeGreaterThanOrEqual(10);
  });

  it('registers every dataset of the human-designed suite under its exact name', () => {
    for (const name of HUMAN_SUITE) expect(findDataset(name)?.name).toBe(name);
    // A generated suite needs at least 15 datasets beyond the human-designed ones.
    expect(DATASETS.length - HUMAN_SUITE.length).toBeGreaterThanOrEqual(15);
  });

  it('describes every entry: title, description, domain, size, targets and a converter', () => {
    for (const d of DATASETS) {
      expect(d.title.length, d.name).toBeGreaterThan(3);
      expect(d.description.length, d.name).toBeGreaterThan(40);
      expect(d.domain.length, d.name).toBeGreaterThan(2);
      expect(d.approxRows, d.name).toBeGreaterThan(50);
      // An R help page may document no model at all: such a data frame has no target rather than an invented one.
      if (!d.source.package.startsWith('r-cran-')) expect(d.knownTargets.length, d.name).toBeGreaterThan(0);
      expect(typeof d.fetch, d.name).toBe('function');
    }
    const fromR = DATASETS.filter((d) => d.source.package.startsWith('r-cran-'));
    expect(fromR.filter((d) => d.knownTargets.length > 0).length).toBeGreaterThanOrEqual(130);
  });

  it('points at sources present on this machine', () => {
    const debian = new Set(DATASETS.filter((d) => d.source.kind === 'debian').map((d) => d.source.package));
    for (const pkg of DATASETS.filter((d) => d.source.kind === 'npm').map((d) => d.source.package)) {
      expect(existsSync(path.join(REPO_ROOT, 'node_modules', pkg, 'package.json')), pkg).toBe(true);
    }
    for (const pkg of debian) {
      if (pkg.startsWith('r-cran-')) expect(existsSync(path.join(REPO_ROOT, '.cache', 'debian-r', pkg)), pkg).toBe(true);
      else expect(execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }), pkg).toContain('install ok installed');
    }
  });

  it('suggests the closest names for a typo', () => {
    expect(closestDatasetNames('irsi')[0]).toBe('iris');
    expect(closestDatasetNames('spam-asassin')[0]).toBe('spam-assassin');
    expect(closestDatasetNames('fashion')).toContain('fashion-mnist');
    expect(closestDatasetNames('completely-unrelated-words')).toEqual([]);
  });
});
