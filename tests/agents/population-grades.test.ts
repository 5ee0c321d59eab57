import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRow } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { transcriptFile } from '../../harness/arena/transcript.js';
import type { Task } from '../../harness/task/loader.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { scratchDirs } from './scratch-dirs.js';

// Abilities are graded: on tables where the families differ (spam features, house prices), the
// mean normalized score orders trivial < naive Bayes, k-NN < forest, gbm. Skills differ: on raw
// e-mails only an agent that reads text learns anything, on digit images only one that reads pixels.
const GRADED = ['baseline:trivial', 'baseline:naive-bayes', 'baseline:knn', 'baseline:forest', 'baseline:gbm'];
const SKILLED = [
  { task: 'spam-assassin-email', column: 'text', readers: ['baseline:naive-bayes'], others: ['baseline:knn', 'baseline:linear-numeric'] },
  { task: 'digits-recognition', column: 'image', readers: ['baseline:knn'], others: ['baseline:tree', 'baseline:linear-numeric'] },
];

let tasks: Map<string, Task>;
let tabular: EpisodeRow[] = [];
const skilled = new Map<string, { runDir: string; episodes: EpisodeRow[] }>();
const scratch = scratchDirs();

const options = { seeds: 1, concurrency: 2, runtime: 'local' as const, stepTimeoutSec: 60 };

beforeAll(async () => {
  const suite = await preparedSuite(['spambase-spam-detection', 'boston-house-prices', ...SKILLED.map((s) => s.task)], 'grades-suite');
  scratch.keep(path.dirname(suite.dir));
  tasks = new Map(suite.tasks.map((t) => [t.manifest.id, t]));
  const only = (...ids: string[]) => ids.map((id) => ({ suite: 'grades-suite', dir: tasks.get(id)!.paths.dir }));
  tabular = (await runEval({ ...options, suites: [], tasks: only('spambase-spam-detection', 'boston-house-prices'), agents: GRADED, outDir: path.join(scratch.make('grades-run-'), 'run') })).episodes;
  for (const { task, readers, others } of SKILLED) {
    const runDir = path.join(scratch.make('grades-skills-'), 'run');
    skilled.set(task, { runDir, episodes: (await runEval({ ...options, suites: [], tasks: only(task), agents: [...readers, ...others], outDir: runDir })).episodes });
  }
}, 1_200_000);

afterAll(() => scratch.removeAll());

/** The design's normalized score: trivial anchor 0, reference anchor 1, clipped below at 0; no score is 0. */
function normalized(e: EpisodeRow): number {
  const { trivial, reference } = tasks.get(e.task_id)!.manifest.anchors;
  return e.score === null ? 0 : Math.max(0, (e.score - trivial!) / (reference! - trivial!));
}

const meanOf = (episodes: EpisodeRow[], agent: string) => {
  const mine = episodes.filter((e) => e.agent_id === agent);
  return mine.reduce((sum, e) => sum + normalized(e), 0) / mine.length;
};

describe('graded abilities', () => {
  it('trivial < naive Bayes, k-NN < forest, gbm in mean normalized score on spambase and boston', () => {
    expect(tabular).toHaveLength(GRADED.length * 2);
    for (const e of tabular) expect(e.valid, `${e.id}: ${e.error}`).toBe(1);
    const mean = Object.fromEntries(GRADED.map((a) => [a, meanOf(tabular, a)]));
    const text = JSON.stringify(mean);
    const weak = Math.max(mean['baseline:naive-bayes']!, mean['baseline:knn']!);
    expect(Math.min(mean['baseline:naive-bayes']!, mean['baseline:knn']!), text).toBeGreaterThan(mean['baseline:trivial']!);
    expect(Math.min(mean['baseline:forest']!, mean['baseline:gbm']!), text).toBeGreaterThan(weak);
  });

  it.each(SKILLED)('on $task only the agents that read the $column column learn; the others stay at the trivial anchor', ({ task, column, readers, others }) => {
    const { runDir, episodes } = skilled.get(task)!;
    for (const e of episodes) expect(e.valid, `${e.id}: ${e.error}`).toBe(1);
    for (const agent of readers) expect(meanOf(episodes, agent), agent).toBeGreaterThan(0.8);
    for (const agent of others) {
      expect(meanOf(episodes, agent), agent).toBeLessThan(0.05);
      const e = episodes.find((x) => x.agent_id === agent)!;
      const steps = readFileSync(transcriptFile(runDir, e.id), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.kind === 'step' && r.action === 'execute_code');
      expect(steps[0].stdout, agent).toContain(`unused ${column}: `);
    }
  });
});
