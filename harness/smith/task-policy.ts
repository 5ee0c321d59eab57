import { createHash } from 'node:crypto';
import type { DatasetProfile, Design, Proposal } from './types.js';

/**
 * Policies every implementation of the Smith roles shares (heuristic or LLM): how a candidate
 * task is named, seeded and sized. A task's id is its directory and its key in the state file, so the
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

/** Most rows a task keeps, by modality (a sample of larger tables). */
export const MAX_ROWS = { tabular: 6000, text: 4000, 'time-series': 6000, image: 6000, audio: 2000 } as const;
/** The usual test share; small data get more (testFractionFor). */
export const TEST_FRACTION = 0.25;
/**
 * Small data get a larger test share, up to 40%, so the test set reaches this many rows where it
 * can: the readings found rankings on 50–140 test rows decided by noise (a task a host would not post).
 * Never half: the fifth reading found halved data (Grunfeld 100/120, MGUS 120/121) too thin to learn
 * from as well as to rank on; under 375 usable rows a task cannot reach the 150 test rows it needs.
 */
export const WANTED_TEST_ROWS = 150;
const MAX_TEST_FRACTION = 0.4;
/** The share of the test rows on the public leaderboard. */
export const PUBLIC_FRACTION = 0.3;

/**
 * Test groups a group split (or a split by runs) asks for, the test share growing up to 40% to
 * reach them: the seventh reading found rankings decided by 6 salamander sites, 7 countries or 8
 * owl nests, which say more about those few units than about the agents.
 */
export const WANTED_TEST_GROUPS = 20;

/** The test share of a task whose rows are split at random, by groups or by runs: 25%, more for small data or few groups. */
export function testFractionFor(rows: number, groups?: number): number {
  const wanted = Math.max(WANTED_TEST_ROWS / Math.max(1, rows), groups === undefined ? 0 : WANTED_TEST_GROUPS / Math.max(1, groups));
  return Math.min(MAX_TEST_FRACTION, Math.max(TEST_FRACTION, wanted));
}

/**
 * The units a group split (or a split by runs) shares out between train and test, after the row
 * cap (whole groups are sampled, so a capped table keeps its share of them); undefined for other splits.
 */
export function splitGroups(profile: DatasetProfile, proposal: Proposal): number | undefined {
  const { kind, groupColumn, blockSize } = proposal.split;
  const kept = Math.min(1, MAX_ROWS[proposal.modality] / Math.max(1, profile.rows));
  if (kind === 'group' && groupColumn) {
    const distinct = profile.columns.find((c) => c.name === groupColumn)?.distinct;
    return distinct === undefined ? undefined : Math.max(1, Math.round(distinct * kept));
  }
  if (kind === 'blocks' && blockSize) return Math.max(1, Math.floor((profile.rows * kept) / blockSize));
  return undefined;
}

/** About how many groups a split's test set holds: the test share of the groups, rounded as the preparer does (but at exact halves). */
export function testGroups(groups: number, testFraction: number): number {
  return Math.max(1, Math.round(testFraction * groups));
}

/** The rows a task can keep: those with the target's source known, at most the modality's cap. */
export function answeredRows(profile: DatasetProfile, proposal: Proposal): number {
  const source = profile.columns.find((c) => c.name === (proposal.source ?? proposal.target));
  return Math.min(MAX_ROWS[proposal.modality], Math.round(profile.rows * (1 - (source?.missing ?? 0))));
}

/** A design's size and seed when its split is not by time: the modality's row cap, the test and public shares, the task's seed. */
export function designSizing(profile: DatasetProfile, proposal: Proposal, id: string): Pick<Design, 'maxRows' | 'testFraction' | 'publicFraction' | 'seed'> {
  return { maxRows: MAX_ROWS[proposal.modality], testFraction: testFractionFor(answeredRows(profile, proposal), splitGroups(profile, proposal)), publicFraction: PUBLIC_FRACTION, seed: seedFor(id) };
}
