import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmRoles } from '../../harness/smith/llm/llm-roles.js';
import { generate } from '../../harness/smith/pipeline.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { renderPrepareScript } from '../../harness/smith/prepare-template.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { Proposal, type DatasetProfile } from '../../harness/smith/types.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import type { FakeReply, FakeRequest } from '../fake-provider/types.js';
import { tempDir } from '../helpers/fixture-task.js';

/**
 * The LLM path of `arena generate` end to end, through the official OpenAI SDK against the fake
 * provider, with the kinds of replies real models give: broken JSON, a prepare.py that crashes,
 * a design that leaks the target. The feedback loop must repair what can be repaired and reject
 * the rest.
 */
let fake: FakeProvider;
let profile: DatasetProfile;

const PROPOSALS: Omit<Proposal, 'dataset' | 'modality' | 'derive' | 'basis'>[] = [
  {
    target: 'weather',
    objective: 'multiclass',
    metric: { name: 'f1_macro', form: 'labels' },
    split: { kind: 'stratified' },
    features: [],
    title: 'Weather type from daily measurements',
    justification: 'Five weather categories with hundreds of days each; temperatures, wind and precipitation are known at the end of the day.',
  },
  {
    target: 'location',
    objective: 'binary',
    metric: { name: 'accuracy', form: 'labels' },
    split: { kind: 'stratified' },
    features: [],
    title: 'Which city recorded this day of weather',
    justification: 'Two cities with the same number of days; their climates differ in temperature and precipitation.',
  },
];

/** The Designer's answer: a correct task, a script that crashes, or one that publishes a recoding of the target. */
function designAnswer(target: string, kind: 'correct' | 'crash' | 'leak' | 'unlaid'): Record<string, unknown> {
  const proposal = Proposal.parse({ ...PROPOSALS.find((p) => p.target === target)!, dataset: profile.dataset, modality: 'tabular' });
  const draft = designHeuristic(profile, proposal, {});
  // The LLM Designer writes a prepare.py; the reference skeleton it is shown is the starting point here.
  let script = renderPrepareScript(draft.design, profile.table, proposal.title);
  if (kind === 'crash') script = script.replace('def prepare(raw_dir: Path, public_dir: Path, private_dir: Path) -> None:\n', '$&    raise KeyError("precipitation_mm")\n');
  if (kind === 'leak') {
    script = script
      .replace('FEATURES = [', 'FEATURES = ["code", ')
      .replace('    frame = pd.read_csv(path, dtype=str, keep_default_na=False)\n', '$&    frame["code"] = "k-" + frame[TARGET].str.upper()\n');
  }
  // A Designer that names a section its own way: the Refactor role must lay it out again.
  const description = kind === 'unlaid' ? draft.description.replace('## Evaluation', '## Scoring') : draft.description;
  return { features: draft.design.features, dropped: draft.design.dropped, classes: draft.design.classes, prepare_py: script, description_md: description };
}

const attempts = new Map<string, number>();

function policy(request: FakeRequest): FakeReply {
  const turns = request.messages.filter((m) => m.role === 'assistant').length;
  const user = request.messages.find((m) => m.role === 'user') as { text: string };
  if (request.tools.includes('propose_tasks')) {
    if (turns === 0) return { text: 'Let me look at the classes first.', toolCalls: [{ name: 'value_counts', arguments: { column: 'weather' } }] };
    if (turns === 1) return { toolCalls: [{ name: 'propose_tasks', arguments: {}, rawArguments: '{"proposals": [{"target": "weather", "objective": ' }] };
    return { toolCalls: [{ name: 'propose_tasks', arguments: { proposals: PROPOSALS } }] };
  }
  if (request.tools.includes('write_task')) {
    const target = /"target": "([^"]+)"/.exec(user.text)![1]!;
    const n = (attempts.get(target) ?? 0) + 1;
    attempts.set(target, n);
    const kind = target === 'location' ? 'leak' : n === 1 ? 'crash' : n === 2 ? 'leak' : 'unlaid';
    return { text: `Attempt ${n}.`, toolCalls: [{ name: 'write_task', arguments: designAnswer(target, kind) }] };
  }
  if (request.tools.includes('write_description')) {
    return { toolCalls: [{ name: 'write_description', arguments: { description_md: designAnswer('weather', 'correct').description_md } }] };
  }
  if (request.tools.includes('review_task')) {
    const criteria = ['meaningful', 'non-trivial', 'realistic', 'description-complete', 'consistent'].map((id) => ({ id, pass: true, comment: 'supported by the description and the data' }));
    return { toolCalls: [{ name: 'review_task', arguments: { criteria, verdict: 'accept' } }] };
  }
  return { text: 'No tool matches.' };
}

