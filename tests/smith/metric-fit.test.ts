import { describe, expect, it } from 'vitest';
import { METRICS, metricDefinition, metricDescription } from '../../harness/grading/metrics/catalog.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { targetKind } from '../../harness/smith/targets.js';
import { realProfiles } from './real-profiles.js';

// Metrics that fit the target as its documentation and values show it (the fourth reading of
// smith-v2 found Tweedie on counts, quadratic weighted kappa on goals, RMSLE on costs below 1, and
// an unresolved "p = params.power" in a description).
const profile = realProfiles(['aer-affairs', 'affairs', 'football', 'aer-creditcard', 'aer-doctorvisits', 'glmmtmb-salamanders', 'aer-electricity1955', 'aer-electricity1970', 'anes96'] as const);

const proposalFor = (dataset: Parameters<typeof profile>[0], target: string) => {
  const found = brainstormHeuristic(profile(dataset), 8).proposals.find((p) => p.target === target);
  if (!found) throw new Error(`${dataset}: no proposal for ${target}`);
  return found;
};

describe('counts are scored as counts', () => {
  it.each([
    ['aer-creditcard', 'reports'],
    ['aer-doctorvisits', 'visits'],
    ['glmmtmb-salamanders', 'count'],
  ] as const)('%s %s (whole numbers, mostly zero) by the Poisson deviance, not the Tweedie deviance of amounts', (dataset, target) => {
    expect(proposalFor(dataset, target).metric.name).toBe('poisson_deviance');
  });

  it("Fair's continuous affairs measure (mostly zero, not whole numbers) keeps the Tweedie deviance", () => {
    const stats = profile('affairs').columns.find((c) => c.name === 'affairs')!;
    expect(stats.type).toBe('number');
    expect(proposalFor('affairs', 'affairs').metric.name).toBe('tweedie_deviance');
  });

  it("football's home and away scores count goals (0-based, variance near the mean): Poisson deviance, not kappa over levels", () => {
    const home = proposalFor('football', 'home_score');
    expect(home.objective).not.toBe('ordinal');
    expect(home.metric.name).toBe('poisson_deviance');
    expect(proposalFor('football', 'away_score').metric.name).toBe('poisson_deviance');
  });

  it('party identification, coded 0 = Strong Democrat to 6 = Strong Republican, is levels, never a count', () => {
    const p = profile('anes96');
    const stats = p.columns.find((c) => c.name === 'PID')!;
    expect(targetKind(stats, p.rows, p.card.columns.find((c) => c.name === 'PID'))).not.toBe('count');
    expect(proposalFor('anes96', 'PID').metric.name).toBe('quadratic_weighted_kappa');
  });
});

describe('coded bins are ordinal', () => {
  it('AER Affairs codes 0, 1, 2, 3, 7, 12 (none … monthly) as ordered bins, and still asks whether there was any affair', () => {
    const affairs = proposalFor('aer-affairs', 'affairs');
    expect(affairs.objective).toBe('ordinal');
    expect(affairs.metric.name).toBe('quadratic_weighted_kappa');
    expect(proposalFor('aer-affairs', 'any_affairs').metric.name).toMatch(/roc_auc|average_precision/);
  });
});

describe("RMSLE only where log(1 + y) is a log", () => {
  it('electricity costs of 1955 (5% under 0.53 million dollars) are scored by the gamma deviance; those of 1970 (5% quantile 1.09) keep RMSLE', () => {
    const cost1955 = profile('aer-electricity1955').columns.find((c) => c.name === 'cost')!;
    expect(cost1955.q05!).toBeLessThan(1);
    expect(proposalFor('aer-electricity1955', 'cost').metric.name).toBe('gamma_deviance');
    const cost1970 = profile('aer-electricity1970').columns.find((c) => c.name === 'cost')!;
    expect(cost1970.q05!).toBeGreaterThanOrEqual(1);
    expect(proposalFor('aer-electricity1970', 'cost').metric.name).toBe('rmsle');
  });
});

describe('metric descriptions carry their parameters', () => {
  it("Tweedie's power is written out, from the task's params or the default", () => {
    const tweedie = metricDefinition('tweedie_deviance');
    expect(metricDescription(tweedie)).toContain('p = 1.5 ');
    expect(metricDescription(tweedie, { power: 1.2 })).toContain('p = 1.2 ');
    for (const definition of METRICS.values()) expect(metricDescription(definition), definition.name).not.toMatch(/\{\w+\}|params\.\w+ \(/);
  });

  it("a generated Tweedie task's description states p = 1.5, and no generated description quotes another domain's examples", () => {
    const p = profile('affairs');
    const proposal = proposalFor('affairs', 'affairs');
    const text = designHeuristic(p, proposal, {}).description;
    expect(text).toContain('p = 1.5');
    expect(text).not.toMatch(/rainfall|insurance claims|claim sizes/);
  });
});
