import { parseAllowUnenforced } from '../sandbox/enforcement.js';
import { ENFORCEMENT_NAMES, type EnforcementName } from '../sandbox/types.js';
import { CliError, EXIT } from './output.js';

/** `--allow-unenforced`, shared by every command that runs untrusted code in a sandbox. */
export const allowUnenforcedOption = {
  type: 'string',
  array: true,
  default: [] as string[],
  describe: `run even though the sandbox cannot enforce these protections here (comma-separated: ${ENFORCEMENT_NAMES.join(', ')}); the run records which held`,
} as const;

export function allowedUnenforced(values: readonly string[]): EnforcementName[] {
  try {
    return parseAllowUnenforced(values);
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
}
