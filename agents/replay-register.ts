import { registerAgentKind } from '../harness/arena/agent-registry.js';

registerAgentKind({
  prefix: 'replay',
  usage: 'replay:<file>',
  create: async (id) => new (await import('./replay-agent.js')).ReplayAgent(id, id.slice('replay:'.length)),
});
