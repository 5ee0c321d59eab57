/**
 * What one code step of a baseline asks the solver package (agents/baselines/python/arena_solvers)
 * to do. The names mirror the package's config.py, which checks them again.
 */

/** Model families, simplest first; trivial, linear, forest and gbm (xgboost) are the legacy baselines'. */
export const FAMILIES = ['trivial', 'linear', 'glm', 'one_input', 'knn', 'naive_bayes', 'tree', 'forest', 'extra_trees', 'hist_gbm', 'gbm', 'mlp'] as const;
export type Family = (typeof FAMILIES)[number];

/** Column kinds a step may turn into features: numbers, one-hot categories, date parts, TF-IDF, pixels. */
export const SKILLS = ['numeric', 'category', 'date', 'text', 'image'] as const;
export type Skill = (typeof SKILLS)[number];

export interface Recipe {
  /** A model family, or `ensemble`: the mean of earlier steps' kept predictions. */
  model: Family | 'ensemble';
  /** Column kinds used as features; all of them when left out. */
  skills?: readonly Skill[];
  /** Overrides of the family's defaults (see models.py), e.g. `{ rounds: 500, rate: 0.03 }`. */
  params?: Readonly<Record<string, number>>;
  /** Keeps the step's test predictions in the workspace under this name, for an ensemble. */
  tag?: string;
  /** An ensemble's members: tags of earlier steps. */
  members?: readonly string[];
}

/** One line saying what a step does, for the head of its code. */
export function describeRecipe(recipe: Pick<Recipe, 'model' | 'skills' | 'params' | 'members'>): string {
  if (recipe.model === 'ensemble') return `ensemble: the mean of ${(recipe.members ?? []).join(', ')}`;
  const params = Object.entries(recipe.params ?? {}).map(([k, v]) => `${k}=${v}`);
  const skills = recipe.model === 'trivial' ? '' : ` on ${(recipe.skills ?? SKILLS).join(', ')} features`;
  return `${recipe.model}${params.length ? ` (${params.join(', ')})` : ''}${skills}`;
}
