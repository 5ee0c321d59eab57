import type { Roles } from '../smith/roles/roles.js';
import { CliError, EXIT } from './output.js';

/** `--roles` as the Smith roles, or a usage error (exit 2) naming the accepted values, before any work. */
export async function rolesFromOption(spec: string): Promise<Roles> {
  const { resolveRoles } = await import('../smith/roles/resolve.js');
  try {
    return resolveRoles(spec);
  } catch (err) {
    throw new CliError(`--roles ${spec}: ${(err as Error).message} (or heuristic, the offline roles)`, EXIT.usage);
  }
}
