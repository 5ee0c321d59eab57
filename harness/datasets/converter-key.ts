import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../util/paths.js';

/** Relative module specifiers of a TypeScript file: static imports and re-exports, dynamic imports. */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

/** The TypeScript files `roots` run, following relative imports (`./x.js` is the source `./x.ts`). */
export function importClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) stack.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return [...seen].sort();
}

/** Every file under `dir` (recursively) that `keep` accepts, sorted. */
function filesUnder(dir: string, keep: (relative: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => keep(path.relative(dir, f)))
    .sort();
}

/**
 * The files whose content decides what a conversion writes, under a repository root: the
 * TypeScript `roots` run (their import closure, read from the sources so that compiled and
 * source runs agree), every Python file and data file of harness/datasets (the converters'
 * scripts, the override tables) except tests, caches and the lock, which is an output.
 */
export function converterFiles(roots: string[], repoRoot = REPO_ROOT): string[] {
  const datasets = path.join(repoRoot, 'harness', 'datasets');
  const inputs = filesUnder(datasets, (rel) => !rel.endsWith('.ts') && rel !== 'registry.lock.json' && !rel.split(path.sep).some((p) => p === 'tests' || p === '__pycache__'));
  return [...new Set([...importClosure(roots.map((r) => path.join(repoRoot, r))), ...inputs])].sort();
}

/** sha256 over the repository-relative names and contents of `files`. */
export function codeKey(files: string[], repoRoot = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${path.relative(repoRoot, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Registered datasets are converted by the registry's code; user folders by the importer's. */
const ROOTS = { registered: ['harness/datasets/registry.ts'], user: ['harness/datasets/user-folder.ts'] } as const;
export type Converter = keyof typeof ROOTS;

const keys = new Map<Converter, string>();

/**
 * The key of the code that converts and documents a dataset, recorded in its dataset.json: a
 * copy made under another key is converted again, so a changed card builder or converter never
 * leaves a stale card behind. Computed once per process from the code itself, so it cannot be
 * forgotten the way a version constant can.
 */
export function converterKey(converter: Converter): string {
  let key = keys.get(converter);
  if (!key) keys.set(converter, (key = codeKey(converterFiles([...ROOTS[converter]]))));
  return key;
}
