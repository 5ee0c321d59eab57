import path from 'node:path';
import { runEval, type EvalConfig } from '../arena/runner.js';
import type { EpisodeRow } from '../arena/run-store.js';
import { buildReportModel } from '../report/build-model.js';
import { collectRuns } from '../report/collect.js';
import type { ReportModel } from '../report/model.js';
import { validateModel, writeReport } from '../report/write.js';
import type { GenerateSummary } from '../smith/summary.js';
import { BatchQueue } from './batch-queue.js';
import { ProgressTracker, type PipelineProgress } from './progress.js';
import { runSource, serveSuite, type GeneratedSource, type ServedTask } from './task-source.js';

/** What every episode of the run shares: the agents and how they play (as `arena eval` takes them). */
export type EpisodeSettings = Omit<EvalConfig, 'suites' | 'tasks' | 'samplePerSuite' | 'outDir'>;

export interface PipelineConfig {
  generated: GeneratedSource;
  /** The human-designed reference suite, evaluated alongside. */
  humanSuite?: string;
  episodes: EpisodeSettings;
  /** The run store of every episode (run.sqlite), resumed when it exists. */
  runDir: string;
  reportDir: string;
  title?: string;
  resamples?: number;
  seed?: number;
}

export interface PipelineSummary {
  runDir: string;
  reportDir: string;
  report: string;
  /** The Smith pipeline's summary when the generated suite was made by this run. */
  generation?: GenerateSummary;
  tasks: { served: number; human: number };
  episodes: { total: number; completed: number; agentFailed: number; infraError: number; doneBefore: number };
  leaderboard: ReportModel['leaderboard'];
  correlations: ReportModel['correlations'];
}

/**
 * `arena run`: generation and evaluation at once. Each task is served to the agents as soon as it
 * is verified (the human reference suite from the start), in batches of whatever is waiting; then
 * the report. Both stages resume from their own records (the Smith state, the run store), so after
 * a kill at any point the same call finishes the work without redoing what was done.
 */
export async function runPipeline(config: PipelineConfig, onProgress: (p: PipelineProgress) => void = () => {}): Promise<PipelineSummary> {
  const runDir = path.resolve(config.runDir);
  const { agents, seeds } = config.episodes;
  const tracker = new ProgressTracker(agents.length * seeds, onProgress);
  const queue = new BatchQueue<ServedTask>();
  const served = new Set<string>();
  const serve = (task: ServedTask) => {
    // A task served twice (e.g. a suite that is also the human one) is played once.
    if (served.has(task.dir)) return;
    served.add(task.dir);
    queue.push(task);
    tracker.served();
  };
  const human = config.humanSuite ? await serveSuite(config.humanSuite, undefined, serve) : 0;
  if (config.generated.kind === 'generate') tracker.stage('generate');
  const source = runSource(config.generated, {
    runtime: config.episodes.runtime,
    allowUnenforced: config.episodes.allowUnenforced,
    serve,
    onGenerateProgress: (p) => tracker.generation(p),
  });
  const generation = source.done.finally(() => queue.close());

  const episodes = new Map<string, EpisodeRow>();
  let doneBefore = 0;
  const evaluation = (async () => {
    // What can be served at once goes in the first batch, so no core waits on one batch's last episode needlessly.
    await source.ready.catch(() => {});
    for (let batch = await queue.next(); batch; batch = await queue.next()) {
      const result = await runEval({ ...config.episodes, suites: [], tasks: batch, outDir: runDir }, (p) => tracker.evalBatch(p));
      tracker.endBatch();
      doneBefore += result.skipped;
      for (const e of result.episodes) episodes.set(e.id, e);
    }
  })();
  // Both run to the end even if one fails, so neither is cut off mid-write; the first error wins.
  const [generated, evaluated] = await Promise.allSettled([generation, evaluation]);
  if (generated.status === 'rejected') throw generated.reason;
  if (evaluated.status === 'rejected') throw evaluated.reason;

  if (served.size === 0) throw new Error(`no task to serve: ${config.generated.kind === 'generate' ? 'generation verified none' : `${config.generated.suiteDir} lists none`}${config.humanSuite ? '' : ' and no human suite was given'}`);
  tracker.stage('report', 'statistics and figures');
  const collected = await collectRuns([runDir]);
  const model = validateModel(await buildReportModel(collected, { title: config.title, resamples: config.resamples, seed: config.seed }));
  const files = await writeReport(model, config.reportDir);
  tracker.stage('done', `report: ${path.resolve(config.reportDir, 'report.html')}`);
  const rows = [...episodes.values()];
  const count = (status: EpisodeRow['status']) => rows.filter((e) => e.status === status).length;
  return {
    runDir,
    reportDir: path.resolve(config.reportDir),
    report: files.find((f) => f.endsWith('report.html'))!,
    generation: generated.value,
    tasks: { served: served.size, human },
    episodes: { total: rows.length, completed: count('completed'), agentFailed: count('agent_failed'), infraError: count('infra_error'), doneBefore },
    leaderboard: model.leaderboard,
    correlations: model.correlations,
  };
}
