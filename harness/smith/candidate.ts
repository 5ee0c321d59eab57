import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackendName, EnforcementName } from '../sandbox/types.js';
import { writeAnchors } from '../task/anchors.js';
import type { Task } from '../task/loader.js';
import { perfectScore } from '../verification/integrity.js';
import { refactorDraft, RefactorError } from './roles/refactor.js';
import type { CandidateOutcome, Stage } from './candidate-outcome.js';
import type { Roles } from './roles/roles.js';
import type { CheckRecord, DatasetProfile, Draft, Proposal } from './types.js';
import { assertPrepares, runAssertions } from './verify/assertions.js';
import { executeBaselines, executionKey, type ExecutionResult } from './verify/execution.js';

export interface CandidateContext {
  roles: Roles;
  suiteDir: string;
  workDir: string;
  runtime: BackendName;
  allowUnenforced?: EnforcementName[];
  maxRetries: number;
}

interface Attempt {
  attempt: number;
  checks: CheckRecord[];
}

const failed = (checks: CheckRecord[]) => checks.filter((c) => !c.ok);

/** A failed check for the role that fixes it: its message, and the columns the screen says to drop. */
function feedbackLine(check: CheckRecord): string {
  const drop = check.details?.drop;
  const columns = Array.isArray(drop) ? drop.filter((d): d is string => typeof d === 'string') : [];
  return `${check.id}: ${check.message}${columns.length ? ` (drop ${columns.map((c) => `column \`${c}\``).join(', ')})` : ''}`;
}

async function writeVerification(dir: string, record: unknown): Promise<void> {
  await writeFile(path.join(dir, 'verification.json'), JSON.stringify(record, null, 2) + '\n');
}

/**
 * One proposal through Designer → Refactor → Assertions → Reviews → Execution. A failure that the
 * Designer or Refactor can fix goes back with its message (at most `maxRetries` times); one only
 * the Brainstormer could fix (a weak or saturated target) rejects the proposal.
 */
export async function verifyCandidate(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>, id: string, ctx: CandidateContext): Promise<CandidateOutcome> {
  const base = { id, dataset: profile.dataset, target: proposal.target, objective: proposal.objective, modality: proposal.modality, domain: profile.domain, metric: proposal.metric.name };
  const attempts: Attempt[] = [];
  const seconds: Record<Stage | 'prepare', number> = { design: 0, prepare: 0, assertions: 0, reviews: 0, execution: 0 };
  const timed = async <T>(stage: keyof typeof seconds, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      seconds[stage] += (performance.now() - started) / 1000;
    }
  };
  let feedback: string[] = [];
  let draft: Draft | null = null;
  let task: Task | null = null;
  let passed: Stage[] = [];
  let execution: ExecutionResult | null = null;
  const reject = async (reasons: CandidateOutcome['reasons']): Promise<CandidateOutcome> => {
    await finish('rejected', reasons);
    return { ...base, verdict: 'rejected', passed, reasons, attempts: attempts.length, seconds };
  };
  const finish = async (verdict: 'verified' | 'rejected', reasons: CandidateOutcome['reasons']) => {
    const record = { taskId: id, verdict, reasons, roles: draft?.roles ?? {}, attempts, anchors: execution?.anchors ?? null, baselineScores: execution?.scores ?? null, referenceAgent: execution?.referenceAgent ?? null, finishedAt: new Date().toISOString() };
    const dir = path.join(ctx.workDir, 'candidates', id);
    await mkdir(dir, { recursive: true });
    await writeVerification(dir, record);
    if (verdict === 'verified' && task) {
      await writeVerification(task.paths.dir, record);
      const target = path.join(ctx.suiteDir, id);
      await rm(target, { recursive: true, force: true });
      await rename(task.paths.dir, target);
    }
  };

  for (let attempt = 1; attempt <= 1 + ctx.maxRetries; attempt++) {
    const checks: CheckRecord[] = [];
    attempts.push({ attempt, checks });
    passed = [];
    try {
      draft = await timed('design', () => ctx.roles.design(profile, proposal, unsafe, feedback));
      task = await timed('design', () => layOut(profile, { ...draft!, id }, ctx, (fixed) => (draft = fixed)));
    } catch (err) {
      const message = (err as Error).message;
      checks.push({ id: 'design', stage: 'assertions', ok: false, fixBy: 'designer', message });
      if (err instanceof RefactorError || ctx.roles.by !== 'heuristic') {
        feedback = [message];
        continue;
      }
      return reject([{ check: 'design', message }]);
    }
    passed.push('design');
    const candidate = task;
    const prepared = await timed('prepare', () => assertPrepares(candidate, ctx.runtime));
    task = prepared.task;
    checks.push(prepared.check);
    if (prepared.check.ok) checks.push(...(await timed('assertions', () => runAssertions(prepared.task))));
    const assertionFailures = failed(checks);
    if (assertionFailures.length) {
      if (assertionFailures.some((c) => c.fixBy === 'brainstormer')) return reject(assertionFailures.map((c) => ({ check: c.id, message: c.message })));
      feedback = assertionFailures.map(feedbackLine);
      continue;
    }
    passed.push('assertions');
    const design = draft.design;
    const reviews = await timed('reviews', () => ctx.roles.review(prepared.task, design, profile));
    checks.push(...reviews);
    const reviewFailures = failed(reviews);
    if (reviewFailures.length) {
      if (reviewFailures.some((c) => c.fixBy === 'brainstormer')) return reject(reviewFailures.map((c) => ({ check: c.id, message: c.message })));
      feedback = reviewFailures.map(feedbackLine);
      continue;
    }
    passed.push('reviews');
    const optimum = await perfectScore(task);
    const runDir = path.join(ctx.workDir, 'execution', id, `attempt-${attempt}-${await executionKey(prepared.task)}`);
    execution = await timed('execution', () => executeBaselines(prepared.task, optimum, { runDir, runtime: ctx.runtime, allowUnenforced: ctx.allowUnenforced }));
    const infra = execution.checks.find((c) => c.id === 'execution-infrastructure');
    // Not the task's fault: stop without a verdict, so the next run retries it.
    if (infra) throw new Error(`${id}: ${infra.message}`);
    checks.push(...execution.checks);
    const executionFailures = failed(execution.checks);
    if (executionFailures.length) return reject(executionFailures.map((c) => ({ check: c.id, message: c.message })));
    passed.push('execution');
    task = await writeAnchors(task, execution.anchors);
    await finish('verified', []);
    return { ...base, verdict: 'verified', passed, reasons: [], attempts: attempts.length, anchors: execution.anchors, seconds };
  }
  const last = attempts[attempts.length - 1]!;
  return reject(failed(last.checks).map((c) => ({ check: c.id, message: `${c.message} (still failing after ${attempts.length} attempts)` })));
}

/** The Refactor: the draft in the unified layout; a layout problem goes to the Refactor role once before it counts as the Designer's. */
async function layOut(profile: DatasetProfile, draft: Draft, ctx: CandidateContext, onFixed: (d: Draft) => void): Promise<Task> {
  const buildDir = path.join(ctx.workDir, 'build');
  try {
    return await refactorDraft(profile, draft, buildDir);
  } catch (err) {
    if (!(err instanceof RefactorError)) throw err;
    const fixed = await ctx.roles.refactor(profile, draft, [err.message]);
    onFixed(fixed);
    return refactorDraft(profile, fixed, buildDir);
  }
}
