import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProvider, parseLlmAgentId } from '../../harness/llm/create-provider.js';
import { lookupModel } from '../../harness/llm/models.js';
import { DEFAULT_RETRY_POLICY } from '../../harness/llm/retry.js';
import { callStructured, StructuredOutputError } from '../../harness/smith/llm/structured.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import type { FakeRequest } from '../fake-provider/types.js';
import { VARIANTS } from '../fake-provider/variants.js';

let fake: FakeProvider;

beforeAll(async () => {
  fake = await startFakeProvider({ replies: [] });
});
afterAll(async () => fake?.close());

const Answer = z.object({ target: z.string(), classes: z.number().int().min(2) });
const assistantTurns = (r: FakeRequest) => r.messages.filter((m) => m.role === 'assistant').length;

function providerFor(label: string) {
  const variant = VARIANTS.find((v) => v.label === label)!;
  const parsed = parseLlmAgentId(variant.id(fake));
  const model = lookupModel(parsed.provider, parsed.model);
  return createProvider(parsed, model.apiModel, { env: variant.env(fake), timeoutMs: 10_000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, api: variant.api ?? 'chat' });
}

describe('structured answers through tool calls, on every wire format', () => {
  for (const label of ['openai chat', 'anthropic', 'google']) {
    it(`${label}: runs an exploration tool, repairs invalid JSON and a failed check, then accepts`, async () => {
      const explored: string[] = [];
      fake.script = {
        policy: (r) =>
          [
            { toolCalls: [{ name: 'head', arguments: { n: 3 } }] },
            // Broken JSON as text (OpenAI); Anthropic and Google carry it as a string where an object belongs.
            { toolCalls: [{ name: 'answer', arguments: {}, rawArguments: '{"target": "species", "classes": ' }] },
            { toolCalls: [{ name: 'answer', arguments: { target: 'nope', classes: 3 } }] },
            { toolCalls: [{ name: 'answer', arguments: { target: 'species', classes: 3 } }] },
          ][Math.min(assistantTurns(r), 3)]!,
      };
      const first = fake.requests.length;
      const result = await callStructured(providerFor(label), {
        system: 'Answer with the target.',
        user: 'Which column?',
        answer: { name: 'answer', description: 'the answer', schema: Answer },
        tools: [{ name: 'head', description: 'first rows', parameters: { type: 'object', properties: { n: { type: 'integer' } } } }],
        runTool: async (name, args) => {
          explored.push(`${name}:${JSON.stringify(args)}`);
          return 'species,island\nAdelie,Torgersen';
        },
        check: (a) => (a.target === 'species' ? [] : [`"${a.target}" is not a column`]),
      });
      expect(result.value).toEqual({ target: 'species', classes: 3 });
      expect(result.repairs).toBe(2);
      expect(explored).toEqual(['head:{"n":3}']);
      const sent = fake.requests.slice(first).map((r) => r.request);
      expect(sent).toHaveLength(4);
      const toolTexts = sent[3]!.messages.filter((m) => m.role === 'tool').map((m) => (m as { content: string }).content);
      expect(toolTexts.some((t) => t.includes('"nope" is not a column'))).toBe(true);
      expect(sent[2]!.messages.some((m) => m.role === 'tool' && m.content.startsWith('Error:'))).toBe(true);
    });
  }

  it('gives up with the last problem after the repair budget', async () => {
    fake.script = { replies: [{ text: 'I think the answer is species.' }] };
    await expect(
      callStructured(providerFor('openai chat'), { system: 's', user: 'u', answer: { name: 'answer', description: 'a', schema: Answer }, maxRepairs: 2 }),
    ).rejects.toThrow(StructuredOutputError);
  });

  it('accepts a JSON answer written as text by a model that did not call the tool', async () => {
    fake.script = { replies: [{ text: 'Here it is:\n```json\n{"target": "species", "classes": 3}\n```' }] };
    const result = await callStructured(providerFor('openai chat'), { system: 's', user: 'u', answer: { name: 'answer', description: 'a', schema: Answer } });
    expect(result.value.classes).toBe(3);
  });
});
