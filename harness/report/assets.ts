import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from node_modules and inlined into the
 * page: the report must open offline, years later, with no CDN. Order matters: vega-lite's build
 * expects the global `vega`, and vega-embed expects both.
 */

const require = createRequire(import.meta.url);

export interface BrowserLibrary {
  name: string;
  version: string;
  code: string;
}

/** Each package's entry sits in its build/ folder, next to the minified UMD file we want. */
const LIBRARIES = [
  { name: 'vega', file: 'vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: Promise<BrowserLibrary[]> | undefined;

async function load(name: string, file: string): Promise<BrowserLibrary> {
  const buildDir = path.dirname(require.resolve(name));
  const code = await readFile(path.join(buildDir, file), 'utf8');
  // Inlined code must not close its own <script> element.
  if (/<\/script/i.test(code)) throw new Error(`${name}/${file} contains "</script" and cannot be inlined`);
  const pkg = JSON.parse(await readFile(path.join(buildDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { name, version: pkg.version, code };
}

export function browserLibraries(): Promise<BrowserLibrary[]> {
  cached ??= Promise.all(LIBRARIES.map((l) => load(l.name, l.file))).catch((err: unknown) => {
    cached = undefined; // a failed read (e.g. during an install) should not stick for the process
    throw err;
  });
  return cached;
}
