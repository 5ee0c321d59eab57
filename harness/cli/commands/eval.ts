import { allowedUnenforced, allowUnenforcedOption } from '../sandbox-options.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { LlmSettings } from '../../arena/agent-factory.js';
import type { EvalConfig, EvalProgress } from '../../arena/runner.js';
import { backendNames } from '../../sandbox/registry.js';
import type { BackendName } from '../../sandbox/types.js';
import { matchesAny, parseGlobList } from '../../util/glob.js';
import { arenaHome } from '../../util/paths.js';
import { checkExecutorArgs, executorOptions, executorSettings, type ExecutorArgs } from '../executor-options.js';
import { CliError, EXIT, formatTable, printJson } from '../output.js';
import { cliProgress } from '../progress.js';
import type { CommandBody } from '../command-registry.js';

interface EvalArgs extends ExecutorArgs {
  suite: string[];
  models: string;
  seeds: number;
  concurrency: number;
  runtime: BackendName;
  'allow-unenforced': string[];
  'max-steps'?: number;
  'step-timeout'?: number;
  sample?: number;
  tasks?: string[];
  agents?: string[];
  'max-tokens'?: number;
  'max-cost'?: number;
  temperature?: number;
  'max-output-tokens'?: number;
  'openai-api'?: 'chat' | 'responses';
  out?: string;
  'costs-from'?: string[];
  json: boolean;
}

/**
 * The same command always maps to the same run directory, so running it again resumes; other LLM
 * settings map to another one. They join the key only when set, so a command without them keeps
 * the directory it had before these settings existed.
 */
export function defaultRunDir(suites: string[], agents: string[], seeds: number, runtime: string, maxSteps?: number, llm: LlmSettings = {}, stepTimeoutSec?: number, sample?: number): string {
  const settings = Object.fromEntries(Object.entries(llm).filter(([, v]) => v !== undefined));
  const key = JSON.stringify({
    suites: suites.map((s) => path.resolve(s)),
    agents,
    seeds,
    runtime,
    maxSteps: maxSteps ?? null,
    ...(Object.keys(settings).length ? { llm: settings } : {}),
    ...(stepTimeoutSec !== undefined ? { stepTimeoutSec } : {}),
    ...(sample !== undefined ? { sample } : {}),
  });
  return path.join(arenaHome(), 'runs', `eval-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`);
}

