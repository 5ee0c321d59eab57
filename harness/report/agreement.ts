import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { COEFFICIENTS, paperCorrelations, suiteCorrelation, tasksNeeded, type Coefficient, type CoefficientName, type PairOutcome, type SuiteCorrelation, type TasksNeeded } from '../stats/index.js';
import { REPO_ROOT } from '../util/paths.js';
import type { AgreementCoefficient, PaperComparison, SuiteAgreement } from './model-agreement.js';
import type { Correlation } from './model.js';

export const COEFFICIENT_LABEL: Record<CoefficientName, string> = { pearson: 'Pearson r', spearman: 'Spearman ρ', kendall: 'Kendall τ-b', ccc: "Lin's CCC" };

/** The paper's Elo table (per-model Elo on its human-designed and generated sets). */
export const PAPER_TABLE = path.join(REPO_ROOT, 'reports', 'reference', 'mle-smith-elo.csv');

export interface AgreementOptions {
  resamples?: number;
  seed?: number;
}

function coefficientPart(name: CoefficientName, c: Coefficient): AgreementCoefficient {
  const label = COEFFICIENT_LABEL[name];
  if (!c.defined) return { name, label, value: null, reason: c.reason, p: null, lo: null, hi: null, undefinedResamples: c.undefinedResamples };
  return { name, label, value: c.statistic, p: c.pValue, pMethod: c.pValueMethod, lo: c.interval?.lo ?? null, hi: c.interval?.hi ?? null, undefinedResamples: c.undefinedResamples };
}

const f2 = (v: number) => v.toFixed(2);

/** "How sure are we": the agreement, whether its interval excludes chance, how settled the ranks are, and what more tasks would buy. */
export function howSure(s: SuiteCorrelation, needed: TasksNeeded, x: string, y: string): string {
  const k = s.agents.length;
  const pct = `${Math.round(s.level * 100)}%`;
  const out: string[] = [];
  const tau = s.kendall;
  if (!tau.defined || !tau.interval) return `Kendall τ-b between the ${x} and ${y} ratings is not defined here${tau.defined ? '' : ` (${tau.reason})`}, so these runs cannot say whether the sets rank agents alike.`;
  out.push(
    `${k} agents were rated on ${s.x.tasks} ${x} and ${s.y.tasks} ${y} tasks. Kendall τ-b between their Elo on the two sets is ${f2(tau.statistic)}, ` +
      `and redrawing each set's tasks (${s.resamples} resamples, ratings refitted each time) puts it in [${f2(tau.interval.lo)}, ${f2(tau.interval.hi)}] (${pct}).`,
  );
  if (tau.interval.lo > 0) out.push(`The interval excludes 0: had other tasks of the same kinds been drawn, the two sets would still order these agents alike more than unrelated orderings would.`);
  else out.push(`The interval reaches 0 or below: with these tasks, agreement between the sets cannot be told from none.`);
  const others: string[] = [];
  for (const c of COEFFICIENTS) {
    const v = s[c];
    if (c !== 'kendall' && v.defined && v.interval) others.push(`${COEFFICIENT_LABEL[c]} ${f2(v.statistic)} [${f2(v.interval.lo)}, ${f2(v.interval.hi)}]`);
  }
  if (others.length) out.push(`The other coefficients: ${others.join('; ')}.`);
  const width = (i: { lo: number; hi: number }) => i.hi - i.lo;
  const settled = s.agents.filter((_, i) => width(s.x.rankInterval[i]!) <= 2 && width(s.y.rankInterval[i]!) <= 2).length;
  out.push(`${settled} of ${k} agents have a rank interval of at most two places on both sets; the others trade places from one draw of tasks to the next, which is what limits τ-b's interval.`);
  out.push(needed.method);
  return out.join(' ');
}

/** The task-bootstrap agreement between two sets' ratings, null with fewer than 2 agents on both. */
export function suiteAgreement(xPairs: readonly PairOutcome[], yPairs: readonly PairOutcome[], names: { x: string; y: string }, options: AgreementOptions = {}): SuiteAgreement | null {
  const boot = { resamples: options.resamples ?? 1000, seed: options.seed ?? 0 };
  const s = suiteCorrelation(xPairs, yPairs, boot);
  if (s.agents.length < 2) return null;
  const needed = tasksNeeded(xPairs, yPairs, boot);
  const side = (v: SuiteCorrelation['x'], i: number) => ({ elo: v.elo[i]!, rank: v.rank[i]!, rankLo: v.rankInterval[i]!.lo, rankHi: v.rankInterval[i]!.hi });
  return {
    x: names.x,
    y: names.y,
    tasks: [s.x.tasks, s.y.tasks],
    resamples: s.resamples,
    level: s.level,
    agents: s.agents.map((agent, i) => ({ agent, x: side(s.x, i), y: side(s.y, i) })),
    coefficients: COEFFICIENTS.map((c) => coefficientPart(c, s[c])),
    tasksNeeded: { target: needed.target, observedHalfWidth: needed.observed.halfWidth, tasks: needed.tasks, perSuite: needed.perSuite, curve: needed.curve, method: needed.method },
    sure: howSure(s, needed, names.x, names.y),
  };
}

/** The MLE-Smith paper's correlation table, quoted and recomputed from its Elo table. */
export async function paperComparisons(file = PAPER_TABLE): Promise<PaperComparison[]> {
  return paperCorrelations(await readFile(file, 'utf8')).map((p) => ({
    label: p.label,
    n: p.n,
    coefficients: COEFFICIENTS.map((c) => ({ name: c, quoted: p.quoted[c], recomputed: p.recomputed[c].statistic, reproduced: p.reproduced.includes(c) })),
  }));
}

/** The agreement as a report correlation (scatter figure, summary, tables), its intervals from the task bootstrap. */
export function agreementCorrelation(a: SuiteAgreement): Correlation | string {
  const coefficient = (name: CoefficientName) => {
    const c = a.coefficients.find((k) => k.name === name)!;
    return c.value === null ? null : { value: c.value, ...(c.p === null ? {} : { p: c.p }), ...(c.lo === null || c.hi === null ? {} : { lo: c.lo, hi: c.hi }) };
  };
  const [pearson, spearman, kendall] = [coefficient('pearson'), coefficient('spearman'), coefficient('kendall')];
  if (!pearson || !spearman || !kendall) return `${a.x} vs ${a.y} (Elo): undefined (${a.coefficients.find((c) => c.reason)?.reason ?? 'a side is constant'})`;
  return { x: a.x, y: a.y, measure: 'Elo', points: a.agents.map((g) => ({ agent: g.agent, x: g.x.elo, y: g.y.elo })), pearson, spearman, kendall, bootstrap: 'tasks' };
}
