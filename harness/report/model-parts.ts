import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSuite } from '../task/loader.js';
import type { TaskManifest } from '../task/schema.js';
import type { CollectedRuns } from './collect.js';
import type { CompositionRow } from './model.js';

/** Tasks by modality, objective, domain and metric for each suite (the whole suite when its suite.json is there). */
export async function compositionRows(collected: CollectedRuns): Promise<CompositionRow[]> {
  const rows: CompositionRow[] = [];
  for (const [name, suite] of collected.suites) {
    const manifests: TaskManifest[] = existsSync(path.join(suite.dir, 'suite.json')) ? (await loadSuite(suite.dir)).tasks.map((t) => t.manifest) : [...suite.tasks.values()];
    const dimensions = { modality: (m: TaskManifest) => m.modality, objective: (m: TaskManifest) => m.objective, domain: (m: TaskManifest) => m.domain, metric: (m: TaskManifest) => m.metric.name };
    for (const [dimension, of] of Object.entries(dimensions) as [CompositionRow['dimension'], (m: TaskManifest) => string][]) {
      const counts = new Map<string, number>();
      for (const m of manifests) counts.set(of(m), (counts.get(of(m)) ?? 0) + 1);
      for (const [value, count] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) rows.push({ suite: name, dimension, value, count });
    }
  }
  return rows;
}

/**
 * Whether anything called a real model, said plainly: offline agents and heuristic roles are
 * labelled as such. An agent called a model when its episodes recorded the tokens of model calls
 * (replies from the cache included), whatever kind of agent it is.
 */
export function offlineLabels(collected: CollectedRuns, notes: string[]): { offline: boolean; labels: string[] } {
  const agents = [...new Set(collected.episodes.map((e) => e.agentId))];
  const offlineAgents = collected.episodes.every((e) => e.row.input_tokens + e.row.output_tokens === 0);
  const roles = new Set<string>();
  for (const suite of collected.suites.values()) {
    if (suite.origin !== 'smith') continue;
    for (const task of suite.tasks.values()) for (const role of Object.values(task.provenance.roles)) roles.add(role.by);
  }
  const heuristicOnly = [...roles].every((r) => r === 'heuristic');
  const labels = [
    offlineAgents ? 'offline agents, no model called — offline default' : `agents: ${agents.join(', ')}`,
    ...(roles.size ? [heuristicOnly ? 'generated tasks: heuristic Smith roles — offline default' : `generated tasks: roles played by ${[...roles].join(', ')}`] : []),
    ...notes,
  ];
  return { offline: offlineAgents && heuristicOnly, labels };
}
