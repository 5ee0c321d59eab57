import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { ImportSource } from '../../task/import/import.js';
import { backendNames } from '../../sandbox/registry.js';
import type { BackendName } from '../../sandbox/types.js';
import { arenaHome } from '../../util/paths.js';
import type { CheckResult } from '../../verification/structure.js';
import { EXIT, formatTable, printJson } from '../output.js';
import { startProgress } from '../progress.js';
import type { CommandBody } from '../command-registry.js';

interface DirArgs {
  dir: string;
  json: boolean;
}

const dirOptions = (y: Argv) =>
  y
    .positional('dir', { type: 'string', demandOption: true, describe: 'a task directory or a suite directory' })
    .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' }) as Argv<DirArgs>;

const validate: CommandModule<object, DirArgs> = {
  command: 'validate <dir>',
  describe: 'Check task manifests, files and (when prepared) data: ids aligned, leaderboard split, sample submission valid',
  builder: dirOptions,
  handler: async (args) => {
    const [{ loadTasks }, { checkTaskStructure }] = await Promise.all([import('../../task/loader.js'), import('../../verification/structure.js')]);
    const tasks = await loadTasks(args.dir);
    const progress = startProgress('validate', tasks.length, { quiet: args.json });
    const results: CheckResult[] = [];
    for (const task of tasks) {
      const result = await checkTaskStructure(task);
      results.push(result);
      progress.tick(`${result.task} ${result.ok ? 'ok' : 'FAILED'}`);
    }
    progress.stop();
    const ok = results.every((r) => r.ok);
    if (args.json) printJson({ ok, tasks: results });
    else {
      for (const r of results) {
        process.stdout.write(`${r.ok ? 'ok    ' : 'FAILED'} ${r.task}\n`);
        for (const p of r.problems) process.stdout.write(`         problem: ${p}\n`);
        for (const n of r.notes) process.stdout.write(`         note: ${n}\n`);
      }
      process.stdout.write(`${results.filter((r) => r.ok).length}/${results.length} tasks valid\n`);
    }
    process.exitCode = ok ? EXIT.ok : EXIT.failed;
  },
};

interface PrepareArgs extends DirArgs {
  force: boolean;
  runtime: BackendName;
  concurrency: number;
}

const prepare: CommandModule<object, PrepareArgs> = {
  command: 'prepare <dir>',
  describe: "Materialize a task's or suite's data with prepare.py, twice, and check both runs are byte-identical",
  builder: (y) =>
    dirOptions(y)
      .option('force', { type: 'boolean', default: false, describe: 'prepare again even when the data is up to date' })
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName, describe: 'the sandbox prepare.py runs in' })
      .option('concurrency', { type: 'number', default: 1, describe: 'tasks prepared at once' })
      .check((a) => {
        if (!Number.isInteger(a.concurrency) || a.concurrency < 1) throw new Error('--concurrency must be a positive integer');
        return true;
      }) as Argv<PrepareArgs>,
  handler: async (args) => {
    const [{ loadTasks }, { prepareTasks }] = await Promise.all([import('../../task/loader.js'), import('../../task/prepare.js')]);
    const tasks = await loadTasks(args.dir);
    const progress = startProgress('prepare', tasks.length, { quiet: args.json });
    const results = await prepareTasks(tasks, {
      force: args.force,
      runtime: args.runtime,
      concurrency: args.concurrency,
      onDone: (r) => progress.tick(`${r.task} ${r.status === 'failed' ? 'FAILED' : r.status}`),
    });
    progress.stop();
    const ok = results.every((r) => r.status !== 'failed');
    if (args.json) printJson({ ok, tasks: results });
    else {
      const rows = results.map((r) => ('error' in r ? [r.task, r.status, '', r.error] : [r.task, r.status, r.files, r.digest.slice(0, 16)]));
      process.stdout.write(formatTable(['task', 'status', 'files', 'digest / error'], rows) + '\n');
    }
    process.exitCode = ok ? EXIT.ok : EXIT.failed;
  },
};

interface AnchorArgs extends DirArgs {
  runtime: BackendName;
  force: boolean;
}

