import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { CliError, EXIT, printJson } from '../output.js';
import type { CommandBody } from '../command-registry.js';

interface ViewArgs {
  runs: string[];
  port: number;
  tasks?: string;
  agents?: string;
  report?: string;
  json: boolean;
}

const globs = (list: string | undefined) => list?.split(',').map((g) => g.trim()).filter(Boolean);

export const viewCommand: CommandBody<ViewArgs> = {
  builder: (y: Argv) =>
    y
      .positional('runs', { type: 'string', array: true, demandOption: true, describe: 'run directories written by `arena eval`' })
      .option('port', { type: 'number', default: 0, describe: 'port on 127.0.0.1 (0: any free one)' })
      .option('tasks', { type: 'string', describe: 'only tasks matching these globs, comma-separated (e.g. "iris*,wine-*")' })
      .option('agents', { type: 'string', describe: 'only agents matching these globs, comma-separated (e.g. "baseline:*")' })
      .option('report', { type: 'string', describe: 'a report directory (arena report --out) to serve beside the episodes' })
      .option('json', { type: 'boolean', default: false, describe: 'print {url, port} as JSON once listening' })
      .check((a) => {
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new Error('--port must be an integer from 0 to 65535');
        return true;
      })
      .example('$0 view .arena/runs/demo-human .arena/runs/demo-smith --report reports/out/demo', '') as Argv<ViewArgs>,
  handler: async (args) => {
    for (const dir of args.runs) {
      if (!existsSync(path.join(dir, 'run.sqlite'))) throw new CliError(`${path.resolve(dir)}: not a run directory (no run.sqlite); pass directories written by \`arena eval --out\``, EXIT.usage);
    }
    if (args.report && !existsSync(path.join(args.report, 'report.html'))) throw new CliError(`${path.resolve(args.report)}: no report.html (write one with arena report --out)`, EXIT.usage);
    const { startViewer } = await import('../../viewer/server.js');
    const viewer = await startViewer({ runDirs: args.runs, port: args.port, reportDir: args.report, selection: { tasks: globs(args.tasks), agents: globs(args.agents) } });
    if (args.json) printJson({ url: viewer.url, port: viewer.port });
    else process.stdout.write(`arena view: ${viewer.url}\n(only this machine can connect, with the token in the URL; Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void viewer.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
