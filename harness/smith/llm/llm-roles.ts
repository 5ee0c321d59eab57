import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createProvider, parseLlmAgentId, type Env } from '../../llm/create-provider.js';
import { lookupModel } from '../../llm/models.js';
import type { LlmProvider } from '../../llm/provider.js';
import { DEFAULT_RETRY_POLICY } from '../../llm/retry.js';
import { getMetric } from '../../grading/metrics/catalog.js';
import { Objective } from '../../task/schema.js';
import { REPO_ROOT } from '../../util/paths.js';
import { MIN_CLASS_ROWS, usableClasses } from '../roles/heuristic-brainstormer.js';
import { designSizing, taskIdFor } from '../task-policy.js';
import { missingSections } from '../roles/refactor.js';
import type { Roles } from '../roles/roles.js';
import { renderPrepareScript } from '../prepare-template.js';
import { RUBRIC, reviewByRules } from '../verify/review-rules.js';
import type { CheckRecord, DatasetProfile, Design, Draft } from '../types.js';
import { MetricChoice, Proposal } from '../types.js';
import { explore, EXPLORATION_TOOLS, profileText } from './explore.js';
import { callStructured } from './structured.js';

const prompt = (name: string) => readFileSync(path.join(REPO_ROOT, 'harness', 'smith', 'prompts', `${name}.md`), 'utf8');

const ProposalAnswer = z.object({
  target: z.string(),
  objective: Objective,
  metric: MetricChoice,
  split: z.object({ kind: z.enum(['random', 'stratified', 'temporal']), timeColumn: z.string().optional() }),
  features: z.array(z.string()),
  title: z.string().min(3),
  justification: z.string().min(10),
});
const BrainstormAnswer = z.object({ proposals: z.array(ProposalAnswer).min(1) });

const DesignAnswer = z.object({
  features: z.array(z.string()).min(1),
  dropped: z.array(z.object({ column: z.string(), reason: z.string() })),
  classes: z.array(z.string()).optional(),
  prepare_py: z.string().min(50),
  description_md: z.string().min(200),
});

const RefactorAnswer = z.object({ description_md: z.string().min(200) });

const ReviewAnswer = z.object({
  criteria: z.array(z.object({ id: z.enum(RUBRIC.map((r) => r.id) as [string, ...string[]]), pass: z.boolean(), comment: z.string() })),
  verdict: z.enum(['accept', 'revise', 'reject']),
});

function proposalProblems(profile: DatasetProfile, p: z.infer<typeof ProposalAnswer>): string[] {
  const columns = new Map(profile.columns.map((c) => [c.name, c]));
  const problems: string[] = [];
  const target = columns.get(p.target);
  if (!target) problems.push(`target "${p.target}" is not a column`);
  else if (target.idLike) problems.push(`target "${p.target}" is an identifier, unique per row`);
  for (const f of p.features) if (!columns.has(f)) problems.push(`feature "${f}" is not a column`);
  if (p.features.includes(p.target)) problems.push(`the target "${p.target}" cannot be a feature`);
  const metric = getMetric(p.metric.name);
  if (!metric) problems.push(`metric "${p.metric.name}" is not in the catalog`);
  else {
    const kinds = { labels: ['labels'], probabilities: ['binary-scores', 'class-probabilities'], values: ['values'] }[p.metric.form];
    if (!metric.accepts.some((k) => kinds.includes(k))) problems.push(`metric ${p.metric.name} does not score ${p.metric.form}`);
  }
  if (p.split.kind === 'temporal' && (!p.split.timeColumn || !columns.has(p.split.timeColumn))) problems.push('a temporal split needs an existing timeColumn');
  if (target && ['binary', 'multiclass'].includes(p.objective) && usableClasses(target).length < 2) problems.push(`target "${p.target}" has fewer than two classes with ${MIN_CLASS_ROWS} rows`);
  if (p.metric.positiveClass && target && !(target.top ?? []).some((t) => t.value === p.metric.positiveClass)) problems.push(`positiveClass "${p.metric.positiveClass}" is not a value of ${p.target}`);
  return problems;
}

export interface LlmRolesOptions {
  env?: Env;
  temperature?: number;
  seed?: number;
}

