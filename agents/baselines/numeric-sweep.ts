import { MIN_STEP_SEC, type Strategy } from './player.js';
import type { Family } from './recipe.js';

/**
 * A model family a step, on the numeric columns only, with no feature work, tuning or
 * ensembling; submits the best public score. Several steps, little skill.
 */
export function numericSweep(families: readonly Family[]): Strategy {
  return async (player) => {
    await player.start(['data_structure']);
    for (const [i, model] of families.entries()) {
      if (!player.canRun(i === 0 ? 1 : 2) || (i > 0 && player.timeLeftSec < MIN_STEP_SEC)) break;
      await player.run({ model, skills: ['numeric'] });
    }
    await player.submitBest();
  };
}
