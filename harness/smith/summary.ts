import type { Stage } from './candidate-outcome.js';
import type { GenerationState } from './state.js';

export interface GenerateSummary {
  outDir: string;
  datasets: {
    /** Datasets this suite was ever generated from: this run's and every earlier run's. */
    requested: number;
    profiled: number;
    failed: { dataset: string; error: string }[];
    contributing: number;
    /** Datasets the Brainstormer found no task in, with its reasons. */
    barren: { dataset: string; reasons: string[] }[];
  };
  proposed: number;
  collapsed: number;
  designed: number;
  passed: Record<Stage, number>;
  verified: number;
  rejected: number;
  /** Why candidates were rejected: check id → count, with one example message. */
  rejections: { check: string; count: number; example: string }[];
  /** Verified tasks by modality, objective, domain and metric. */
  composition: Record<'modality' | 'objective' | 'domain' | 'metric', Record<string, number>>;
  tasks: { id: string; dataset: string; verdict: string; reason?: string }[];
  /** Seconds per stage, summed over candidates (they overlap when candidates run concurrently). */
  seconds: Record<string, number>;
}

type StateView = Pick<GenerationState, 'candidates' | 'datasets'>;

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export function summarize(outDir: string, requested: string[], state: StateView): GenerateSummary {
  const candidates = Object.values(state.candidates);
  const verified = candidates.filter((c) => c.verdict === 'verified');
  const rejected = candidates.filter((c) => c.verdict === 'rejected');
  const reasons = new Map<string, { count: number; example: string }>();
  for (const c of rejected) {
    for (const r of c.reasons) {
      const entry = reasons.get(r.check) ?? { count: 0, example: `${c.id}: ${r.message}` };
      entry.count++;
      reasons.set(r.check, entry);
    }
  }
  const datasets = Object.entries(state.datasets);
  const stages: Stage[] = ['design', 'assertions', 'reviews', 'execution'];
  return {
    outDir,
    datasets: {
      // The suite's whole generation: a run over some datasets resumes one that covered more.
      requested: new Set([...requested, ...Object.keys(state.datasets)]).size,
      profiled: datasets.filter(([, d]) => !d.error).length,
      failed: datasets.filter(([, d]) => d.error).map(([dataset, d]) => ({ dataset, error: d.error! })),
      contributing: new Set(verified.map((c) => c.dataset)).size,
      barren: datasets
        .filter(([, d]) => !d.error && d.proposed === 0)
        .map(([dataset, d]) => ({ dataset, reasons: d.rejected.map((r) => (r.target ? `${r.target}: ${r.reason}` : r.reason)) })),
    },
    proposed: datasets.reduce((n, [, d]) => n + d.proposed, 0),
    collapsed: datasets.reduce((n, [, d]) => n + d.collapsed.length, 0),
    designed: candidates.length,
    passed: Object.fromEntries(stages.map((s) => [s, candidates.filter((c) => c.passed.includes(s)).length])) as Record<Stage, number>,
    verified: verified.length,
    rejected: rejected.length,
    rejections: [...reasons.entries()].map(([check, v]) => ({ check, ...v })).sort((a, b) => b.count - a.count),
    composition: {
      modality: countBy(verified, (c) => c.modality),
      objective: countBy(verified, (c) => c.objective),
      domain: countBy(verified, (c) => c.domain),
      metric: countBy(verified, (c) => c.metric),
    },
    seconds: candidates.reduce<Record<string, number>>(
      (acc, c) => {
        for (const [stage, s] of Object.entries(c.seconds ?? {})) acc[stage] = (acc[stage] ?? 0) + s;
        return acc;
      },
      { profile: datasets.reduce((n, [, d]) => n + (d.seconds ?? 0), 0) },
    ),
    tasks: candidates
      .map((c) => ({ id: c.id, dataset: c.dataset, verdict: c.verdict, reason: c.reasons[0] ? `${c.reasons[0].check}: ${c.reasons[0].message}` : undefined }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}