/** Every role played by one model through the arena's provider adapters, with structured answers validated by schemas. */
export function createLlmRoles(modelId: string, options: LlmRolesOptions = {}): Roles {
  const parsed = parseLlmAgentId(modelId);
  const model = lookupModel(parsed.provider, parsed.model);
  const provider: LlmProvider = createProvider(parsed, model.apiModel, { env: options.env ?? process.env, timeoutMs: 300_000, retry: DEFAULT_RETRY_POLICY, api: 'chat' });
  const settings = { temperature: model.reasoning ? undefined : (options.temperature ?? 0.2), seed: options.seed ?? 0, maxOutputTokens: Math.min(16_384, model.maxOutputTokens) };
  const tools = (profile: DatasetProfile) => ({ tools: EXPLORATION_TOOLS, runTool: (name: string, args: Record<string, unknown>) => explore(profile, name, args) });
  const prompts = new Map<string, string>();

  return {
    by: modelId,
    async brainstorm(profile, perDataset) {
      const result = await callStructured(provider, {
        ...settings,
        ...tools(profile),
        system: prompt('brainstormer'),
        user: `${profileText(profile)}\n\nPropose up to ${perDataset} tasks.`,
        answer: { name: 'propose_tasks', description: 'The proposed tasks.', schema: BrainstormAnswer },
        check: (a) => a.proposals.flatMap((p, i) => proposalProblems(profile, p).map((m) => `proposals.${i}: ${m}`)),
      });
      prompts.set('brainstormer', result.promptSha256);
      const proposals: Proposal[] = result.value.proposals.slice(0, perDataset).map((p) =>
        Proposal.parse({
          ...p,
          dataset: profile.dataset,
          basis: profile.card.targets.some((t) => t.column === p.target) ? 'documented' : profile.card.columns.some((c) => c.name === p.target && c.role === 'outcome') ? 'outcome' : 'inferred',
          modality: profile.modality === 'time-series' && p.objective !== 'forecasting' ? 'tabular' : profile.modality,
        }),
      );
      return { proposals, rejected: [] };
    },

    async design(profile, proposal, unsafe, feedback) {
      const reference = renderPrepareScript(
        { proposal, features: ['<input columns>'], derivedInputs: [], dropped: [], classes: undefined, minClassRows: MIN_CLASS_ROWS, dropRepeats: true, ...designSizing(profile, proposal, taskIdFor(proposal, profile.dataset)) },
        profile.table,
        proposal.title,
      );
      const user = [
        profileText(profile),
        `Proposal:\n${JSON.stringify(proposal, null, 2)}`,
        `Screening found these columns unsafe to publish with \`${proposal.target}\`: ${Object.entries(unsafe).map(([c, why]) => `${c} (${why})`).join('; ') || 'none'}.`,
        `A reference prepare.py skeleton you may adapt:\n\`\`\`python\n${reference}\n\`\`\``,
        feedback.length ? `The previous attempt failed verification:\n${feedback.map((f) => `- ${f}`).join('\n')}` : '',
      ].filter(Boolean).join('\n\n');
      const result = await callStructured(provider, {
        ...settings,
        ...tools(profile),
        system: prompt('designer'),
        user,
        answer: { name: 'write_task', description: 'The task: inputs, dropped columns with reasons, classes, prepare.py and description.md.', schema: DesignAnswer },
        check: (a) => [
          ...a.features.filter((f) => !profile.columns.some((c) => c.name === f)).map((f) => `feature "${f}" is not a column`),
          ...(a.features.includes(proposal.target) ? [`the target "${proposal.target}" cannot be an input`] : []),
          ...(/def prepare\s*\(/.test(a.prepare_py) ? [] : ['prepare_py must define prepare(raw_dir, public_dir, private_dir)']),
        ],
      });
      prompts.set('designer', result.promptSha256);
      const id = taskIdFor(proposal, profile.dataset);
      const design: Design = { proposal, features: result.value.features, derivedInputs: [], dropped: result.value.dropped, classes: result.value.classes, minClassRows: MIN_CLASS_ROWS, dropRepeats: true, ...designSizing(profile, proposal, id) };
      const draft: Draft = {
        id,
        design,
        prepareScript: result.value.prepare_py,
        description: result.value.description_md,
        roles: { brainstormer: { by: modelId, promptSha256: prompts.get('brainstormer') }, designer: { by: modelId, promptSha256: result.promptSha256 } },
      };
      return draft;
    },

    async refactor(profile, draft, problems) {
      const result = await callStructured(provider, {
        ...settings,
        system: prompt('refactor'),
        user: [
          `The task's description.md could not be laid out:\n${problems.map((p) => `- ${p}`).join('\n')}`,
          `Input columns: ${draft.design.features.join(', ')}; target: ${draft.design.proposal.target}; metric: ${draft.design.proposal.metric.name}.`,
          `description.md:\n${draft.description}`,
        ].join('\n\n'),
        answer: { name: 'write_description', description: 'The description in the unified layout.', schema: RefactorAnswer },
        check: (a) => missingSections(a.description_md).map((s) => `the section "## ${s}" is still missing`),
      });
      return { ...draft, description: result.value.description_md, roles: { ...draft.roles, refactor: { by: modelId, promptSha256: result.promptSha256 } } };
    },

    async review(task, design, profile) {
      const rules = await reviewByRules(task, design, profile);
      const head = (await readFile(task.paths.train, 'utf8')).split('\n').slice(0, 8).join('\n');
      const result = await callStructured(provider, {
        ...settings,
        system: prompt('reviewer'),
        user: [
          `Rubric:\n${RUBRIC.map((r) => `- ${r.id}: ${r.text}`).join('\n')}`,
          `task.json:\n${JSON.stringify({ ...task.manifest, provenance: undefined }, null, 2)}`,
          `description.md:\n${await readFile(task.paths.description, 'utf8')}`,
          `train.csv (first rows):\n${head}`,
          `Automatic checks:\n${rules.map((r) => `- ${r.id}: ${r.ok ? 'ok' : 'FAILED'}: ${r.message}`).join('\n')}`,
        ].join('\n\n'),
        answer: { name: 'review_task', description: 'The verdict on each rubric criterion and overall.', schema: ReviewAnswer },
      });
      const fixBy = result.value.verdict === 'reject' ? 'brainstormer' : 'designer';
      const judged: CheckRecord[] = result.value.criteria.map((c) => ({ id: `review-llm-${c.id}`, stage: 'reviews', ok: c.pass, message: `${modelId}: ${c.comment}`, fixBy }));
      if (result.value.verdict !== 'accept' && judged.every((c) => c.ok)) judged.push({ id: 'review-llm-verdict', stage: 'reviews', ok: false, message: `${modelId}: verdict ${result.value.verdict}`, fixBy });
      return [...rules, ...judged];
    },
  };
}
