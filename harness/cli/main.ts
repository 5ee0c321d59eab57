import yargs, { hideBin } from './vendor/yargs.js';
import { COMMANDS } from './command-registry.js';
import { CliError, EXIT } from './output.js';

// The commands come from a registry of names and descriptions; a command's module is imported only
// when it runs or shows its help, and imports what it runs in its handler (`await import(...)`), so
// that `arena --help` and `arena grade` load no SDK, Vega, SQLite or report code (tests/cli/startup.test.ts).

/** Turns any failure into a one-line message and the right exit code; stacks only with ARENA_DEBUG. */
function reportFailure(err: unknown): never {
  const debug = Boolean(process.env.ARENA_DEBUG);
  const code = err instanceof CliError ? err.exitCode : EXIT.failed;
  const message = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
  process.stderr.write(`arena: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('arena')
    .usage('$0 <command> [options]\n\nGenerate verified ML-engineering tasks, run agents on them, report ratings.')
    .command([...COMMANDS])
    .config('config', 'a JSON file of options (e.g. {"models": "baseline:gbm", "seeds": 2}); flags on the command line win')
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) reportFailure(err);
      process.stderr.write(`arena: ${msg}\nRun with --help for usage.\n`);
      process.exit(EXIT.usage);
    })
    .parseAsync();
}

main().catch(reportFailure);
