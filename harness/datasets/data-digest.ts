import { digestOfHashes } from '../util/hash-tree.js';
import { loadDatasetManifest } from './manifest.js';

/**
 * What a task pins under the name `dataset.json`: the digest of the data files the manifest
 * lists (images included), not the manifest's bytes, so a better card or description never
 * invalidates a task while any change to the data does.
 */
export async function datasetDataDigest(dir: string): Promise<string> {
  return digestOfHashes((await loadDatasetManifest(dir)).files);
}
