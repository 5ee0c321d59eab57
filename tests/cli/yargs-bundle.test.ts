import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI imports yargs bundled by scripts/bundle-yargs.mjs (run by the build, see global-setup):
// the bundle must behave as yargs from node_modules does, and its string-width shortcut must give
// the packages' own answers.
const BUNDLE = path.resolve('dist/harness/cli/vendor/yargs.js');

/** A CLI whose help has every kind of text string-width handles: ASCII, Latin-1, dashes, CJK, emoji, combining marks, ANSI colour. */
const cliScript = (yargsUrl: string) => `
import yargs from ${JSON.stringify(yargsUrl)};
await yargs(process.argv.slice(1))
  .scriptName('demo')
  .usage('$0 <command>\\n\\nA demo – with × signs, café, naïve and 漢字 in it')
  .command('plain', 'an ASCII-only description that is long enough to be wrapped over two lines or more', () => {}, () => {})
  .command('mixed', 'emoji 👍🏽, flags 🇫🇷, e\\u0301 combining, \\x1b[31mred\\x1b[0m text and 全角 characters wrapped here', () => {}, () => {})
  .option('win-loss', { type: 'string', describe: 'win–loss × matrices, Ελληνικά and кириллица words to wrap', default: 'Ω' })
  .demandCommand(1)
  .strict()
  .help()
  .version()
  .wrap(44)
  .parseAsync();
`;

/** Runs the demo CLI on one yargs; counts the Intl.Segmenters the process builds. */
function runDemo(yargsUrl: string, args: string[], env: Record<string, string> = {}): { out: string; segmenters: number } {
  const counter = `data:text/javascript,${encodeURIComponent(
    'let n=0;const S=Intl.Segmenter;Intl.Segmenter=class extends S{constructor(...a){super(...a);n++}};process.on("exit",()=>process.stderr.write(`segmenters ${n}\\n`))',
  )}`;
  const r = spawnSync('node', ['--import', counter, '--input-type=module', '-e', cliScript(yargsUrl), '--', ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'en_US.UTF-8', ...env } });
  const segmenters = Number(/segmenters (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { out: `${r.stdout}${r.stderr.replace(/segmenters \d+\n/, '')}exit ${r.status}`, segmenters };
}

const BUNDLED = pathToFileURL(BUNDLE).href;
const PUBLISHED = 'yargs';

/** The three string-width copies the bundle wraps (cliui's, wrap-ansi's and yargs' own). */
const stringWidthCopies = ['cliui', 'wrap-ansi', 'yargs'].map((pkg) => path.resolve('node_modules', pkg, 'node_modules/string-width/index.js'));

describe('bundled yargs', () => {
  it.each([
    ['top-level help', ['--help'], {}],
    ['a command with Latin, Greek and Cyrillic text', ['plain', '--help'], {}],
    ['a command with wide, emoji, combining and coloured text', ['mixed', '--help'], {}],
    ['a usage error', ['nope'], {}],
    ['--version (from the package.json yargs finds)', ['--version'], {}],
    ['help in French (yargs reads its locale files)', ['--help'], { LC_ALL: 'fr_FR.UTF-8' }],
  ])('prints what yargs from node_modules prints: %s', (_label, args, env) => {
    expect(runDemo(BUNDLED, args, env).out).toBe(runDemo(PUBLISHED, args, env).out);
  });

  it('reads the locale files: the French help is French', () => {
    expect(runDemo(BUNDLED, ['--help'], { LC_ALL: 'fr_FR.UTF-8' }).out).toContain('Commandes :');
  });

  it('builds no Intl.Segmenter for text that needs none, and one per string-width copy when it does', () => {
    // The published yargs builds one per copy when it loads.
    expect(runDemo(PUBLISHED, ['--help']).segmenters).toBe(3);
    expect(runDemo(BUNDLED, ['plain', '--help']).segmenters).toBe(0);
    expect(runDemo(BUNDLED, ['mixed', '--help']).segmenters).toBeGreaterThan(0);
  });

  it("measures only text whose width is its length itself, as each string-width copy's own answer confirms", async () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    const classes = [...bundle.matchAll(/var narrowText\d* = \/\^\[(.*?)\]\*\$\/;/g)].map((m) => new RegExp(`^[${m[1]}]$`));
    expect(classes).toHaveLength(3);
    const narrow: string[] = [];
    for (let c = 0; c < 0x3000; c++) if (classes.some((re) => re.test(String.fromCodePoint(c)))) narrow.push(String.fromCodePoint(c));
    expect(narrow).toContain('–');
    expect(narrow).toContain('×');
    expect(narrow).not.toContain('\u0301');
    expect(narrow).not.toContain('\x1b');

    // Random texts of those characters: one grapheme per character, and each copy measures the length.
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts = [narrow.join(''), ...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => narrow[Math.floor(random() * narrow.length)]).join(''))];
    const graphemes = new Intl.Segmenter();
    for (const text of texts) expect([...graphemes.segment(text)].length).toBe(text.length);
    for (const copy of stringWidthCopies) {
      expect(existsSync(copy), copy).toBe(true);
      const { default: stringWidth } = (await import(pathToFileURL(copy).href)) as { default: (text: string) => number };
      for (const ch of narrow) expect(stringWidth(ch), `${copy}: U+${ch.codePointAt(0)?.toString(16)}`).toBe(1);
      for (const text of texts) expect(stringWidth(text)).toBe(text.length);
    }
  });
});
