import type { Argv, CommandModule } from 'yargs';
import { EXECUTOR_CHECKS, EXECUTOR_NAMES, type ExecutorName } from '../../executor/checks.js';
import { CliError, EXIT, printJson } from '../output.js';
import type { CommandBody } from '../command-registry.js';

interface CheckArgs {
  executor: ExecutorName;
  partition?: string;
  sharedDir?: string;
  timeout: number;
  json: boolean;
}

const MARK = { ok: 'ok', failed: 'FAILED', skipped: 'skipped' } as const;

const check: CommandModule<object, CheckArgs> = {
  command: 'check <executor>',
  describe: 'Say whether an executor works here: each thing it needs, what is wrong and how to fix it',
  builder: (y) =>
    y
      .positional('executor', { choices: EXECUTOR_NAMES, demandOption: true, describe: 'the executor to check' })
      .option('partition', { type: 'string', describe: "the Slurm partition to check (default: the cluster's default)" })
      .option('shared-dir', { type: 'string', describe: "a directory every node sees, for the test jobs' output (default: the system's temporary directory)" })
      .option('timeout', { type: 'number', default: 30, describe: 'seconds each test job may take, waiting for a node included' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .check((a) => {
        // A usage error, so a bad value exits 2 like any other misuse.
        if (!(a.timeout > 0)) throw new CliError('--timeout must be a positive number of seconds', EXIT.usage);
        return true;
      }) as Argv<CheckArgs>,
  handler: async (args) => {
    const result = await EXECUTOR_CHECKS[args.executor]({ partition: args.partition, sharedDir: args.sharedDir, jobTimeoutMs: args.timeout * 1000 });
    if (args.json) printJson(result);
    else {
      process.stdout.write(`${result.executor}: ${result.ok ? 'works' : 'NOT WORKING'}\n`);
      for (const item of result.items) {
        process.stdout.write(`  ${MARK[item.status].padEnd(7)} ${item.name}: ${item.detail}\n`);
        if (item.fix) process.stdout.write(`          fix: ${item.fix}\n`);
      }
    }
    process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
  },
};

export const executorCommand: CommandBody = {
  builder: (y) => y.command(check).demandCommand(1),
  handler: () => {},
};
