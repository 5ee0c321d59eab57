import { describe, expect, it } from 'vitest';
import type { CollectedRuns } from '../../harness/report/collect.js';
import { offlineLabels } from '../../harness/report/model-parts.js';

/** Runs of these agents, each episode with the tokens its model calls recorded. */
function runs(episodes: [agent: string, tokens: number][]): CollectedRuns {
  return { episodes: episodes.map(([agentId, tokens]) => ({ agentId, row: { input_tokens: tokens, output_tokens: 0 } })), suites: new Map() } as unknown as CollectedRuns;
}

describe('the offline label', () => {
  it('goes by whether a model was called, not by the agent id: an agent kind of any name is offline when it called none', () => {
    expect(offlineLabels(runs([['scripted:copy', 0], ['baseline:gbm', 0]]), [])).toEqual({ offline: true, labels: ['offline agents, no model called — offline default'] });
  });

  it('names the agents when one of them called a model, even one whose id looks offline', () => {
    expect(offlineLabels(runs([['baseline:gbm', 0], ['acme:small-1', 120]]), ['a note'])).toEqual({ offline: false, labels: ['agents: baseline:gbm, acme:small-1', 'a note'] });
    expect(offlineLabels(runs([['replay:/runs/llm.jsonl', 0], ['baseline:model-backed', 5]]), []).offline).toBe(false);
  });
});
