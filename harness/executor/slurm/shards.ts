import { renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { EpisodeSpecSchema, type EpisodeSpec } from '../../arena/episode/spec.js';
import { ENFORCEMENT_NAMES } from '../../sandbox/types.js';

/** One submission's work, as every array task reads it: task i plays `shards[i]`, one after another. */
export const ShardsFileSchema = z.object({
  runDir: z.string(),
  /** Protections a worker may find not enforced on its node (the run's --allow-unenforced). */
  allowUnenforced: z.array(z.enum(ENFORCEMENT_NAMES)).default([]),
  shards: z.array(z.array(EpisodeSpecSchema).min(1)).min(1),
});
export type ShardsFile = z.infer<typeof ShardsFileSchema>;

/** Deals the specs round-robin into `count` shards (fewer when there are fewer specs). */
export function dealShards(specs: EpisodeSpec[], count: number): EpisodeSpec[][] {
  const n = Math.max(1, Math.min(count, specs.length));
  const shards: EpisodeSpec[][] = Array.from({ length: n }, () => []);
  specs.forEach((spec, i) => shards[i % n]!.push(spec));
  return shards;
}

/** Written whole or not at all: a reader never sees half a file. */
export function writeJsonAtomically(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}
