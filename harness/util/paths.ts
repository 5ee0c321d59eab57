import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (works from both `harness/` sources and compiled `dist/harness/`). */
export const REPO_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distAt = parts.lastIndexOf('dist');
  const base = distAt >= 0 ? parts.slice(0, distAt).join(path.sep) : path.resolve(here, '..', '..');
  return base || path.sep;
})();

/** Where the arena keeps materialized datasets, caches and runs. Override with ARENA_HOME. */
export function arenaHome(): string {
  return path.resolve(process.env.ARENA_HOME ?? path.join(REPO_ROOT, '.arena'));
}

export function datasetsDir(): string {
  return path.join(arenaHome(), 'datasets');
}
