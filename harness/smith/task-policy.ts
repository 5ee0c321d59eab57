import { createHash } from 'node:crypto';
import type { Proposal } from './types.js';

/**
 * Policies every implementation of the Smith roles shares (heuristic or LLM): how a candidate
 * task is named and seeded. A task's id is its directory and its key in the state file, so the
 * same dataset, target and objective always give the same id.
 */
export function taskIdFor(proposal: Proposal, datasetName: string): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const base = `${slug(datasetName.split('/').pop() ?? datasetName)}-${slug(proposal.target)}-${proposal.objective}`;
  return base.slice(0, 72).replace(/-+$/, '');
}

/** Stable per-task seed, so redesigning one task never reshuffles another. */
export function seedFor(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % 100000;
}