const anchor: CommandModule<object, AnchorArgs> = {
  command: 'anchor <dir>',
  describe: "Fill each task's anchors: the baselines (trivial; linear, glm and gbm for the reference) solve it in the sandbox, the perfect submission gives the optimum",
  builder: (y) =>
    dirOptions(y)
      .option('runtime', { choices: backendNames(), default: 'local' as BackendName, describe: 'the sandbox the baselines run in' })
      .option('force', { type: 'boolean', default: false, describe: 'measure again tasks that already have anchors' }) as Argv<AnchorArgs>,
  handler: async (args) => {
    const [{ loadTasks }, { prepareTask }, { perfectScore }, { executeBaselines }, { writeAnchors }] = await Promise.all([
      import('../../task/loader.js'),
      import('../../task/prepare.js'),
      import('../../verification/integrity.js'),
      import('../../smith/verify/execution.js'),
      import('../../task/anchors.js'),
    ]);
    const tasks = (await loadTasks(args.dir)).filter((t) => args.force || t.manifest.anchors.reference === null);
    const progress = startProgress('anchor', tasks.length, { quiet: args.json });
    const rows: { task: string; trivial: number | null; reference: number | null; optimum: number | null; by: string | null }[] = [];
    for (const task of tasks) {
      await prepareTask(task, { runtime: args.runtime });
      const optimum = await perfectScore(task);
      // One run directory per task under ARENA_HOME: an interrupted anchor run resumes.
      const runDir = path.join(arenaHome(), 'anchors', `${path.basename(path.dirname(task.paths.dir))}-${task.manifest.id}`);
      const result = await executeBaselines(task, optimum, { runDir, runtime: args.runtime });
      await writeAnchors(task, result.anchors);
      rows.push({ task: task.manifest.id, ...result.anchors, by: result.referenceAgent });
      progress.tick(`${task.manifest.id} trivial ${result.anchors.trivial?.toPrecision(4)} reference ${result.anchors.reference?.toPrecision(4)}`);
    }
    progress.stop();
    if (args.json) printJson({ tasks: rows });
    else process.stdout.write(formatTable(['task', 'trivial', 'reference', 'optimum', 'reference agent'], rows.map((r) => [r.task, r.trivial ?? '-', r.reference ?? '-', r.optimum ?? '-', r.by ?? '-'])) + '\n');
    process.exitCode = rows.every((r) => r.reference !== null) ? EXIT.ok : EXIT.failed;
  },
};

interface ImportArgs {
  from: ImportSource;
  dir: string;
  out: string;
  data?: string;
  json: boolean;
}

const importCmd: CommandModule<object, ImportArgs> = {
  command: 'import <dir>',
  describe: 'Import competitions laid out as in MLE-Dojo or MLE-bench into a suite of arena tasks',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'one competition directory, or a directory of them' })
      .option('from', { choices: ['mle-dojo', 'mle-bench'] as const, demandOption: true, describe: 'the layout of <dir>' })
      .option('out', { type: 'string', demandOption: true, describe: 'the suite directory to write (created or extended)' })
      .option('data', { type: 'string', describe: "where the source project prepared the competitions' data, when not inside <dir>" })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' }) as Argv<ImportArgs>,
  handler: async (args) => {
    const [{ importTasks }, { formatImportReport }] = await Promise.all([import('../../task/import/import.js'), import('../../task/import/report.js')]);
    const result = await importTasks(args.from, args.dir, args.out, { dataRoot: args.data });
    if (args.json) printJson(result);
    else {
      for (const t of result.imported) process.stdout.write(formatImportReport(t));
      for (const s of result.skipped) process.stdout.write(`skipped ${s.dir}: ${s.reason}\n`);
      process.stdout.write(`${result.imported.length} imported into ${result.suite}, ${result.skipped.length} skipped\n`);
    }
    process.exitCode = result.imported.length > 0 ? EXIT.ok : EXIT.failed;
  },
};

interface ExportArgs {
  to: 'mle-bench' | 'mle-dojo';
  dir: string;
  out: string;
  json: boolean;
}

const exportCmd: CommandModule<object, ExportArgs> = {
  command: 'export <dir>',
  describe: "Write a task or suite in MLE-bench's or MLE-Dojo's competition layout, so the peer's own harness can run it",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a task directory or a suite directory' })
      .option('to', { choices: ['mle-bench', 'mle-dojo'] as const, demandOption: true, describe: 'the layout to write' })
      .option('out', { type: 'string', demandOption: true, describe: 'the directory to write the competition folders into' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' }) as Argv<ExportArgs>,
  handler: async (args) => {
    const { exportTasks } = await import('../../task/export/export.js');
    const result = await exportTasks(args.to, args.dir, args.out);
    if (args.json) printJson(result);
    else {
      for (const t of result.exported) process.stdout.write(`exported ${t.id} -> ${t.dir}${t.notes.map((n) => `\n  note: ${n}`).join('')}\n`);
      for (const s of result.skipped) process.stdout.write(`skipped ${s.id}: ${s.reason}\n`);
      process.stdout.write(`${result.exported.length} exported to ${result.out} (${args.to} layout), ${result.skipped.length} skipped\n`);
    }
    process.exitCode = result.exported.length > 0 ? EXIT.ok : EXIT.failed;
  },
};

export const tasksCommand: CommandBody = {
  builder: (y) => y.command(validate).command(prepare).command(anchor).command(importCmd).command(exportCmd).demandCommand(1),
  handler: () => {},
};
