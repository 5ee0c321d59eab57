// Part of the build (npm run build, tests/global-setup.ts): bundles yargs and what it imports into
// one file, dist/harness/cli/vendor/yargs.js, which the CLI imports instead of node_modules/yargs.
// Start-up is then one module to compile instead of ~45, and string-width (cliui's, wrap-ansi's and
// yargs' own copy) neither builds an Intl.Segmenter when it loads (~10 ms each) nor segments text
// whose width is its length, such as printable ASCII (tests/cli/yargs-bundle.test.ts checks both
// against the packages themselves). Everything else is yargs' code as published.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(repo, 'dist', 'harness', 'cli', 'vendor', 'yargs.js');
const NS = 'arena-vendor';

/** Virtual modules the bundle adds. */
const VIRTUAL = {
  // yargs' ESM shim finds its locales, its package.json (for --version) and its `require` from
  // import.meta.url; bundled, it is given the URL it has in node_modules, found when the CLI starts.
  'yargs-shim-url': `import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
export const yargsShimUrl = new URL('lib/platform-shims/esm.mjs', pathToFileURL(createRequire(import.meta.url).resolve('yargs/package.json'))).href;
`,
  // Intl as string-width sees it: its module-level Segmenter is built when it first segments.
  'lazy-intl': `class Segmenter {
  #args;
  #segmenter;
  constructor(...args) { this.#args = args; }
  segment(text) { return (this.#segmenter ??= new globalThis.Intl.Segmenter(...this.#args)).segment(text); }
}
export const LazyIntl = { Segmenter };
`,
};

// Where string-width's answer is the text's length: code points of one width each that never join
// their neighbours into one grapheme (letters, digits, punctuation, symbols and spaces of Latin,
// Greek, Cyrillic and general punctuation; no marks, controls, format characters or emoji).
const NARROW_CANDIDATES = [[0x20, 0x7e], [0xa0, 0x52f], [0x2010, 0x205e]];
const JOINS_NOTHING = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;

/** The code points of NARROW_CANDIDATES that this copy of string-width itself measures as 1 wide, as a regex class body. */
async function narrowClass(real) {
  const { default: stringWidth } = await import(pathToFileURL(real).href);
  const ranges = [];
  for (const [from, to] of NARROW_CANDIDATES) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCodePoint(c);
      if (!JOINS_NOTHING.test(ch) || /\p{Extended_Pictographic}/u.test(ch) || stringWidth(ch) !== 1) continue;
      const last = ranges.at(-1);
      if (last && last[1] === c - 1) last[1] = c;
      else ranges.push([c, c]);
    }
  }
  const hex = (c) => `\\u${c.toString(16).padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

/** What every importer of string-width gets: text of narrow code points measured by its length, the rest by string-width itself. */
const narrowFirst = async (real) => `import stringWidth from ${JSON.stringify(real)};
const narrowText = /^[${await narrowClass(real)}]*$/;
export default function narrowFirstStringWidth(text, options) {
  return typeof text === 'string' && options === undefined && narrowText.test(text) ? text.length : stringWidth(text, options);
}
`;

/** A package file's source with `edit` applied; the build fails when the file is not as expected. */
function edited(file, expect, edit) {
  const source = readFileSync(file, 'utf8');
  if (!expect(source)) throw new Error(`${file} is not what scripts/bundle-yargs.mjs expects; check the yargs upgrade`);
  return edit(source);
}

const count = (source, text) => source.split(text).length - 1;

const arenaVendor = {
  name: 'arena-vendor',
  setup(build) {
    build.onResolve({ filter: /^arena-vendor:/ }, (a) => ({ path: a.path.slice(NS.length + 1), namespace: NS }));
    build.onLoad({ filter: /.*/, namespace: NS }, async (a) => {
      if (a.path.startsWith('string-width:')) return { contents: await narrowFirst(a.path.slice('string-width:'.length)), resolveDir: repo };
      return { contents: VIRTUAL[a.path], resolveDir: repo };
    });
    build.onResolve({ filter: /^string-width$/ }, async (a) => {
      if (a.namespace === NS || a.pluginData === 'real') return undefined;
      const real = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: `string-width:${real.path}`, namespace: NS };
    });
    build.onLoad({ filter: /\/string-width\/index\.js$/ }, (a) => ({
      contents: edited(
        a.path,
        (s) => count(s, 'Intl.') === 1 && count(s, 'new Intl.Segmenter()') === 1,
        (s) => `import { LazyIntl as Intl } from 'arena-vendor:lazy-intl';\n${s}`,
      ),
      loader: 'js',
    }));
    build.onLoad({ filter: /\/yargs\/lib\/platform-shims\/esm\.mjs$/ }, (a) => ({
      contents: edited(
        a.path,
        (s) => count(s, 'import.meta.url') === 2,
        (s) => `import { yargsShimUrl } from 'arena-vendor:yargs-shim-url';\n${s.replaceAll('import.meta.url', 'yargsShimUrl')}`,
      ),
      loader: 'js',
    }));
  },
};

export async function bundleYargs(outfile = BUNDLE) {
  await esbuild.build({
    stdin: { contents: "export { default } from 'yargs';\nexport { hideBin } from 'yargs/helpers';\n", resolveDir: repo, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    plugins: [arenaVendor],
    logLevel: 'warning',
    legalComments: 'eof',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleYargs(process.argv[2] ?? BUNDLE);
