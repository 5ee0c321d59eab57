import { createHash } from 'node:crypto';
import { renderDescription } from '../description.js';
import { renderPrepareScript } from '../prepare-template.js';
import type { DatasetProfile, Design, Draft, Proposal } from '../types.js';
import { CALENDAR, MIN_CLASS_ROWS, usableClasses } from './heuristic-brainstormer.js';

const MAX_ROWS = { tabular: 6000, text: 4000, 'time-series': 6000, image: 6000, audio: 2000 } as const;
const MAX_FEATURE_MISSING = 0.6;

export function taskIdFor(proposal: Proposal, datasetName: string): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const base = `${slug(datasetName.split('/').pop() ?? datasetName)}-${slug(proposal.target)}-${proposal.objective}`;
  return base.slice(0, 72).replace(/-+$/, '');
}

/** Stable per-task seed, so redesigning one task never reshuffles another. */
function seedFor(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % 100000;
}

/** Inputs for a proposal: usable columns, minus those screened as unsafe, each drop with its reason. */
export function chooseFeatures(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>): Pick<Design, 'features' | 'dropped'> {
  const dropped: Design['dropped'] = [];
  const features: string[] = [];
  const forecasting = proposal.objective === 'forecasting';
  for (const column of profile.columns) {
    if (column.name === proposal.target) continue;
    const drop = (reason: string) => dropped.push({ column: column.name, reason });
    if (proposal.features.length > 0 && !proposal.features.includes(column.name)) {
      if (proposal.modality !== 'text') drop('not among the proposal\'s inputs');
      continue;
    }
    // A forecast's time axis predicts the past by construction; the test rows lie after all of it.
    if (forecasting && (column.name === proposal.split.timeColumn || CALENDAR.test(column.name))) features.push(column.name);
    else if (unsafe[column.name]) drop(`leaks the target: ${unsafe[column.name]}`);
    else if (column.name.toLowerCase() === 'id') drop('the name `id` is reserved for the row identifier');
    else if (column.idLike) drop('an identifier or name, unique per row');
    else if (column.constant) drop('constant');
    else if (column.missing > MAX_FEATURE_MISSING) drop(`${Math.round(column.missing * 100)}% missing`);
    else if (column.type === 'path' && proposal.modality !== 'image') drop('file paths are not part of a tabular task');
    else if (column.type === 'text' && proposal.modality !== 'text') drop('free text, left out of a tabular task');
    else if (forecasting && !(column.type === 'string' && column.distinct <= 30)) {
      drop('another series observed at the same time: it would not be known when forecasting');
    } else features.push(column.name);
  }
  return { features, dropped };
}

/**
 * The offline Designer: turns a proposal into concrete decisions (inputs, classes, sizes, seed) and
 * renders them as prepare.py and description.md. `feedback` is the verification message of a
 * previous attempt; the heuristic acts on the leak reports it can act on.
 */
export function designHeuristic(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>, feedback: string[] = []): Draft {
  const extraUnsafe = { ...unsafe };
  for (const message of feedback) {
    const column = /column `([^`]+)`/.exec(message)?.[1];
    if (column && column !== proposal.target) extraUnsafe[column] = `flagged by verification: ${message}`;
  }
  if (unsafe['*']) throw new DesignError(`${proposal.target}: ${unsafe['*']}; nothing is left to learn`);
  const id = taskIdFor(proposal, profile.dataset);
  const targetStats = profile.columns.find((c) => c.name === proposal.target)!;
  const classification = ['binary', 'multiclass'].includes(proposal.objective);
  let classes = classification ? usableClasses(targetStats).map((c) => c.value) : undefined;
  if (classes && targetStats.type === 'integer') classes = [...classes].sort((a, b) => Number(a) - Number(b));
  else if (classes) classes = [...classes].sort();
  const design: Design = {
    proposal,
    ...chooseFeatures(profile, proposal, extraUnsafe),
    classes,
    minClassRows: MIN_CLASS_ROWS,
    maxRows: MAX_ROWS[proposal.modality],
    testFraction: proposal.split.kind === 'temporal' ? 0.2 : 0.25,
    publicFraction: 0.3,
    seed: seedFor(id),
  };
  if (design.features.length === 0) throw new DesignError(`${proposal.target}: no safe input columns remain (${design.dropped.map((d) => `${d.column}: ${d.reason}`).join('; ')})`);
  return {
    id,
    design,
    prepareScript: renderPrepareScript(design, profile.table, proposal.title, fileColumns(profile, design.features)),
    description: renderDescription(profile, design),
    roles: { brainstormer: { by: 'heuristic' }, designer: { by: 'heuristic' } },
  };
}

/** Inputs that name files (images, texts) which prepare.py copies next to the tables. */
export function fileColumns(profile: DatasetProfile, features: string[]): string[] {
  return features.filter((f) => profile.columns.find((c) => c.name === f)?.type === 'path');
}

export class DesignError extends Error {
  override name = 'DesignError';
}
