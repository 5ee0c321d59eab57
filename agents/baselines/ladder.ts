import { MIN_STEP_SEC, type Strategy } from './player.js';
import type { Family } from './recipe.js';

const RUNGS: Family[] = ['trivial', 'linear', 'forest', 'gbm'];

/** trivial → linear → forest → gbm on every column kind, while steps and time last; submits the best public score. */
export const ladder: Strategy = async (player) => {
  await player.start(['data_structure']);
  for (const model of RUNGS) {
    const first = model === 'trivial';
    if (!player.canRun(first ? 1 : 2)) break;
    if (!first && player.timeLeftSec < MIN_STEP_SEC) break;
    await player.run({ model });
  }
  await player.submitBest();
};
