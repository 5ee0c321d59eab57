import type { Strategy } from './player.js';
import type { Recipe } from './recipe.js';

/**
 * One model, run once; when that step fails, the fallback (a simpler model) once. The step may
 * spend the episode's last step: the episode then ends on its submission.
 */
export function singleModel(recipe: Recipe, fallback?: Recipe): Strategy {
  return async (player) => {
    // Not needed by the solver; asked as any agent would, so transcripts read alike.
    await player.start(['data_structure']);
    if (player.canRun(1)) {
      const first = await player.run(recipe);
      if (!first.ok && fallback && player.canRun(1)) await player.run(fallback);
    }
    await player.submitBest();
  };
}