beforeAll(async () => {
  profile = await profileDataset('weather');
  fake = await startFakeProvider({ policy });
});
afterAll(async () => fake?.close());

describe('arena generate with LLM roles (fake provider, official SDK)', () => {
  it('repairs broken JSON and a crashing prepare.py, repairs one leaky design and rejects the other', async () => {
    const out = path.join(tempDir('smith-llm-'), 'suite');
    const roles = createLlmRoles('openai:gpt-4o-mini', { env: { OPENAI_API_KEY: 'sk-test-openai-0123456789', OPENAI_BASE_URL: `${fake.url}/v1` } });
    const summary = await generate({ datasets: ['weather'], outDir: out, roles, perDataset: 2, concurrency: 2, runtime: 'local', maxRetries: 2 });

    expect(summary.proposed).toBe(2);
    expect(summary.verified).toBe(1);
    expect(summary.rejected).toBe(1);
    expect(attempts.get('weather')).toBe(3);
    expect(attempts.get('location')).toBe(3);

    const verified = path.join(out, 'weather-weather-multiclass');
    const record = JSON.parse(readFileSync(path.join(verified, 'verification.json'), 'utf8'));
    expect(record.verdict).toBe('verified');
    const [first, second, third] = record.attempts;
    expect(first.checks.find((c: { id: string }) => c.id === 'prepare-deterministic')).toMatchObject({ ok: false });
    expect(first.checks.find((c: { id: string }) => c.id === 'prepare-deterministic').message).toContain('precipitation_mm');
    expect(second.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { message: string }) => c.message).join(' ')).toContain('code');
    expect(third.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(readFileSync(path.join(verified, 'data', 'public', 'train.csv'), 'utf8').split('\n')[0]).not.toContain('code');
    const manifest = JSON.parse(readFileSync(path.join(verified, 'task.json'), 'utf8'));
    expect(manifest.provenance.roles.designer.by).toBe('openai:gpt-4o-mini');
    expect(manifest.provenance.roles.designer.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    // The third design named a section its own way; the LLM Refactor laid it out again.
    expect(manifest.provenance.roles.refactor.by).toBe('openai:gpt-4o-mini');
    expect(readFileSync(path.join(verified, 'description.md'), 'utf8')).toMatch(/^## Evaluation$/m);
    expect(fake.requests.filter((r) => r.request.tools.includes('write_description'))).toHaveLength(1);
    expect(manifest.anchors.reference).not.toBeNull();

    expect(existsSync(path.join(out, 'weather-location-binary'))).toBe(false);
    const rejected = summary.tasks.find((t) => t.id === 'weather-location-binary')!;
    expect(rejected.verdict).toBe('rejected');
    expect(rejected.reason).toMatch(/code/);

    // The Designer saw the verification messages of its failed attempts.
    const designerRequests = fake.requests.filter((r) => r.request.tools.includes('write_task')).map((r) => (r.request.messages[0] as { text: string }).text);
    expect(designerRequests.some((t) => t.includes('previous attempt failed') && t.includes('precipitation_mm'))).toBe(true);
    // The Brainstormer's broken JSON was answered with an error naming the problem.
    const brainstorm = fake.requests.filter((r) => r.request.tools.includes('propose_tasks'));
    expect(brainstorm).toHaveLength(3);
    expect(brainstorm[2]!.request.messages.some((m) => m.role === 'tool' && m.content.includes('not a JSON object'))).toBe(true);
  });
});
