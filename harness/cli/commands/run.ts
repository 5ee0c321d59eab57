import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { PipelineProgress } from '../../pipeline/progress.js';
import type { PipelineConfig } from '../../pipeline/run-pipeline.js';
import type { GeneratedSource } from '../../pipeline/task-source.js';
import { backendNames } from '../../sandbox/registry.js';
import type { BackendName } from '../../sandbox/types.js';
import { arenaHome } from '../../util/paths.js';
import { checkExecutorArgs, executorOptions, executorSettings, type ExecutorArgs } from '../executor-options.js';
import { CliError, EXIT, printJson } from '../output.js';
import { startStatusBar } from '../progress.js';
import { rolesFromOption } from '../roles-option.js';
import { allowedUnenforced, allowUnenforcedOption } from '../sandbox-options.js';
import type { CommandBody } from '../command-registry.js';

interface RunArgs extends ExecutorArgs {
  datasets?: string[];
  suite: string;
  sample?: number;
  human?: string;
  models: string;
  seeds: number;
  concurrency: number;
  runtime: BackendName;
  'allow-unenforced': string[];
  roles: string;
  'per-dataset': number;
  'max-retries': number;
  'max-steps'?: number;
  'step-timeout'?: number;
  temperature?: number;
  'max-output-tokens'?: number;
  'openai-api'?: 'chat' | 'responses';
  out?: string;
  report?: string;
  title?: string;
  resamples: number;
  json: boolean;
}

/** The same command maps to the same run directory, so running it again resumes. */
function defaultRunDir(key: unknown): string {
  return path.join(arenaHome(), 'runs', `run-${createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 10)}`);
}

function line(p: PipelineProgress): string {
  const g = p.generation;
  const generation = g ? `generate ${g.candidates.verified} verified, ${g.candidates.rejected} rejected, ${g.candidates.running} running (datasets ${g.datasets.done}/${g.datasets.total}) | ` : '';
  const e = p.episodes;
  return `${p.stage} | ${generation}tasks ${p.tasksServed} | episodes ${e.done}/${e.total}, ${e.running} running, ${e.failed} failed${p.tokens ? ` | ${p.tokens} tokens $${p.costUsd.toFixed(4)}` : ''}`;
}

