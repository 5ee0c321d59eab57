import { ENFORCEMENT_NAMES, type BackendCheck, type Enforcement, type EnforcementName } from './types.js';

/** A backend cannot enforce what a run needs, and the user did not accept that. */
export class UnenforcedError extends Error {
  override name = 'UnenforcedError';
}

/** Parses `--allow-unenforced a,b`: every name must be one the backends report on. */
export function parseAllowUnenforced(values: readonly string[]): EnforcementName[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const n of names) {
    if (!(ENFORCEMENT_NAMES as readonly string[]).includes(n)) {
      throw new UnenforcedError(`--allow-unenforced: unknown protection "${n}" (one of ${ENFORCEMENT_NAMES.join(', ')})`);
    }
  }
  return names as EnforcementName[];
}

/** What a run records about its sandbox: every protection, and which missing ones the user accepted. */
export interface EnforcementRecord {
  backend: string;
  enforcements: Enforcement[];
  allowedUnenforced: EnforcementName[];
}

/**
 * Fails closed: refuses a backend that is unavailable, or that cannot enforce a protection the
 * user did not name in `allowed`, with each reason and fix. Returns what the run records.
 */
export function requireEnforced(check: BackendCheck, allowed: readonly EnforcementName[]): EnforcementRecord {
  if (!check.ok) throw new UnenforcedError(`sandbox backend ${check.backend} is not available: ${check.problem ?? 'unknown problem'}${check.fix ? ` (fix: ${check.fix})` : ''}`);
  const missing = check.enforcements.filter((e) => !e.enforced && !allowed.includes(e.name));
  if (missing.length > 0) {
    const lines = missing.map((e) => `  - ${e.name}: ${e.detail}`);
    throw new UnenforcedError(
      [
        `sandbox backend ${check.backend} cannot enforce ${missing.map((e) => e.name).join(', ')} on this machine; refusing to run untrusted code:`,
        ...lines,
        `To run anyway, accept each one explicitly: --allow-unenforced ${missing.map((e) => e.name).join(',')}`,
      ].join('\n'),
    );
  }
  return { backend: check.backend, enforcements: check.enforcements, allowedUnenforced: check.enforcements.filter((e) => !e.enforced).map((e) => e.name) };
}
