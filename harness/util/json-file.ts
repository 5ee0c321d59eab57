import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** A file that is missing, not JSON, or not valid against its schema; the message names file and field. */
export class FileFormatError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'FileFormatError';
  }
}

/** Formats zod issues as `field a.b[2].c: message`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.reduce<string>(
      (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      '',
    );
    return field ? `field ${field}: ${issue.message}` : issue.message;
  });
}

/** Reads and validates a JSON file, throwing FileFormatError with the file and field on any problem. */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileFormatError(file, [code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(err)})`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(file, [`not valid JSON (${(err as Error).message})`]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new FileFormatError(file, describeIssues(parsed.error));
  return parsed.data;
}