export const runCommand: CommandBody<RunArgs> = {
  // Async, as eval's: the baselines' list loads only for `arena run`, the agent registry only in the handler (tests/cli/startup.test.ts).
  builder: async (y: Argv) => {
    const { ALL_BASELINES } = await import('../../../agents/baselines/population.js');
    return y
      .option('datasets', { type: 'string', array: true, describe: 'generate from these datasets (names, folders or "all"; those of --human and their twins left out) into --suite' })
      .option('suite', { type: 'string', demandOption: true, describe: 'the generated suite: written by generation with --datasets, else an existing suite to run' })
      .option('sample', { type: 'number', describe: 'with an existing --suite: run at most N of its tasks, a fixed sample stratified by modality and objective' })
      .option('human', { type: 'string', describe: 'the human-designed reference suite, evaluated alongside' })
      .option('models', { type: 'string', demandOption: true, describe: `comma-separated agents as in \`arena eval\` ('${ALL_BASELINES}' for the offline population)` })
      .option('seeds', { type: 'number', default: 1, describe: 'episodes per task and agent' })
      .option('concurrency', { type: 'number', default: 2, describe: 'episodes run at once, and candidate tasks verified at once' })
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName, describe: 'sandbox backend' })
      .option('allow-unenforced', allowUnenforcedOption)
      .option('roles', { type: 'string', default: 'heuristic', describe: 'who plays the Smith roles (as in `arena generate`)' })
      .option('per-dataset', { type: 'number', default: 3, describe: 'proposals kept per dataset' })
      .option('max-retries', { type: 'number', default: 2, describe: 'times a failed check goes back to the role that can fix it' })
      .option('max-steps', { type: 'number', describe: "override every task's step budget" })
      .option('step-timeout', { type: 'number', describe: "override every task's time limit per code execution, in seconds" })
      .option('temperature', { type: 'number', describe: 'sampling temperature of LLM agents (as in `arena eval`)' })
      .option('max-output-tokens', { type: 'number', describe: "LLM agents' output limit per reply" })
      .option('openai-api', { choices: ['chat', 'responses'] as const, describe: 'API of openai: models' })
      .option('out', { type: 'string', describe: 'run directory (default: derived from the command, under $ARENA_HOME/runs)' })
      .option('report', { type: 'string', describe: 'report directory (default: <run directory>/report)' })
      .option('title', { type: 'string', describe: 'report title' })
      .option('resamples', { type: 'number', default: 1000, describe: 'bootstrap resamples for every interval of the report' })
      .options(executorOptions)
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .check((a) => {
        const usage = (message: string) => new CliError(message, EXIT.usage);
        for (const key of ['seeds', 'concurrency', 'per-dataset'] as const) if (!Number.isInteger(a[key]) || a[key] < 1) throw usage(`--${key} must be a positive integer`);
        if (a.sample !== undefined && (!Number.isInteger(a.sample) || a.sample < 1)) throw usage('--sample must be a positive integer');
        if (a.sample !== undefined && a.datasets) throw usage('--sample samples an existing --suite: leave out --datasets');
        if (!Number.isInteger(a.resamples) || a.resamples < 100) throw usage('--resamples must be an integer of at least 100');
        const stepTimeout = a['step-timeout'];
        if (stepTimeout !== undefined && !(stepTimeout >= 1)) throw usage('--step-timeout must be at least 1 second');
        checkExecutorArgs(a);
        return true;
      })
      .example(`$0 run --suite tasks/smith-v1 --sample 24 --human tasks/human-v1 --models '${ALL_BASELINES}'`, 'an existing generated suite, sampled')
      .example('$0 run --datasets all --suite tasks/my-suite --human tasks/human-v1 --models baseline:linear,openai:gpt-4.1', 'generate, verify and evaluate at once') as Argv<RunArgs>;
  },
  handler: async (args) => {
    const [{ checkAgentId, expandAgentIds }, { checkTemperature }, { datasetsToGenerate }, { runPipeline }] = await Promise.all([
      import('../../arena/agent-factory.js'),
      import('../../llm/create-provider.js'),
      import('../../pipeline/datasets.js'),
      import('../../pipeline/run-pipeline.js'),
    ]);
    const agents = expandAgentIds(args.models.split(',').map((m) => m.trim()).filter(Boolean));
    let generated: GeneratedSource;
    try {
      agents.forEach(checkAgentId);
      checkTemperature(agents, args.temperature);
      if (args.datasets) {
        const roles = await rolesFromOption(args.roles);
        const { asCliError } = await import('../dataset-errors.js');
        const { datasets } = await datasetsToGenerate(args.datasets, args.human ? [args.human] : []).catch((err: unknown) => {
          throw asCliError(err);
        });
        if (datasets.length === 0) throw new Error('no datasets left to generate from');
        generated = { kind: 'generate', datasets, suiteDir: args.suite, roles, perDataset: args['per-dataset'], maxRetries: args['max-retries'], concurrency: args.concurrency };
      } else generated = { kind: 'suite', suiteDir: args.suite, sample: args.sample };
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.usage);
    }
    const llm = { temperature: args.temperature, maxOutputTokens: args['max-output-tokens'], openaiApi: args['openai-api'] };
    const episodes = { agents, seeds: args.seeds, concurrency: args.concurrency, runtime: args.runtime, allowUnenforced: allowedUnenforced(args['allow-unenforced']), maxSteps: args['max-steps'], stepTimeoutSec: args['step-timeout'], llm };
    const generation = args.datasets ? { datasets: args.datasets, roles: args.roles, perDataset: args['per-dataset'] } : { sample: args.sample ?? null };
    const runDir = args.out ?? defaultRunDir({ suite: path.resolve(args.suite), ...generation, human: args.human ? path.resolve(args.human) : null, ...episodes });
    // Where the episodes run is not part of the run's identity: a run started locally resumes on Slurm and back.
    const config: PipelineConfig = { generated, humanSuite: args.human, episodes: { ...episodes, ...executorSettings(args) }, runDir, reportDir: args.report ?? path.join(runDir, 'report'), title: args.title, resamples: args.resamples };
    // One display for the whole pipeline: episodes against the episodes of the tasks served so far.
    const progress = startStatusBar('run', 'episodes', { quiet: args.json });
    let summary;
    try {
      summary = await runPipeline(config, (p) => progress.update(p.episodes.done, p.episodes.total, line(p), p.last));
    } finally {
      progress.stop();
    }
    if (args.json) printJson(summary);
    else {
      const e = summary.episodes;
      process.stdout.write(`run: ${summary.runDir}\nreport: ${summary.report}\n`);
      if (summary.generation) process.stdout.write(`generated: ${summary.generation.verified} tasks verified, ${summary.generation.rejected} rejected (${summary.generation.outDir})\n`);
      process.stdout.write(`tasks: ${summary.tasks.served} (${summary.tasks.human} human-designed); episodes: ${e.total} (${e.completed} completed, ${e.agentFailed} agent failures, ${e.infraError} infrastructure errors; ${e.doneBefore} done by an earlier run)\n`);
      for (const row of summary.leaderboard) {
        const elo = row.elo ? `Elo ${row.elo.value.toFixed(0)} [${row.elo.lo.toFixed(0)}, ${row.elo.hi.toFixed(0)}]` : 'Elo -';
        process.stdout.write(`  ${row.agent.padEnd(28)} normalized ${row.normalized.value.toFixed(3)}  ${elo}\n`);
      }
    }
    process.exitCode = summary.episodes.infraError === 0 ? EXIT.ok : EXIT.failed;
  },
};
