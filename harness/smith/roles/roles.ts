import type { Task } from '../../task/loader.js';
import type { DatasetProfile, Design, Draft, CheckRecord, Proposal } from '../types.js';
import type { Brainstorm } from './heuristic-brainstormer.js';
import { brainstormHeuristic } from './heuristic-brainstormer.js';
import { designHeuristic } from './heuristic-designer.js';
import { renderDescription } from '../description.js';
import { reviewByRules } from '../verify/review-rules.js';

/**
 * The pipeline's roles, swappable as a set: the offline heuristic roles, or an LLM playing them.
 * `feedback` carries the messages of the checks that failed on the previous attempt.
 */
export interface Roles {
  /** `heuristic` or the model id, recorded in every task's provenance. */
  by: string;
  brainstorm(profile: DatasetProfile, perDataset: number): Promise<Brainstorm>;
  design(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>, feedback: string[]): Promise<Draft>;
  /** Rewrites a draft the Refactor could not lay out (e.g. description sections missing), given the problems. */
  refactor(profile: DatasetProfile, draft: Draft, problems: string[]): Promise<Draft>;
  review(task: Task, design: Design, profile: DatasetProfile): Promise<CheckRecord[]>;
}

export const heuristicRoles: Roles = {
  by: 'heuristic',
  brainstorm: async (profile, perDataset) => brainstormHeuristic(profile, perDataset),
  design: async (profile, proposal, unsafe, feedback) => designHeuristic(profile, proposal, unsafe, feedback),
  // The offline Refactor lays the description out again from the design, in the unified sections.
  refactor: async (profile, draft) => ({ ...draft, description: renderDescription(profile, draft.design), roles: { ...draft.roles, refactor: { by: 'heuristic' } } }),
  review: (task, design, profile) => reviewByRules(task, design, profile),
};