function progressReporter(quiet: boolean): { update(p: EvalProgress): void; stop(): void } {
  if (quiet) return { update() {}, stop() {} };
  const format = (p: EvalProgress) => `${p.done}/${p.total} done, ${p.running} running, ${p.failed} failed | ${p.tokens} tokens, $${p.costUsd.toFixed(4)}`;
  if (!process.stderr.isTTY) {
    let lastDone = -1;
    return {
      update(p) {
        if (p.done === lastDone) return;
        lastDone = p.done;
        process.stderr.write(`eval ${format(p)}${p.last ? ` | ${p.last}` : ''}\n`);
      },
      stop() {},
    };
  }
  const bar = new (cliProgress().SingleBar)(
    { format: 'eval [{bar}] {value}/{total} | {running} running, {failed} failed | ETA {eta_formatted} | {tokens} tokens ${cost} | {last}', stream: process.stderr, hideCursor: true, etaBuffer: 20 },
    cliProgress().Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { running: p.running, failed: p.failed, tokens: p.tokens, cost: p.costUsd.toFixed(4), last: p.last ?? '' };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export const evalCommand: CommandBody<EvalArgs> = {
  // Async: the agent registry (and the providers' SDKs behind it) loads only for `arena eval`, to list the registered kinds.
  builder: async (y: Argv) => {
    const [{ ALL_BASELINES, BASELINES }, { agentKinds }, { providerKinds }] = await Promise.all([
      import('../../../agents/baselines/population.js'),
      import('../../arena/agent-factory.js'),
      import('../../llm/provider-registry.js'),
    ]);
    const lower = providerKinds().flatMap((k) => (k.maxTemperature === undefined ? [] : [`0..${k.maxTemperature} for ${k.name}:`]));
    return y
      .option('suite', { type: 'string', array: true, demandOption: true, describe: 'suite directory (repeatable)' })
      .option('tasks', { type: 'string', array: true, describe: "only the suites' tasks whose id matches one of these globs (comma-separated; * ? [...], as arena view)" })
      .option('agents', { type: 'string', array: true, describe: 'only the agents of --models whose id matches one of these globs (e.g. --models "baseline:*" --agents "*iterate*")' })
      .option('models', { type: 'string', demandOption: true, describe: `comma-separated agents: ${agentKinds().map((k) => k.usage).join(', ')}; the baselines are listed below ('${ALL_BASELINES}' for all of them, quoted for the shell)` })
      .option('seeds', { type: 'number', default: 1, describe: 'episodes per task and agent (seeds 0..N-1)' })
      .option('concurrency', { type: 'number', default: 1, describe: 'episodes run at once' })
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName, describe: 'sandbox backend' })
      .option('allow-unenforced', allowUnenforcedOption)
      .option('max-steps', { type: 'number', describe: "override every task's step budget" })
      .option('sample', { type: 'number', describe: 'run at most N tasks per suite: a fixed sample stratified by modality and objective' })
      .option('step-timeout', { type: 'number', describe: "override every task's time limit per code execution, in seconds (agents see the new limit)" })
      .option('max-tokens', { type: 'number', describe: 'per-episode token budget for LLM agents' })
      .option('max-cost', { type: 'number', describe: 'per-episode cost budget in USD for LLM agents' })
      .option('temperature', { type: 'number', describe: `sampling temperature of LLM agents, 0..2${lower.length ? ` (${lower.join(', ')})` : ''}; default 1; reasoning models always use their own` })
      .option('max-output-tokens', { type: 'number', describe: "LLM agents' output limit per reply, capped by the model's; default 16384" })
      .option('openai-api', { choices: ['chat', 'responses'] as const, describe: 'API of openai: models: Chat Completions (default) or Responses' })
      .option('out', { type: 'string', describe: 'run directory (default: derived from the command, under $ARENA_HOME/runs)' })
      .option('costs-from', { type: 'string', array: true, describe: "earlier run directories whose episodes' wall times order this run's, longest first (this run's own finished episodes count too; else estimated from the data's size)" })
      .options(executorOptions)
      .option('json', { type: 'boolean', default: false, describe: 'print the run summary as JSON' })
      .check((a) => {
        // Thrown as usage errors, so a bad value exits 2 like any other misuse.
        const usage = (message: string) => new CliError(message, EXIT.usage);
        if (!Number.isInteger(a.seeds) || a.seeds < 1) throw usage('--seeds must be a positive integer');
        if (!Number.isInteger(a.concurrency) || a.concurrency < 1) throw usage('--concurrency must be a positive integer');
        if (a.temperature !== undefined && !(a.temperature >= 0 && a.temperature <= 2)) throw usage('--temperature must be between 0 and 2');
        if (a.sample !== undefined && (!Number.isInteger(a.sample) || a.sample < 1)) throw usage('--sample must be a positive integer');
        checkExecutorArgs(a);
        const stepTimeout = a['step-timeout'];
        if (stepTimeout !== undefined && !(stepTimeout >= 1)) throw usage('--step-timeout must be at least 1 second');
        const tokens = a['max-output-tokens'];
        if (tokens !== undefined && (!Number.isInteger(tokens) || tokens < 1)) throw usage('--max-output-tokens must be a positive integer');
        return true;
      })
      .example('$0 eval --suite tasks/human-v1 --models baseline:trivial,baseline:gbm --seeds 2', '')
      .example('$0 eval --suite tasks/human-v1 --models openai:gpt-4.1,anthropic:claude-sonnet-4 --temperature 0.2 --max-output-tokens 8192 --openai-api responses', '')
      .example(`$0 eval --suite tasks/human-v1 --models '${ALL_BASELINES}' --max-steps 6 --step-timeout 120`, '')
      .epilog(`Offline agents (baseline:*):\n${BASELINES.map((b) => `  ${b.id.padEnd(26)}${b.description}`).join('\n')}`) as Argv<EvalArgs>;
  },
  handler: async (args) => {
    const [{ checkAgentId, expandAgentIds }, { checkTemperature }] = await Promise.all([import('../../arena/agent-factory.js'), import('../../llm/create-provider.js')]);
    const agentGlobs = parseGlobList(args.agents);
    const agents = expandAgentIds(args.models.split(',').map((m) => m.trim()).filter(Boolean)).filter((a) => matchesAny(a, agentGlobs));
    if (agents.length === 0) throw new CliError(`no agent of --models ${args.models} matches --agents ${agentGlobs?.join(',')}`, EXIT.usage);
    try {
      agents.forEach(checkAgentId);
      // A provider that refuses the temperature (Anthropic's above 1): better said now than as failed episodes.
      checkTemperature(agents, args.temperature);
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.usage);
    }
    // Loaded once the arguments hold: the runner brings the dataset registry, whose R catalog may need building.
    const { runEval } = await import('../../arena/runner.js');
    const llm: LlmSettings = { temperature: args.temperature, maxOutputTokens: args['max-output-tokens'], openaiApi: args['openai-api'] };
    const config: EvalConfig = {
      suites: args.suite,
      agents,
      seeds: args.seeds,
      concurrency: args.concurrency,
      runtime: args.runtime,
      allowUnenforced: allowedUnenforced(args['allow-unenforced']),
      maxSteps: args['max-steps'],
      stepTimeoutSec: args['step-timeout'],
      samplePerSuite: args.sample,
      taskGlobs: parseGlobList(args.tasks),
      maxTokensPerEpisode: args['max-tokens'],
      maxCostPerEpisode: args['max-cost'],
      llm,
      ...executorSettings(args),
      costsFrom: args['costs-from'],
      outDir: args.out ?? defaultRunDir(args.suite, agents, args.seeds, args.runtime, args['max-steps'], llm, args['step-timeout'], args.sample),
    };
    const progress = progressReporter(args.json);
    let summary;
    try {
      summary = await runEval(config, (p) => progress.update(p));
    } finally {
      progress.stop();
    }
    const failed = summary.episodes.filter((e) => e.status !== 'completed');
    if (args.json) printJson({ runDir: summary.runDir, store: summary.store, resumedFrom: summary.skipped, episodes: summary.episodes });
    else {
      const rows = summary.episodes.map((e) => [e.task_id, e.agent_id, e.seed, e.status, e.score === null ? '-' : e.score.toPrecision(5), e.steps ?? '-', e.error ? e.error.slice(0, 60) : '']);
      process.stdout.write(formatTable(['task', 'agent', 'seed', 'status', 'score', 'steps', 'error'], rows) + '\n');
      process.stdout.write(`run: ${summary.runDir} (${summary.skipped} episodes already done, ${failed.length} not completed)\n`);
    }
    process.exitCode = failed.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
