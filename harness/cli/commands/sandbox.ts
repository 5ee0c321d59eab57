import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { backendNames, getBackend } from '../../sandbox/registry.js';
import type { BackendCheck, BackendName } from '../../sandbox/types.js';
import { CliError, EXIT, printJson } from '../output.js';
import type { CommandBody } from '../command-registry.js';

const json = { type: 'boolean', default: false, describe: 'print results as JSON' } as const;

const check: CommandModule<object, { json: boolean }> = {
  command: 'check',
  describe: 'Report which sandbox backends work on this machine, what each enforces, and how to fix the others',
  builder: (y) => y.option('json', json) as Argv<{ json: boolean }>,
  handler: async (args) => {
    const results: BackendCheck[] = [];
    for (const name of backendNames()) {
      try {
        results.push(await (await getBackend(name)).check());
      } catch (err) {
        results.push({ backend: name, ok: false, details: [], enforcements: [], problem: (err as Error).message, fix: 'scripts/setup.sh' });
      }
    }
    if (args.json) printJson({ backends: results });
    else {
      for (const r of results) {
        process.stdout.write(`${r.backend}: ${r.ok ? 'works' : 'NOT AVAILABLE'}\n`);
        for (const d of r.details) process.stdout.write(`  - ${d}\n`);
        if (!r.ok) process.stdout.write(`  problem: ${r.problem}\n  fix: ${r.fix}\n`);
      }
    }
    process.exitCode = results.some((r) => r.ok) ? EXIT.ok : EXIT.failed;
  },
};

const buildImage: CommandModule<object, { json: boolean; force: boolean }> = {
  command: 'build-image',
  describe: "Build the Docker backend's runtime image offline from Debian packages (debootstrap + docker import)",
  builder: (y) => y.option('force', { type: 'boolean', default: false, describe: 'rebuild even when the image for this recipe exists' }).option('json', json) as Argv<{ json: boolean; force: boolean }>,
  handler: async (args) => {
    const { buildRuntimeImage } = await import('../../sandbox/docker/image.js');
    const result = await buildRuntimeImage({ force: args.force, onProgress: args.json ? undefined : (line: string) => process.stderr.write(`${line}\n`) });
    if (args.json) printJson(result);
    else process.stdout.write(`${result.tag} ${result.built ? `built in ${result.seconds.toFixed(0)} s` : 'already present'}\n`);
  },
};

interface GcArgs {
  json: boolean;
  runtime: BackendName | 'all';
}

const gc: CommandModule<object, GcArgs> = {
  command: 'gc',
  describe: 'Remove sandboxes (containers, cgroups, workspaces) left behind by crashed runs',
  builder: (y) => y.option('runtime', { choices: [...backendNames(), 'all'] as const, default: 'all' as const }).option('json', json) as Argv<GcArgs>,
  handler: async (args) => {
    const names = args.runtime === 'all' ? backendNames() : [args.runtime];
    const removed: Record<string, number | string> = {};
    for (const name of names) {
      const backend = await getBackend(name);
      const state = await backend.check();
      // A backend that cannot run sandboxes may still clean up after old ones (the local one removes its workspaces without bubblewrap).
      removed[name] = await backend.gc().catch((err: unknown) => {
        if (state.ok) throw err;
        return `skipped: ${state.problem ?? (err as Error).message}`;
      });
    }
    if (args.json) printJson({ removed });
    else for (const [name, n] of Object.entries(removed)) process.stdout.write(`${name}: ${typeof n === 'number' ? `${n} removed` : n}\n`);
  },
};

interface RunArgs {
  json: boolean;
  task: string;
  runtime: BackendName;
  script: string;
  timeout: number;
}

const run: CommandModule<object, RunArgs> = {
  command: 'run <script>',
  describe: "Run one Python script in a fresh sandbox for a task (its public data at /data, its limits)",
  builder: (y) =>
    y
      .positional('script', { type: 'string', demandOption: true, describe: 'a Python file, copied into /workspace and run there' })
      .option('task', { type: 'string', demandOption: true, describe: 'task directory (prepared)' })
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName })
      .option('timeout', { type: 'number', describe: "wall-clock limit in seconds (default: the task's step timeout)" })
      .option('json', json) as Argv<RunArgs>,
  handler: async (args) => {
    if (!existsSync(args.script)) throw new CliError(`${args.script}: no such file`, EXIT.usage);
    const [{ loadTask }, { limitsForTask }] = await Promise.all([import('../../task/loader.js'), import('../../sandbox/limits.js')]);
    const task = await loadTask(args.task);
    if (!existsSync(task.paths.publicDir)) throw new CliError(`${task.paths.publicDir}: not prepared; run \`arena tasks prepare ${args.task}\``);
    const backend = await getBackend(args.runtime);
    const sandbox = await backend.create({ name: `run-${task.manifest.id}`, publicDir: task.paths.publicDir, limits: limitsForTask(task.manifest) });
    try {
      const name = path.basename(args.script);
      await sandbox.writeFile(name, await readFile(args.script));
      const result = await sandbox.exec(['/usr/bin/python3', name], { timeoutSec: args.timeout ?? task.manifest.limits.stepTimeoutSec });
      if (args.json) printJson({ runtime: args.runtime, task: task.manifest.id, ...result });
      else {
        process.stdout.write(result.stdout);
        process.stderr.write(result.stderr);
        process.stderr.write(`[exit ${result.exitCode ?? result.signal}${result.timedOut ? ', timed out' : ''}${result.oomKilled ? ', out of memory' : ''}; ${(result.wallMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s CPU]\n`);
      }
      process.exitCode = result.exitCode === 0 ? EXIT.ok : EXIT.failed;
    } finally {
      await sandbox.destroy();
    }
  },
};

export const sandboxCommand: CommandBody = {
  builder: (y) => y.command(check).command(buildImage).command(gc).command(run).demandCommand(1),
  handler: () => {},
};
