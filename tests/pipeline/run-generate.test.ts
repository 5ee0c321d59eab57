import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineProgress } from '../../harness/pipeline/progress.js';
import { runPipeline, type PipelineConfig } from '../../harness/pipeline/run-pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

describe('arena run generating its suite', () => {
  it('serves each task to the agents as soon as it is verified, reports on both, and resumes without redoing anything', async () => {
    const root = tempDir('arena-run-generate-');
    const config: PipelineConfig = {
      generated: { kind: 'generate', datasets: ['aer-swisslabor', 'anes96'], suiteDir: path.join(root, 'made'), roles: heuristicRoles, perDataset: 3, maxRetries: 2, concurrency: 1 },
      episodes: { agents: ['baseline:trivial', 'baseline:linear'], seeds: 1, concurrency: 1, runtime: 'local', stepTimeoutSec: 30 },
      runDir: path.join(root, 'run'),
      reportDir: path.join(root, 'report'),
      resamples: 200,
    };
    const seen: PipelineProgress[] = [];
    const summary = await runPipeline(config, (p) => seen.push(structuredClone(p)));
    const verified = summary.generation!.verified;
    expect(verified).toBeGreaterThanOrEqual(1);
    expect(summary.tasks).toEqual({ served: verified, human: 0 });
    expect(summary.episodes).toMatchObject({ total: 2 * verified, completed: 2 * verified, doneBefore: 0 });
    // An episode finished while candidates were still being verified: tasks were not held back for the whole suite.
    const overlap = seen.find((p) => p.episodes.done > 0 && p.generation && p.generation.candidates.done < p.generation.candidates.total);
    expect(overlap, JSON.stringify(seen.at(-1))).toBeDefined();
    expect(seen.at(-1)!.stage).toBe('done');
    const suite = JSON.parse(readFileSync(path.join(root, 'made', 'suite.json'), 'utf8'));
    expect(suite.tasks).toHaveLength(verified);
    expect(existsSync(summary.report)).toBe(true);

    // Again: the Smith state and the run store say everything is done.
    const again = await runPipeline(config);
    expect(again.generation!.verified).toBe(verified);
    expect(again.generation!.tasks.map((t) => t.id)).toEqual(summary.generation!.tasks.map((t) => t.id));
    expect(again.episodes).toMatchObject({ total: 2 * verified, completed: 2 * verified, doneBefore: 2 * verified });
  }, 900_000);
});
