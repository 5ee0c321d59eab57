import { iterativeSearch } from './iterative-search.js';
import { ladder } from './ladder.js';
import { numericSweep } from './numeric-sweep.js';
import type { Strategy } from './player.js';
import type { Recipe, Skill } from './recipe.js';
import { singleModel } from './single-model.js';

/** What a baseline's code step reports on its last stdout line: read by the harness from a transcript. */
export { parseStepResult as parseBaselineStep } from './step-result.js';
export { solverPackage as baselineSolverPackage } from './solver-code.js';

/** One offline agent: its id, what it can and cannot do (one line), and how it plays. */
export interface BaselineSpec {
  id: `baseline:${string}`;
  description: string;
  /** Plays more than one code step, reading public scores between them. */
  multiStep: boolean;
  /**
   * Its episodes' wall time relative to baseline:gbm's on the same task (the runner starts the
   * longest first). trivial, linear and gbm as measured on tasks/human-v1 (fashion-mnist,
   * spam-assassin, letter); the others rough guesses from their model families and steps.
   */
  relativeCost: number;
  play: Strategy;
}

const NUMBERS_AND_PIXELS: Skill[] = ['numeric', 'image'];
const TABULAR: Skill[] = ['numeric', 'category', 'date'];
const ALL_BUT_TEXT: Skill[] = ['numeric', 'category', 'date', 'image'];
const trivial: Recipe = { model: 'trivial' };

/**
 * The offline population, in rough order of strength. The first five are the legacy baselines:
 * tasks' anchors were measured with them, so their behaviour stays as it is.
 */
export const BASELINES: readonly BaselineSpec[] = [
  { id: 'baseline:trivial', relativeCost: 0.05, multiStep: false, description: 'Class priors, the training mean (median for absolute errors), or for a forecast the (seasonal) naive value from the provided lags; reads no other feature.', play: singleModel(trivial) },
  {
    id: 'baseline:linear',
    relativeCost: 0.2,
    multiStep: false,
    description: 'Logistic or ridge regression on every column kind (numbers, one-hot categories, date parts, TF-IDF text, pixels); no tuning.',
    play: singleModel({ model: 'linear' }, trivial),
  },
  {
    id: 'baseline:forest',
    relativeCost: 0.6,
    multiStep: false,
    description: 'A random forest of 200 trees on every column kind (a small TF-IDF vocabulary); no tuning.',
    play: singleModel({ model: 'forest' }, { model: 'linear' }),
  },
  {
    id: 'baseline:gbm',
    relativeCost: 1,
    multiStep: false,
    description: 'xgboost, sized to the step time, on every column kind (a small TF-IDF vocabulary); no tuning.',
    play: singleModel({ model: 'gbm' }, { model: 'forest' }),
  },
  {
    id: 'baseline:ladder',
    relativeCost: 2,
    multiStep: true,
    description: 'Multi-step: trivial, linear, forest, gbm in turn on every column kind, then submits the best public score; no feature choice, tuning or ensemble.',
    play: ladder,
  },
  {
    id: 'baseline:one-input',
    relativeCost: 0.1,
    multiStep: false,
    description: 'The best single input column: a smooth model of each number (a spline), category (its group means) or date in turn, the one with the least 3-fold cross-validated loss; what one column alone is worth.',
    play: singleModel({ model: 'one_input', skills: TABULAR }, trivial),
  },
  {
    id: 'baseline:glm',
    relativeCost: 0.4,
    multiStep: false,
    description: 'The textbook equation: ridge, logistic or a log-link GLM for a deviance, on every column kind with the squares of the numbers and the logs of positive ones that span a factor of 10, its penalty chosen by 3-fold cross-validation.',
    play: singleModel({ model: 'glm' }, { model: 'linear' }),
  },
  {
    id: 'baseline:linear-numeric',
    relativeCost: 0.1,
    multiStep: false,
    description: 'Logistic or ridge regression on the numeric columns only: cannot use categories, dates, text or images.',
    play: singleModel({ model: 'linear', skills: ['numeric'] }, trivial),
  },
  {
    id: 'baseline:naive-bayes',
    relativeCost: 0.05,
    multiStep: false,
    description: 'Gaussian naive Bayes on numbers and pixels, multinomial on TF-IDF text; ignores categories and dates; cannot regress (predicts the mean).',
    play: singleModel({ model: 'naive_bayes', skills: ['numeric', 'text', 'image'] }, trivial),
  },
  {
    id: 'baseline:knn',
    relativeCost: 0.2,
    multiStep: false,
    description: 'k-nearest neighbours (k=10, distance-weighted) on standardised numbers and pixels; cannot use categories, dates or text.',
    play: singleModel({ model: 'knn', skills: NUMBERS_AND_PIXELS }, trivial),
  },
  {
    id: 'baseline:tree',
    relativeCost: 0.05,
    multiStep: false,
    description: 'A single decision tree (leaves of at least 5 rows) on numbers, one-hot categories and date parts; cannot use text or images.',
    play: singleModel({ model: 'tree', skills: TABULAR }, trivial),
  },
  {
    id: 'baseline:extra-trees',
    relativeCost: 0.5,
    multiStep: false,
    description: 'Extremely randomised trees (200) on numbers, categories, date parts and pixels; cannot use text.',
    play: singleModel({ model: 'extra_trees', skills: ALL_BUT_TEXT }, { model: 'tree', skills: ALL_BUT_TEXT }),
  },
  {
    id: 'baseline:hist-gbm',
    relativeCost: 0.6,
    multiStep: false,
    description: "scikit-learn's histogram gradient boosting on numbers, categories, date parts and pixels; cannot use text (dense input only).",
    play: singleModel({ model: 'hist_gbm', skills: ALL_BUT_TEXT }, { model: 'tree', skills: ALL_BUT_TEXT }),
  },
  {
    id: 'baseline:mlp',
    relativeCost: 0.5,
    multiStep: false,
    description: 'A small neural network (one hidden layer of 64, Adam, early stopping on larger tables) on every column kind, TF-IDF included; no tuning.',
    play: singleModel({ model: 'mlp' }, { model: 'linear' }),
  },
  {
    id: 'baseline:numeric-sweep-5',
    relativeCost: 1,
    multiStep: true,
    description: 'Multi-step, 5 code steps: tree, k-NN, naive Bayes, linear, forest on the numeric columns only, then the best public score; never encodes categories, dates, text or images, never tunes.',
    play: numericSweep(['tree', 'knn', 'naive_bayes', 'linear', 'forest']),
  },
  ...[4, 6, 9].map((steps): BaselineSpec => ({
    id: `baseline:iterate-${steps}`,
    relativeCost: steps * 0.4,
    multiStep: true,
    description: `Multi-step, ${steps} code steps, like an LLM agent: a quick linear model, feature engineering kept if it scores better, stronger families, tuning of the best, an ensemble of the best three; submits the best public score.`,
    play: iterativeSearch(steps),
  })),
];

export const BASELINE_IDS: readonly string[] = BASELINES.map((b) => b.id);

/** Stands for every built-in baseline, in the population's order. */
export const ALL_BASELINES = 'baseline:*';

export function baselineSpec(id: string): BaselineSpec | undefined {
  return BASELINES.find((b) => b.id === id);
}
