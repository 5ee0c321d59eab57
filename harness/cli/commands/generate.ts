import { allowedUnenforced, allowUnenforcedOption } from '../sandbox-options.js';
import type { Argv } from 'yargs';
import { backendNames } from '../../sandbox/registry.js';
import type { BackendName } from '../../sandbox/types.js';
import type { GenerateProgress } from '../../smith/pipeline.js';
import type { GenerateSummary } from '../../smith/summary.js';
import { CliError, EXIT, formatTable, printJson } from '../output.js';
import { cliProgress } from '../progress.js';
import { rolesFromOption } from '../roles-option.js';
import type { CommandBody } from '../command-registry.js';

interface GenerateArgs {
  datasets: string[];
  out: string;
  roles: string;
  'per-dataset': number;
  concurrency: number;
  runtime: BackendName;
  'allow-unenforced': string[];
  'max-retries': number;
  'exclude-suite': string[];
  json: boolean;
}

function progressReporter(quiet: boolean): { update(p: GenerateProgress): void; stop(): void } {
  if (quiet) return { update() {}, stop() {} };
  const line = (p: GenerateProgress) =>
    `datasets ${p.datasets.done}/${p.datasets.total} | tasks ${p.candidates.done}/${p.candidates.total} done, ${p.candidates.running} running, ${p.candidates.verified} verified, ${p.candidates.rejected} rejected`;
  if (!process.stderr.isTTY) {
    let last = '';
    return {
      update(p) {
        const text = `generate ${line(p)}${p.last ? ` | ${p.last}` : ''}`;
        if (text !== last) process.stderr.write(text + '\n');
        last = text;
      },
      stop() {},
    };
  }
  const bar = new (cliProgress().SingleBar)({ format: 'generate [{bar}] {value}/{total} tasks | {status} | ETA {eta_formatted} | {last}', stream: process.stderr, hideCursor: true, etaBuffer: 10 }, cliProgress().Presets.shades_classic);
  let started = false;
  return {
    update(p) {
      const payload = { status: line(p), last: p.last ?? '' };
      if (!started) {
        bar.start(Math.max(1, p.candidates.total), p.candidates.done, payload);
        started = true;
      }
      bar.setTotal(Math.max(1, p.candidates.total));
      bar.update(p.candidates.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function printSummary(s: GenerateSummary): void {
  const out = process.stdout;
  out.write(`suite: ${s.outDir}\n`);
  out.write(`datasets: ${s.datasets.requested} requested, ${s.datasets.profiled} profiled, ${s.datasets.contributing} contributing verified tasks\n`);
  for (const f of s.datasets.failed) out.write(`  failed: ${f.dataset}: ${f.error}\n`);
  for (const b of s.datasets.barren) out.write(`  no task in ${b.dataset}: ${b.reasons.slice(0, 4).join('; ') || 'no column can be a target'}\n`);
  out.write(`tasks: ${s.proposed} proposed, ${s.collapsed} collapsed as near-duplicates, ${s.designed} designed; passed design ${s.passed.design}, assertions ${s.passed.assertions}, reviews ${s.passed.reviews}, execution ${s.passed.execution}; ${s.verified} verified, ${s.rejected} rejected\n`);
  if (s.rejections.length) {
    out.write('\nrejected because:\n');
    out.write(formatTable(['check', 'tasks', 'example'], s.rejections.map((r) => [r.check, r.count, r.example.slice(0, 110)])) + '\n');
  }
  out.write('\ncomposition of verified tasks:\n');
  for (const [kind, counts] of Object.entries(s.composition)) {
    out.write(`  ${kind}: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || '-'}\n`);
  }
}

export const generateCommand: CommandBody<GenerateArgs> = {
  builder: (y: Argv) =>
    y
      .option('datasets', { type: 'string', array: true, demandOption: true, describe: 'registered dataset names, user dataset folders, or "all"' })
      .option('out', { type: 'string', demandOption: true, describe: 'suite directory to write verified tasks into' })
      .option('roles', { type: 'string', default: 'heuristic', describe: 'who plays the roles: "heuristic" (offline) or a model id such as openai:gpt-4o, anthropic:<m>, google:<m>, openai-compat:<m>@<url>' })
      .option('per-dataset', { type: 'number', default: 3, describe: 'proposals kept per dataset' })
      .option('concurrency', { type: 'number', default: 2, describe: 'candidate tasks verified at once' })
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName, describe: 'sandbox backend for prepare.py and the baselines' })
      .option('allow-unenforced', allowUnenforcedOption)
      .option('max-retries', { type: 'number', default: 2, describe: 'times a failed check goes back to the role that can fix it' })
      .option('exclude-suite', { type: 'string', array: true, default: [], describe: 'skip datasets used by the tasks of this suite (e.g. the human-designed reference suite)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .check((a) => {
        for (const key of ['per-dataset', 'concurrency'] as const) if (!Number.isInteger(a[key]) || a[key] < 1) throw new Error(`--${key} must be a positive integer`);
        if (!Number.isInteger(a['max-retries']) || a['max-retries'] < 0) throw new Error('--max-retries must be a non-negative integer');
        return true;
      })
      .example('$0 generate --datasets penguins cars --out tasks/my-suite', '')
      .example('$0 generate --datasets all --exclude-suite tasks/human-v1 --out tasks/smith-v1', 'the bundled datasets not used by the human-designed suite')
      .example('$0 generate --datasets ./my-csv-folder --out tasks/mine --roles openai:gpt-4o', '') as Argv<GenerateArgs>,
  handler: async (args) => {
    const roles = await rolesFromOption(args.roles);
    const [{ datasetsToGenerate }, { generate }, { asCliError }] = await Promise.all([import('../../pipeline/datasets.js'), import('../../smith/pipeline.js'), import('../dataset-errors.js')]);
    const { datasets, twins } = await datasetsToGenerate(args.datasets, args['exclude-suite']).catch((err: unknown) => {
      throw asCliError(err);
    });
    if (datasets.length === 0) throw new CliError('no datasets left to generate from', EXIT.usage);
    if (!args.json && twins.length) process.stderr.write(`generate: ${twins.length} datasets left out as twins of others generated from (${twins.slice(0, 3).map((t) => `${t.dataset} → ${t.keptInstead}`).join(', ')}${twins.length > 3 ? ', …' : ''})\n`);
    const progress = progressReporter(args.json);
    let summary;
    try {
      summary = await generate(
        { datasets, outDir: args.out, roles, perDataset: args['per-dataset'], concurrency: args.concurrency, runtime: args.runtime, allowUnenforced: allowedUnenforced(args['allow-unenforced']), maxRetries: args['max-retries'] },
        (p) => progress.update(p),
      );
    } finally {
      progress.stop();
    }
    if (args.json) printJson(summary);
    else printSummary(summary);
    process.exitCode = summary.verified > 0 ? EXIT.ok : EXIT.failed;
  },
};
