import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRow } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { transcriptFile } from '../../harness/arena/transcript.js';
import type { Task } from '../../harness/task/loader.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

// Abilities are graded: on tables where the families differ (spam features, house prices), the
// mean normalized score orders trivial < naive Bayes, k-NN < forest, gbm. Skills differ: on raw
// e-mails only an agent that reads text learns anything.
const GRADED = ['baseline:trivial', 'baseline:naive-bayes', 'baseline:knn', 'baseline:forest', 'baseline:gbm'];
const TEXT_READERS = ['baseline:naive-bayes'];
const NO_TEXT = ['baseline:knn', 'baseline:linear-numeric'];

let tasks: Map<string, Task>;
let tabular: EpisodeRow[] = [];
let text: EpisodeRow[] = [];
let textRun = '';

const options = { seeds: 1, concurrency: 2, runtime: 'local' as const, stepTimeoutSec: 60 };

beforeAll(async () => {
  const suite = await preparedSuite(['spambase-spam-detection', 'boston-house-prices', 'spam-assassin-email'], 'grades-suite');
  tasks = new Map(suite.tasks.map((t) => [t.manifest.id, t]));
  const only = (...ids: string[]) => ids.map((id) => ({ suite: 'grades-suite', dir: tasks.get(id)!.paths.dir }));
  tabular = (await runEval({ ...options, suites: [], tasks: only('spambase-spam-detection', 'boston-house-prices'), agents: GRADED, outDir: path.join(tempDir('grades-run-'), 'run') })).episodes;
  textRun = path.join(tempDir('grades-text-'), 'run');
  text = (await runEval({ ...options, suites: [], tasks: only('spam-assassin-email'), agents: [...TEXT_READERS, ...NO_TEXT], outDir: textRun })).episodes;
}, 1_200_000);

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

  it('on raw e-mails only the agent that reads text learns; the others stay at the trivial anchor', () => {
    for (const e of text) expect(e.valid, `${e.id}: ${e.error}`).toBe(1);
    for (const agent of TEXT_READERS) expect(meanOf(text, agent), agent).toBeGreaterThan(0.8);
    for (const agent of NO_TEXT) {
      expect(meanOf(text, agent), agent).toBeLessThan(0.05);
      const e = text.find((x) => x.agent_id === agent)!;
      const steps = readFileSync(transcriptFile(textRun, e.id), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.kind === 'step' && r.action === 'execute_code');
      expect(steps[0].stdout, agent).toMatch(/unused text: text/);
    }
  });
});
