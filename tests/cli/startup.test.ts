import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../harness/cli/command-registry.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

// Start-up: a command loads only what it uses. The modules a CLI process loads are recorded by
// resolve hooks (import-recorder.mjs); the heavy ones (the LLM SDKs, Vega, SQLite, the report and
// Smith code) must not be among them for `arena --help`, any command's help or `arena grade`.
// `arena` lists the commands from a registry without importing their modules; a command module
// keeps its top-level imports to what its yargs definition needs and imports the rest in its handler.
const BIN = path.resolve('bin/arena.js');
const HOOKS = pathToFileURL(path.resolve('tests/cli/import-recorder.mjs')).href;
const REGISTER = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(HOOKS)})`;
const HEAVY: [string, RegExp][] = [
  ['openai SDK', /\/node_modules\/openai\//],
  ['Anthropic SDK', /\/node_modules\/@anthropic-ai\/sdk\//],
  ['Google GenAI SDK', /\/node_modules\/@google\/genai\//],
  ['Vega', /\/node_modules\/vega(-lite)?\//],
  ['SQLite', /\/node_modules\/better-sqlite3\//],
  ['report code', /\/dist\/harness\/report\//],
  ['Smith code', /\/dist\/harness\/smith\//],
  // Registered by name with a lazy loader: only `--runtime docker` loads the backend and its client.
  ['Docker backend', /\/dist\/harness\/sandbox\/docker\/backend\.js$/],
  ['Docker client', /\/node_modules\/dockerode\//],
];

interface Loaded {
  code: number;
  stderr: string;
  /** Module URL -> the module that first imported it. */
  modules: Map<string, string>;
}

function loadedBy(...args: string[]): Loaded {
  const log = path.join(tempDir('arena-imports-'), 'imports.tsv');
  writeFileSync(log, '');
  const r = spawnSync('node', ['--import', REGISTER, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: tempDir('arena-home-'), ARENA_IMPORT_LOG: log } });
  const modules = new Map<string, string>();
  for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
    const [url, parent] = line.split('\t') as [string, string];
    if (!modules.has(url)) modules.set(url, parent);
  }
  return { code: r.status ?? -1, stderr: r.stderr, modules };
}

/** The command modules (harness/cli/commands/*) among those loaded, by name. */
function commandModules(modules: Map<string, string>): string[] {
  return [...modules.keys()].flatMap((url) => /\/dist\/harness\/cli\/commands\/([\w-]+)\.js$/.exec(url)?.[1] ?? []).sort();
}

/** The heavy modules among those loaded, each named with the module that imported it. */
function heavyLoaded(modules: Map<string, string>): string[] {
  return HEAVY.flatMap(([label, pattern]) => {
    const first = [...modules].find(([url]) => pattern.test(url));
    return first ? [`${label}: ${first[0]} (imported by ${first[1]})`] : [];
  });
}

describe('CLI start-up', () => {
  it('the recorder sees what a command loads: `arena report` loads Vega and the report code', () => {
    const r = loadedBy('report', tempDir('no-runs-'), '--out', tempDir('report-out-'));
    expect(r.code).not.toBe(0);
    expect([...r.modules.keys()].some((url) => url.endsWith('/dist/harness/cli/main.js'))).toBe(true);
    expect(heavyLoaded(r.modules).map((h) => h.split(':')[0])).toEqual(expect.arrayContaining(['Vega', 'report code']));
  });

  it('`arena --help` loads none of the SDKs, Vega, SQLite, the report or Smith code, nor any command module', () => {
    const r = loadedBy('--help');
    expect(r.code, r.stderr).toBe(0);
    expect(heavyLoaded(r.modules)).toEqual([]);
    expect(commandModules(r.modules)).toEqual([]);
  });

  it.each(COMMANDS.map((c) => String(c.command).split(' ')[0]))(
    '`arena %s --help` loads its own command module and none of the heavy ones',
    (command) => {
      const r = loadedBy(command, '--help');
      expect(r.code, r.stderr).toBe(0);
      expect(commandModules(r.modules)).toEqual([command]);
      expect(heavyLoaded(r.modules)).toEqual([]);
    },
  );

  it('`arena grade` grades without loading them either', () => {
    const root = tempDir();
    const dir = writeGradableTask(root, manifest({ id: 'startup-task' }), [
      { id: '1', target: 'a', board: 'public' },
      { id: '2', target: 'b', board: 'private' },
    ]);
    const submission = path.join(root, 'submission.csv');
    writeFileSync(submission, 'id,label\n1,a\n2,b\n');
    const r = loadedBy('grade', '--task', dir, '--submission', submission, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect([...r.modules.keys()].some((url) => url.includes('/dist/harness/grading/'))).toBe(true);
    expect(commandModules(r.modules)).toEqual(['grade']);
    expect(heavyLoaded(r.modules)).toEqual([]);
  });
});
