import path from 'node:path';
import { sampleTasks } from '../arena/task-sample.js';
import type { BackendName, EnforcementName } from '../sandbox/types.js';
import { generate, type GenerateProgress } from '../smith/pipeline.js';
import type { Roles } from '../smith/roles/roles.js';
import type { GenerateSummary } from '../smith/summary.js';
import { loadSuite } from '../task/loader.js';

/** A task ready for the agents: its suite's name (as the run store keys episodes) and its directory. */
export interface ServedTask {
  suite: string;
  dir: string;
}

/** Where the generated suite comes from: made now by the Smith pipeline, or an existing suite (sampled). */
export type GeneratedSource =
  | { kind: 'generate'; datasets: string[]; suiteDir: string; roles: Roles; perDataset: number; maxRetries: number; concurrency: number }
  | { kind: 'suite'; suiteDir: string; sample?: number };

export interface SourceContext {
  runtime: BackendName;
  allowUnenforced?: EnforcementName[];
  /** Each task, as soon as it is ready to be served. */
  serve: (task: ServedTask) => void;
  onGenerateProgress: (p: GenerateProgress) => void;
}

/** A source at work: `ready` once it has served every task it can without new work (an existing suite: all). */
export interface RunningSource {
  ready: Promise<void>;
  done: Promise<GenerateSummary | undefined>;
}

type SourceRunner<K extends GeneratedSource['kind']> = (source: Extract<GeneratedSource, { kind: K }>, ctx: SourceContext) => RunningSource;

/** Serves the tasks of a suite directory, at most `sample` of them stratified by modality and objective. */
export async function serveSuite(dir: string, sample: number | undefined, serve: (task: ServedTask) => void): Promise<number> {
  const suite = await loadSuite(dir);
  const tasks = sample ? sampleTasks(suite.tasks, sample) : suite.tasks;
  for (const task of tasks) serve({ suite: suite.manifest.name, dir: task.paths.dir });
  return tasks.length;
}

/** One runner per kind of source: a new kind is one more entry. */
const SOURCES: { [K in GeneratedSource['kind']]: SourceRunner<K> } = {
  generate: (source, ctx) => ({
    ready: Promise.resolve(),
    done: generate(
      {
        datasets: source.datasets,
        outDir: source.suiteDir,
        roles: source.roles,
        perDataset: source.perDataset,
        concurrency: source.concurrency,
        runtime: ctx.runtime,
        allowUnenforced: ctx.allowUnenforced,
        maxRetries: source.maxRetries,
        onVerified: (task) => ctx.serve({ suite: task.suite, dir: path.resolve(task.dir) }),
      },
      ctx.onGenerateProgress,
    ),
  }),
  suite: (source, ctx) => {
    const ready = serveSuite(source.suiteDir, source.sample, ctx.serve).then(() => {});
    return { ready, done: ready.then(() => undefined) };
  },
};

/** Starts the source; `done` resolves when its last task is served, with the Smith summary when it generated. */
export function runSource(source: GeneratedSource, ctx: SourceContext): RunningSource {
  return (SOURCES[source.kind] as SourceRunner<GeneratedSource['kind']>)(source, ctx);
}
