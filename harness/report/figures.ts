import { compositionChart } from './charts/composition.js';
import { correlationChart } from './charts/correlation.js';
import { curveKinds, curvesChart } from './charts/curves.js';
import { eloChart, normalizedChart } from './charts/leaderboard.js';
import { pairedChart } from './charts/paired.js';
import { profileChart } from './charts/profile.js';
import type { TopLevelSpec } from './charts/theme.js';
import { winLossChart } from './charts/winloss.js';
import { agentOrder, slug, uniqueName } from './format.js';
import { COMPOSITION_DIMENSIONS, type ReportModel } from './model.js';

/**
 * The list of figures a model yields. The HTML page, the SVG/PNG files and the tests all walk this
 * one list, so a figure cannot be on the page but missing from figures/ (or the reverse).
 */

export type SectionId = 'leaderboard' | 'winloss' | 'correlation' | 'curves' | 'profiles' | 'composition' | 'paired';

export interface Figure {
  /** File-name-safe and unique: `figures/<name>.svg`, and the page's element id. */
  name: string;
  section: SectionId;
  /** Plain-text caption, used as alt text and in summary.md. */
  caption: string;
  /** What the figure is about within its section, e.g. the set of a win–loss matrix. */
  subject?: string;
  spec: TopLevelSpec;
}

export function buildFigures(model: ReportModel): Figure[] {
  const agents = agentOrder(model);
  const used = new Set<string>();
  const figures: Figure[] = [];
  const add = (base: string, section: SectionId, caption: string, spec: TopLevelSpec, subject?: string) =>
    figures.push({ name: uniqueName(base, used), section, caption, spec, ...(subject === undefined ? {} : { subject }) });

  if (model.leaderboard.some((r) => r.elo)) {
    add('leaderboard-elo', 'leaderboard', 'Bradley–Terry ratings on the Elo scale with 95% intervals', eloChart(model.leaderboard, agents));
  }
  if (model.leaderboard.length > 0) {
    add('leaderboard-normalized', 'leaderboard', 'Mean normalized score with 95% intervals', normalizedChart(model.leaderboard, agents));
  }
  for (const set of model.sets) {
    if (set.winLoss.agents.length < 2) continue; // nothing to compare
    add(`winloss-${slug(set.name)}`, 'winloss', `Win–loss matrix on the ${set.name} set`, winLossChart(set), set.name);
  }
  for (const c of model.correlations) {
    if (c.points.length === 0) continue;
    add(`correlation-${slug(c.x)}-vs-${slug(c.y)}-${slug(c.measure)}`, 'correlation', `${c.measure}: ${c.y} vs ${c.x}`, correlationChart(c, agents));
  }
  for (const kind of curveKinds(model.curves.filter((c) => c.points.length > 0))) {
    add(`curves-${slug(kind)}`, 'curves', `Best-so-far normalized score by step, per ${kind}`, curvesChart(kind, model.curves, agents));
  }
  if (model.profiles.length > 0) add('profiles', 'profiles', 'Agent profiles: mean normalized score by modality and objective against all agents', profileChart(model.profiles, agents));
  for (const dimension of COMPOSITION_DIMENSIONS) {
    if (!model.composition.some((r) => r.dimension === dimension)) continue;
    add(`composition-${dimension}`, 'composition', `Tasks per ${dimension} and suite`, compositionChart(dimension, model.composition));
  }
  const pairSets = [...new Set(model.paired.map((p) => p.set))];
  for (const set of pairSets) {
    const pairs = model.paired.filter((p) => p.set === set);
    const title = set === undefined ? 'Paired comparisons' : `Paired comparisons: ${set}`;
    add(set === undefined ? 'paired' : `paired-${slug(set)}`, 'paired', `${title} (mean difference with 95% interval)`, pairedChart(pairs, title));
  }
  return figures;
}
