import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Task } from '../../task/loader.js';
import { episodeId } from '../run-store.js';

/**
 * One episode as serializable work: everything a process on another machine needs to play it
 * (the task by directory and content hash, the agent and its settings, the seed, the limits, the
 * sandbox backend), and nothing that only lives in the planning process.
 */
export const EpisodeSpecSchema = z.object({
  /** The run store's episode id (suite/task/agent/seed). */
  id: z.string(),
  task: z.object({
    suite: z.string(),
    id: z.string(),
    dir: z.string(),
    /** taskContentHash: an executor refuses to play a task that changed since it was planned. */
    sha256: z.string(),
  }),
  agent: z.object({
    id: z.string(),
    llm: z.object({ temperature: z.number().optional(), maxOutputTokens: z.number().int().optional(), openaiApi: z.enum(['chat', 'responses']).optional() }).default({}),
  }),
  seed: z.number().int().nonnegative(),
  limits: z.object({
    /** Run-wide overrides of the task's own limits. */
    maxSteps: z.number().int().positive().optional(),
    stepTimeoutSec: z.number().positive().optional(),
    maxTokensPerEpisode: z.number().positive().optional(),
    maxCostPerEpisode: z.number().positive().optional(),
  }),
  backend: z.string(),
});
export type EpisodeSpec = z.infer<typeof EpisodeSpecSchema>;

/**
 * The task's identity as played: its manifest and the record of its prepared data (which lists
 * the digest of every data file), so a task edited or re-prepared differently hashes differently.
 */
export function taskContentHash(task: Task): string {
  const hash = createHash('sha256').update(readFileSync(task.paths.manifest));
  const prepared = path.join(task.paths.dir, 'data', 'prepared.json');
  try {
    hash.update(readFileSync(prepared));
  } catch {
    // An unprepared task hashes by its manifest alone; preparation then changes the hash.
  }
  return hash.digest('hex');
}

export interface PlanInput {
  tasks: { suite: string; task: Task }[];
  agents: string[];
  seeds: number;
  llm?: EpisodeSpec['agent']['llm'];
  limits: EpisodeSpec['limits'];
  backend: string;
}

/** Every task × agent × seed as a spec, in that order. */
export function planSpecs(input: PlanInput): EpisodeSpec[] {
  const llm = Object.fromEntries(Object.entries(input.llm ?? {}).filter(([, v]) => v !== undefined));
  const limits = Object.fromEntries(Object.entries(input.limits).filter(([, v]) => v !== undefined));
  return input.tasks.flatMap(({ suite, task }) => {
    const sha256 = taskContentHash(task);
    return input.agents.flatMap((agentId) =>
      Array.from({ length: input.seeds }, (_, seed) =>
        EpisodeSpecSchema.parse({
          id: episodeId({ suite, taskId: task.manifest.id, agentId, seed }),
          task: { suite, id: task.manifest.id, dir: task.paths.dir, sha256 },
          agent: { id: agentId, llm },
          seed,
          limits,
          backend: input.backend,
        }),
      ),
    );
  });
}
