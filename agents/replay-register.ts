import { registerAgentKind } from '../harness/arena/agent-registry.js';

registerAgentKind({
  prefix: 'replay',
  usage: 'replay:<file>',
  create: async (id) => {
    const { ReplayAgent, readReplay } = await import('./replay-agent.js');
    return new ReplayAgent(id, await readReplay(id.slice('replay:'.length)));
  },
});
