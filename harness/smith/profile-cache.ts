import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-file.js';

/**
 * One computed value kept in a JSON file as {key, output}, where the key digests every input
 * the value depends on: a resumed `arena generate` reuses the profiler's output instead of
 * re-running it for every dataset already done.
 */
export async function readThrough<T>(file: string, key: string, schema: z.ZodType<T>, compute: () => Promise<T>): Promise<T> {
  const cached = await readEntry(file, schema);
  if (cached?.key === key) return cached.output;
  const output = await compute();
  await writeFileAtomic(file, JSON.stringify({ key, output }) + '\n');
  return output;
}

/** The entry in `file`, or undefined when it is missing, unparsable or invalid: any of those is simply recomputed. */
async function readEntry<T>(file: string, schema: z.ZodType<T>): Promise<{ key: string; output: T } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entry = z.object({ key: z.string(), output: schema }).safeParse(json);
  return entry.success ? entry.data : undefined;
}
