import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { RunStore } from '../../arena/run-store.js';
import { arenaHome } from '../../util/paths.js';
import { CliError, formatTable, printJson } from '../output.js';
import type { CommandBody } from '../command-registry.js';

const runsRoot = () => path.join(arenaHome(), 'runs');

/** A run given as a directory or as a run id under $ARENA_HOME/runs. */
function resolveRun(run: string): string {
  for (const dir of [path.resolve(run), path.join(runsRoot(), run)]) if (existsSync(path.join(dir, 'run.sqlite'))) return dir;
  throw new CliError(`no run "${run}": not a run directory and not under ${runsRoot()} (see arena runs list)`);
}

/** The run store (SQLite) is loaded only by the commands that open a run. */
async function openRun(dir: string): Promise<RunStore> {
  const { RunStore } = await import('../../arena/run-store.js');
  return new RunStore(path.join(dir, 'run.sqlite'), path.basename(dir));
}

async function summarize(dir: string) {
  const store = await openRun(dir);
  try {
    const episodes = store.episodes();
    const count = (s: string) => episodes.filter((e) => e.status === s).length;
    return {
      run: path.basename(dir),
      dir,
      episodes: episodes.length,
      completed: count('completed'),
      agentFailed: count('agent_failed'),
      infraErrors: count('infra_error'),
      unfinished: count('pending') + count('running'),
      agents: [...new Set(episodes.map((e) => e.agent_id))],
      suites: [...new Set(episodes.map((e) => e.suite))],
      tokens: episodes.reduce((a, e) => a + e.input_tokens + e.output_tokens, 0),
      costUsd: episodes.reduce((a, e) => a + e.cost_usd, 0),
    };
  } finally {
    store.close();
  }
}

const list: CommandModule<object, { json: boolean; root?: string }> = {
  command: 'list',
  describe: 'List runs and how far each got',
  builder: (y) => y.option('root', { type: 'string', describe: 'where to look (default $ARENA_HOME/runs)' }).option('json', { type: 'boolean', default: false }) as Argv<{ json: boolean; root?: string }>,
  handler: async (args) => {
    const root = args.root ?? runsRoot();
    const dirs = existsSync(root) ? readdirSync(root).map((d) => path.join(root, d)).filter((d) => existsSync(path.join(d, 'run.sqlite'))) : [];
    const runs = await Promise.all(dirs.map(summarize));
    if (args.json) printJson({ runs });
    else if (runs.length === 0) process.stdout.write(`no runs under ${root}\n`);
    else
      process.stdout.write(
        formatTable(
          ['run', 'episodes', 'completed', 'failed', 'infra', 'unfinished', 'agents'],
          runs.map((r) => [r.run, r.episodes, r.completed, r.agentFailed, r.infraErrors, r.unfinished, r.agents.join(',')]),
        ) + '\n',
      );
  },
};

const show: CommandModule<object, { json: boolean; run: string }> = {
  command: 'show <run>',
  describe: 'Show a run: every episode with its status, score, steps, tokens and cost',
  builder: (y) => y.positional('run', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }) as Argv<{ json: boolean; run: string }>,
  handler: async (args) => {
    const dir = resolveRun(args.run);
    const store = await openRun(dir);
    try {
      const episodes = store.episodes();
      const s = await summarize(dir);
      if (args.json) printJson({ ...s, episodeList: episodes.map((e) => ({ ...e, grades: store.grades(e.id) })) });
      else {
        process.stdout.write(`run ${s.run} (${dir}): ${s.completed}/${s.episodes} completed, ${s.agentFailed} agent failures, ${s.infraErrors} infrastructure errors, ${s.unfinished} unfinished; ${s.tokens} tokens, $${s.costUsd.toFixed(4)}\n`);
        const rows = episodes.map((e) => [e.suite, e.task_id, e.agent_id, e.seed, e.status, e.score === null ? '-' : e.score.toPrecision(5), e.steps ?? '-', e.input_tokens + e.output_tokens, e.cost_usd.toFixed(4)]);
        process.stdout.write(formatTable(['suite', 'task', 'agent', 'seed', 'status', 'score', 'steps', 'tokens', 'cost'], rows) + '\n');
      }
    } finally {
      store.close();
    }
  },
};

export const runsCommand: CommandBody = {
  builder: (y) => y.command(list).command(show).demandCommand(1),
  handler: () => {},
};
