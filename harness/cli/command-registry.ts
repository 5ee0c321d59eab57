import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

/**
 * What a command module exports: its options and what it does. Its name and description live in
 * the registry below, so that `arena --help` lists every command without importing any of them.
 * Methods rather than function properties, so every command's own argument type fits one list.
 */
export interface CommandBody<Args = object> {
  builder(y: Argv): Argv<Args> | PromiseLike<Argv<Args>>;
  handler(args: ArgumentsCamelCase<Args>): void | Promise<void>;
}

interface CommandEntry {
  command: string;
  describe: string;
  load(): Promise<CommandBody>;
}

/** In the order `arena --help` lists them. */
const ENTRIES: readonly CommandEntry[] = [
  { command: 'datasets <command>', describe: 'List, fetch and inspect the real datasets available offline', load: async () => (await import('./commands/datasets.js')).datasetsCommand },
  { command: 'tasks <command>', describe: 'Validate, prepare, anchor, import and export tasks and suites', load: async () => (await import('./commands/tasks.js')).tasksCommand },
  {
    command: 'grade',
    describe: "Validate and score a submission CSV against a prepared task (public and private leaderboard rows; for an imported task also the peer's own score and medal)",
    load: async () => (await import('./commands/grade.js')).gradeCommand,
  },
  { command: 'sandbox <command>', describe: 'Sandbox backends: check, build the Docker image, clean up, run a script', load: async () => (await import('./commands/sandbox.js')).sandboxCommand },
  { command: 'executor <command>', describe: 'Executors that run episodes elsewhere (Slurm): check that they work', load: async () => (await import('./commands/executor.js')).executorCommand },
  {
    command: 'generate',
    describe: 'Turn raw datasets into verified competition tasks: Brainstormer, Designer, Refactor, then Assertions, Reviews and Execution (resumable)',
    load: async () => (await import('./commands/generate.js')).generateCommand,
  },
  {
    command: 'eval',
    describe: 'Run agents on task suites in sandboxes: every task × agent × seed, resumable, graded on hidden answers',
    load: async () => (await import('./commands/eval.js')).evalCommand,
  },
  { command: 'episode <command>', describe: 'Episodes as work for an executor: play a shard of them here', load: async () => (await import('./commands/episode.js')).episodeCommand },
  { command: 'runs <command>', describe: 'List and inspect evaluation runs', load: async () => (await import('./commands/runs.js')).runsCommand },
  {
    command: 'report <runs..>',
    describe: 'Write the HTML report of eval runs: leaderboard, win–loss matrices, Elo with intervals, correlations, step curves, drill-down',
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  {
    command: 'view <runs..>',
    describe: 'Browse runs in a local web viewer: episodes paged, filtered and searched, each with its model calls, code, output and scores; follows a running eval',
    load: async () => (await import('./commands/view.js')).viewCommand,
  },
  {
    command: 'run',
    describe: 'The whole pipeline: generate and verify tasks, serve each to the agents as soon as it is verified (with the human suite alongside), then the report (resumable)',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
];

/** A yargs command whose module is imported only when yargs builds it: when it is the command run (or asked for help). */
function lazyCommand(entry: CommandEntry): CommandModule {
  return {
    command: entry.command,
    describe: entry.describe,
    builder: async (y) => (await entry.load()).builder(y),
    handler: async (args) => (await entry.load()).handler(args),
  };
}

export const COMMANDS: readonly CommandModule[] = ENTRIES.map(lazyCommand);

/** One command as `arena` registers it, by its name (the first word of its usage). */
export function commandNamed(name: string): CommandModule {
  const entry = ENTRIES.find((e) => e.command.split(' ')[0] === name);
  if (!entry) throw new Error(`no command named ${name}`);
  return lazyCommand(entry);
}
