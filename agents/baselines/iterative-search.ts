import { MIN_STEP_SEC, type EpisodePlayer, type PlayedStep, type Strategy } from './player.js';
import { SKILLS, type Family, type Recipe, type Skill } from './recipe.js';

/** Settings to try for the family that scores best so far, in order (absolute values, sensible at any size). */
const TUNINGS: Record<Family, Record<string, number>[]> = {
  trivial: [],
  linear: [{ C: 10, alpha: 0.1 }, { C: 0.1, alpha: 10 }],
  // Both choose for themselves: the penalty by cross-validation, the column by its loss.
  glm: [],
  one_input: [],
  knn: [{ k: 5 }, { k: 25 }],
  naive_bayes: [{ smoothing: 1 }, { smoothing: 0.01 }],
  tree: [{ leaf: 2 }, { leaf: 10, depth: 8 }],
  forest: [{ trees: 400, leaf: 1 }, { max_features: 0.3 }],
  extra_trees: [{ trees: 400, leaf: 1 }, { max_features: 0.7 }],
  hist_gbm: [{ rounds: 500, rate: 0.03 }, { leaves: 63, l2: 1 }],
  gbm: [{ rounds: 500, rate: 0.03, depth: 4 }, { depth: 8 }],
  mlp: [{ hidden: 128, alpha: 0.001 }, { hidden: 32, alpha: 0.01 }],
};

/**
 * Plays like an LLM agent on a budget of `codeSteps` code steps: a quick first model (linear on the
 * numeric columns, whose result also says which kinds of column the data has), then feature
 * engineering (the other column kinds, kept when they score better), stronger model families,
 * tuning of whichever scores best, and, as the last step, the mean of the best three. Submits the
 * step with the best public score.
 */
export function iterativeSearch(codeSteps: number): Strategy {
  return async (player) => {
    await player.start(['data_structure', 'metric']);
    await new Search(player, codeSteps).play();
    await player.submitBest();
  };
}

class Search {
  private used = 0;
  private readonly tuned = new Map<Family, number>();

  constructor(
    private readonly player: EpisodePlayer,
    private readonly budget: number,
  ) {}

  private get left(): number {
    return this.budget - this.used;
  }

  /** Runs a step when the budget, the episode's steps (one kept to submit) and its time allow. */
  private async attempt(recipe: Recipe): Promise<PlayedStep | undefined> {
    const first = this.used === 0;
    if (this.left <= 0 || !this.player.canRun(first ? 1 : 2) || (!first && this.player.timeLeftSec < MIN_STEP_SEC)) return undefined;
    this.used++;
    return this.player.run({ ...recipe, tag: `s${this.used}` });
  }

  /** The next untried setting of the best-scoring family that has one left, with that step's features. */
  private tuning(): Recipe | undefined {
    for (const step of this.player.ranked()) {
      if (step.recipe.model === 'ensemble') continue;
      const family = step.recipe.model;
      const tried = this.tuned.get(family) ?? 0;
      const params = TUNINGS[family][tried];
      if (!params) continue;
      this.tuned.set(family, tried + 1);
      return { model: family, skills: step.recipe.skills, params };
    }
    return undefined;
  }

  async play(): Promise<void> {
    const first = await this.attempt({ model: 'linear', skills: ['numeric'] });
    if (!first) return;
    let skills: Skill[] = ['numeric'];
    const other = SKILLS.filter((s) => s !== 'numeric' && (first.result?.kinds[s] ?? 0) > 0);
    if (other.length) {
      const engineered = await this.attempt({ model: 'linear', skills: ['numeric', ...other] });
      if (engineered && this.improves(engineered, first)) skills = ['numeric', ...other];
    }
    const text = skills.includes('text');
    // hist_gbm takes dense features only: with TF-IDF, xgboost instead, and naive Bayes (strong on text) for extra trees.
    const moves: (() => Recipe | undefined)[] = [
      () => ({ model: text ? 'gbm' : 'hist_gbm', skills }),
      () => ({ model: 'forest', skills }),
      () => this.tuning(),
      () => ({ model: 'mlp', skills }),
      () => this.tuning(),
      () => ({ model: text ? 'naive_bayes' : 'extra_trees', skills }),
      () => this.tuning(),
      () => this.tuning(),
    ];
    // The last step is kept for the ensemble once two steps have scores to average.
    while (moves.length && this.left > (this.members().length >= 2 ? 1 : 0)) {
      const recipe = moves.shift()!();
      if (recipe && !(await this.attempt(recipe))) return;
    }
    const members = this.members();
    if (members.length >= 2) await this.attempt({ model: 'ensemble', members: members.map((s) => s.recipe.tag!) });
  }

  /**
   * Whether a step improves on another: by the hold-out score when both have one (more rows than
   * the public leaderboard on most tasks), else by the public score.
   */
  private improves(a: PlayedStep, b: PlayedStep): boolean {
    const [x, y] = [a.result?.holdout, b.result?.holdout];
    if (x === null || x === undefined || y === null || y === undefined) return this.player.beats(a, b);
    return this.player.manifest.metric.higherIsBetter ? x > y : x < y;
  }

  /** The best three scored model steps. */
  private members(): PlayedStep[] {
    return this.player.ranked().filter((s) => s.recipe.model !== 'ensemble' && s.recipe.tag !== undefined).slice(0, 3);
  }
}
