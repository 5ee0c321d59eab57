import { registerAgentKind, UnknownAgentError } from '../../harness/arena/agent-registry.js';
import { ALL_BASELINES, BASELINE_IDS } from './population.js';

registerAgentKind({
  prefix: 'baseline',
  usage: `baseline:<name> (${ALL_BASELINES} for all of them)`,
  aliases: { [ALL_BASELINES]: BASELINE_IDS },
  // The baselines are known before the run starts: an unknown one is a usage error, not failed episodes.
  check(id) {
    if (!BASELINE_IDS.includes(id)) throw new UnknownAgentError(`unknown baseline "${id}": use one of ${BASELINE_IDS.join(', ')} (or ${ALL_BASELINES} for all)`);
  },
  create: async (id, manifest) => (await import('./baseline-agent.js')).createBaselineAgent(id, manifest),
});
