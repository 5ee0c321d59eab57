import { registerAgentKind, UnknownAgentError } from '../../harness/arena/agent-registry.js';
import { ALL_BASELINES, BASELINE_IDS, baselineSpec } from './population.js';

registerAgentKind({
  prefix: 'baseline',
  usage: `baseline:<name> (${ALL_BASELINES} for all of them)`,
  aliases: { [ALL_BASELINES]: BASELINE_IDS },
  // The baselines are known before the run starts: an unknown one is a usage error, not failed episodes.
  check(id) {
    if (!BASELINE_IDS.includes(id)) throw new UnknownAgentError(`unknown baseline "${id}": use one of ${BASELINE_IDS.join(', ')} (or ${ALL_BASELINES} for all)`);
  },
  // Relative episode costs are part of each baseline's spec (population.ts), for the runner's order.
  relativeCost: (id) => baselineSpec(id)?.relativeCost ?? 1,
  create: async (id, manifest) => (await import('./baseline-agent.js')).createBaselineAgent(id, manifest),
});
