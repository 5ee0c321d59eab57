import type { TaskResult } from '../stats/index.js';
import type { AgentProfile, ProfileCell } from './model-agreement.js';

/** How far above or below the population mean (normalized score) a category must be to count as a strength or weakness. */
export const PROFILE_MARGIN = 0.1;
/** Strengths and weaknesses named per agent, at most. */
const NAMED = 3;

const KINDS = ['modality', 'objective'] as const;

/**
 * Where each agent is strong or weak: per modality and per objective, its mean normalized score
 * over the category's tasks against the mean of every agent's mean there (so a category that is
 * hard for everyone is nobody's weakness).
 */
export function agentProfiles(tasks: readonly TaskResult[]): AgentProfile[] {
  const agents = [...new Set(tasks.flatMap((t) => t.agents.map((a) => a.agentId)))].sort();
  // kind → value → agent → normalized scores
  const scores = new Map<string, Map<string, number[]>>();
  for (const t of tasks) {
    for (const kind of KINDS) {
      const key = `${kind}\u0000${t.category?.[kind] ?? 'unknown'}`;
      const byAgent = scores.get(key) ?? new Map<string, number[]>();
      scores.set(key, byAgent);
      for (const a of t.agents) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a.normalized]);
    }
  }
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const cells = new Map<string, ProfileCell[]>(agents.map((a) => [a, []]));
  for (const [key, byAgent] of [...scores].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, value] = key.split('\u0000') as [(typeof KINDS)[number], string];
    const means = new Map([...byAgent].map(([agent, v]) => [agent, mean(v)]));
    const population = mean([...means.values()]);
    for (const [agent, m] of means) cells.get(agent)!.push({ kind, value, tasks: byAgent.get(agent)!.length, mean: m, population });
  }
  return agents.map((agent) => {
    const own = cells.get(agent)!;
    const named = (sign: 1 | -1) =>
      own
        .filter((c) => sign * (c.mean - c.population) > PROFILE_MARGIN)
        .sort((a, b) => sign * (b.mean - b.population) - sign * (a.mean - a.population))
        .slice(0, NAMED)
        .map((c) => `${c.kind}: ${c.value}`);
    return { agent, cells: own, strong: named(1), weak: named(-1) };
  });
}
