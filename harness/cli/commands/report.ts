import { statSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { CollectedRuns } from '../../report/collect.js';
import type { Reference } from '../../report/reference.js';
import { matchesAny, parseGlobList } from '../../util/glob.js';
import { CliError, EXIT, printJson } from '../output.js';
import { startProgress } from '../progress.js';
import type { CommandBody } from '../command-registry.js';

interface ReportArgs {
  runs: string[];
  human?: string[];
  out: string;
  title?: string;
  tasks?: string[];
  agents?: string[];
  resamples: number;
  seed: number;
  json: boolean;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export const reportCommand: CommandBody<ReportArgs> = {
  builder: (y: Argv) =>
    y
      .positional('runs', { type: 'string', array: true, demandOption: true, describe: 'run directories written by `arena eval`' })
      .option('human', { type: 'string', array: true, describe: 'human-designed reference: run directories whose tasks count as the human set, or a CSV of published per-model figures (file.csv or file.csv:column)' })
      .option('out', { type: 'string', demandOption: true, describe: 'directory for report.html, figures/, data/ and summary.md' })
      .option('tasks', { type: 'string', array: true, describe: 'only episodes of tasks whose id matches one of these globs (comma-separated; * ? [...], as arena view)' })
      .option('agents', { type: 'string', array: true, describe: 'only episodes of agents whose id matches one of these globs' })
      .option('title', { type: 'string', describe: 'report title' })
      .option('resamples', { type: 'number', default: 1000, describe: 'bootstrap resamples for every interval' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the bootstrap' })
      .option('json', { type: 'boolean', default: false, describe: 'print the written files and headline numbers as JSON' })
      .check((a) => {
        if (!Number.isInteger(a.resamples) || a.resamples < 100) throw new Error('--resamples must be an integer of at least 100');
        return true;
      })
      .example('$0 report .arena/runs/demo-human .arena/runs/demo-smith --out reports/out/demo', '')
      .example('$0 report .arena/runs/mine --human reports/reference/mle-dojo-table2.csv:mle_lite_elo --out reports/out/mine', '') as Argv<ReportArgs>,
  handler: async (args) => {
    const [{ buildReportModel }, { collectRuns, RunReadError }, { readReference, ReferenceError }, { writeReport }] = await Promise.all([
      import('../../report/build-model.js'),
      import('../../report/collect.js'),
      import('../../report/reference.js'),
      import('../../report/write.js'),
    ]);
    const humanRuns = (args.human ?? []).filter(isDirectory);
    const references = (args.human ?? []).filter((h) => !isDirectory(h));
    if (references.length > 1) throw new CliError('--human: give at most one reference CSV', EXIT.usage);
    const progress = startProgress('report', 3, { quiet: args.json });
    let collected: CollectedRuns;
    let reference: Reference | undefined;
    try {
      collected = await collectRuns([...args.runs, ...humanRuns]);
      // Runs named by --human are the human-designed set, whatever their suites' own origin.
      const human = new Set(humanRuns.map((d) => path.basename(path.resolve(d))));
      for (const e of collected.episodes) if (human.has(e.runId)) e.suiteOrigin = 'human';
      const taskGlobs = parseGlobList(args.tasks);
      const agentGlobs = parseGlobList(args.agents);
      collected = { ...collected, episodes: collected.episodes.filter((e) => matchesAny(e.task.id, taskGlobs) && matchesAny(e.agentId, agentGlobs)) };
      if (references[0]) reference = await readReference(references[0]);
    } catch (err) {
      if (err instanceof RunReadError || err instanceof ReferenceError) throw new CliError(err.message, EXIT.failed);
      throw err;
    }
    if (collected.episodes.length === 0) throw new CliError(`no episodes in ${args.runs.join(', ')}${args.tasks || args.agents ? ' match --tasks/--agents' : ''}`, EXIT.failed);
    progress.tick(`read ${collected.episodes.length} episodes from ${collected.runs.length} runs`);
    const model = await buildReportModel(collected, { title: args.title, reference, resamples: args.resamples, seed: args.seed });
    progress.tick('statistics');
    const files = await writeReport(model, args.out);
    progress.tick(`wrote ${files.length} files`);
    progress.stop();
    const html = files.find((f) => f.endsWith('report.html'))!;
    if (args.json) printJson({ report: html, files, leaderboard: model.leaderboard, correlations: model.correlations, labels: model.labels });
    else {
      process.stdout.write(`report: ${html}\n`);
      for (const row of model.leaderboard) {
        const elo = row.elo ? `Elo ${row.elo.value.toFixed(0)} [${row.elo.lo.toFixed(0)}, ${row.elo.hi.toFixed(0)}]` : 'Elo -';
        process.stdout.write(`  ${row.agent.padEnd(24)} normalized ${row.normalized.value.toFixed(3)} [${row.normalized.lo.toFixed(3)}, ${row.normalized.hi.toFixed(3)}]  ${elo}\n`);
      }
      for (const c of model.correlations ?? []) {
        process.stdout.write(`  ${c.x} vs ${c.y} (${c.measure}): r ${c.pearson.value.toFixed(3)}, ρ ${c.spearman.value.toFixed(3)}, τ ${c.kendall.value.toFixed(3)} over ${c.points.length} agents\n`);
      }
      for (const label of model.labels ?? []) process.stdout.write(`  note: ${label}\n`);
    }
  },
};
