import { describe, expect, it } from 'vitest';
import { checkAgentId, createAgent, expandAgentIds, UnknownAgentError } from '../../harness/arena/agent-factory.js';
import { agentKinds, registerAgentKind } from '../../harness/arena/agent-registry.js';
import type { Agent } from '../../harness/arena/types.js';
import { manifest } from '../helpers/fixture-task.js';

const OPTIONS = { llmCacheDir: '/nonexistent/cache' };

describe('agent kinds registry', () => {
  it('holds the built-in kinds: one per LLM provider, the baselines and replay', () => {
    expect(agentKinds().map((k) => k.prefix)).toEqual(['openai', 'anthropic', 'google', 'openai-compat', 'baseline', 'replay']);
  });

  it('a registered kind is checked, expanded and created through its own module, and named in the refusal of unknown ids', async () => {
    const made: string[] = [];
    registerAgentKind({
      prefix: 'scripted',
      usage: 'scripted:<name>',
      aliases: { 'scripted:*': ['scripted:a', 'scripted:b'] },
      check(id) {
        if (!['scripted:a', 'scripted:b'].includes(id)) throw new UnknownAgentError(`unknown scripted agent "${id}"`);
      },
      async create(id): Promise<Agent> {
        made.push(id);
        return { id, kind: 'scripted', play: async () => {} };
      },
    });
    expect(expandAgentIds(['scripted:*', 'baseline:trivial', 'scripted:a'])).toEqual(['scripted:a', 'scripted:b', 'baseline:trivial']);
    expect(() => checkAgentId('scripted:c')).toThrow('unknown scripted agent "scripted:c"');
    expect((await createAgent('scripted:b', manifest({ id: 't' }), OPTIONS)).id).toBe('scripted:b');
    expect(made).toEqual(['scripted:b']);
    expect(() => checkAgentId('nope:x')).toThrow(/^unknown agent "nope:x": use openai:<model>, .*replay:<file>, scripted:<name>$/);
  });

  it('refuses a prefix registered twice, an id without a prefix and one with nothing after it', () => {
    expect(() => registerAgentKind({ prefix: 'baseline', usage: '', create: async () => ({ id: '', kind: 'baseline', play: async () => {} }) })).toThrow('agent kind "baseline:" is registered twice');
    expect(() => checkAgentId('gpt-4o')).toThrow(UnknownAgentError);
    expect(() => checkAgentId('openai:')).toThrow(UnknownAgentError);
  });

  it('creating an unknown id fails before any module is loaded', async () => {
    await expect(createAgent('baseline:nope', manifest({ id: 't' }), OPTIONS)).rejects.toThrow('unknown baseline "baseline:nope"');
  });
});
