import type { z } from 'zod';
import { runSlurmCommand, SlurmCommandError } from './command.js';
import { JsonEnvelopeSchema } from './schemas.js';

/**
 * Reads what a client tool printed with --json: the errors it lists make it a failure (as its
 * exit code would), else the payload is parsed with the schema. Returns the payload and the
 * Slurm release that wrote it.
 */
export function parseSlurmJson<S extends z.ZodType>(command: string, stdout: string, schema: S): { release: string; data: z.output<S> } {
  const raw: unknown = JSON.parse(stdout);
  const envelope = JsonEnvelopeSchema.parse(raw);
  if (envelope.errors.length) {
    const said = envelope.errors.map((e) => [e.source, e.description, e.error && `(${e.error})`].filter(Boolean).join(' ')).join('; ');
    throw new SlurmCommandError(command, 0, said, stdout, 'reported');
  }
  return { release: envelope.meta.Slurm.release, data: schema.parse(raw) };
}

export async function runSlurmJson<S extends z.ZodType>(tool: string, args: string[], schema: S): Promise<{ release: string; data: z.output<S> }> {
  const all = [...args, '--json'];
  return parseSlurmJson([tool, ...all].join(' '), await runSlurmCommand(tool, all), schema);
}
