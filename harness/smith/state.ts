import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-file.js';
import { CandidateOutcomeSchema } from './candidate-outcome.js';

/** What one dataset's Brainstormer gave: proposals, collapsed duplicates, rejections with reasons. */
const DatasetStateSchema = z.object({
  proposed: z.number().int().nonnegative(),
  collapsed: z.array(z.string()),
  rejected: z.array(z.object({ target: z.string().optional(), reason: z.string() })),
  /** Candidates of an earlier run that this run's Brainstormer no longer proposes, removed with their folders. */
  retired: z.array(z.string()).optional(),
  error: z.string().optional(),
  seconds: z.number().optional(),
});

/** `.smith/state.json`: every finished candidate, so a second run skips finished work. */
export const GenerationStateSchema = z.object({
  candidates: z.record(z.string(), CandidateOutcomeSchema),
  /** Proposals that were never designed, per dataset: collapsed duplicates and the Brainstormer's rejections. */
  datasets: z.record(z.string(), DatasetStateSchema),
});
export type GenerationState = z.infer<typeof GenerationStateSchema>;
export type DatasetState = z.infer<typeof DatasetStateSchema>;

export class GenerationStateError extends Error {
  override name = 'GenerationStateError';
}

/** The state of an earlier run, or an empty one; a file that is not a state is refused with where it is wrong, never overwritten. */
export async function readGenerationState(file: string): Promise<GenerationState> {
  if (!existsSync(file)) return { candidates: {}, datasets: {} };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new GenerationStateError(`${file}: not JSON (${(err as Error).message}); move it away to start the generation afresh`);
  }
  const parsed = GenerationStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GenerationStateError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}; move it away to start the generation afresh`);
  }
  return parsed.data;
}

export async function writeGenerationState(file: string, state: GenerationState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
}

/**
 * Candidates of a dataset that its Brainstormer no longer proposes (the rules changed since they
 * were made) leave the suite: a generated suite holds what this generator makes, not a mixture.
 * A candidate a reader rejected stays, so it is not made again while it is still proposed.
 */
export async function retireStale(outDir: string, state: GenerationState, dataset: string, current: Set<string>): Promise<string[]> {
  const stale = Object.values(state.candidates).filter((c) => c.dataset === dataset && !current.has(c.id) && !c.reasons.some((r) => r.check === 'human-reading'));
  for (const c of stale) {
    await rm(path.join(outDir, c.id), { recursive: true, force: true });
    delete state.candidates[c.id];
  }
  return stale.map((c) => c.id).sort();
}
