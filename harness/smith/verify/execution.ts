import { createHash } from 'node:crypto';
import { baselineSolverPackage } from '../../arena/agent-factory.js';
import { runEval } from '../../arena/runner.js';
import { readPreparedRecord } from '../../task/prepare.js';
import { episodeDir, stepSubmissionFile } from '../../arena/transcript.js';
import type { Task } from '../../task/loader.js';
import type { BackendName, EnforcementName } from '../../sandbox/types.js';
import type { CheckRecord } from '../types.js';
import { chosenInput, ONE_INPUT_AGENT, oneInputCheck } from './one-input.js';
import { resolvableCheck } from './resolvable.js';
import { simpleForecastCheck } from './simple-forecasts.js';

export const TRIVIAL_AGENT = 'baseline:trivial';
/**
 * The candidates for the reference anchor, the best of them is the reference: the legacy linear
 * model, the textbook equation with a tuned penalty (the readings found references a Mincer
 * equation or a Poisson GLM beat), and xgboost.
 */
export const REFERENCE_AGENTS = ['baseline:linear', 'baseline:glm', 'baseline:gbm'] as const;
/** The trivial anchor, the reference candidates, and the best single input the reference must beat. */
export const EXECUTION_AGENTS = [TRIVIAL_AGENT, ...REFERENCE_AGENTS, ONE_INPUT_AGENT] as const;
/** The reference must close at least this share of the trivial → optimum gap. */
export const MIN_GAIN = 0.05;
/** ... and must leave at least this share of it open, or the task is saturated. */
export const MIN_HEADROOM = 0.03;

export interface ExecutionResult {
  checks: CheckRecord[];
  anchors: { trivial: number | null; reference: number | null; optimum: number | null };
  scores: Record<string, number | null>;
  referenceAgent: string | null;
}

/**
 * What the panel's episodes depend on: the task (less its provenance and anchors), its prepared
 * data and the baselines' solver code. A run directory is resumed episode by episode, so the
 * execution of a candidate lives under this key: a generation after a change to the data or the
 * baselines plays the panel again instead of reusing episodes of the old code.
 */
export async function executionKey(task: Task): Promise<string> {
  const { provenance: _provenance, anchors: _anchors, ...manifest } = task.manifest;
  const prepared = await readPreparedRecord(task);
  if (!prepared) throw new Error(`${task.paths.dir}: no readable data/prepared.json; prepare the task before its execution`);
  return createHash('sha256').update(JSON.stringify([manifest, prepared.digest, baselineSolverPackage().digest])).digest('hex').slice(0, 12);
}

/**
 * Execution: the baseline agents solve the task in the sandbox, through the same actions as any
 * agent. Their private scores become the anchors; the task must be solvable (the reference clearly
 * beats trivial), not saturated (the reference does not reach the optimum) and more than one column
 * (the reference clearly beats the best single input), with a test set that tells the reference
 * from both of those baselines; a generated forecast's reference must also
 * beat the simple forecasts of its series (mean, last value, drift, seasonal naive).
 */
export async function executeBaselines(task: Task, optimum: number, options: { runDir: string; runtime: BackendName; allowUnenforced?: EnforcementName[] }): Promise<ExecutionResult> {
  const summary = await runEval({
    suites: [],
    tasks: [{ suite: 'smith-candidates', dir: task.paths.dir }],
    agents: [...EXECUTION_AGENTS],
    seeds: 1,
    concurrency: 1,
    runtime: options.runtime,
    allowUnenforced: options.allowUnenforced,
    outDir: options.runDir,
  });
  const scores: Record<string, number | null> = {};
  for (const e of summary.episodes) scores[e.agent_id] = e.status === 'completed' && e.valid ? e.score : null;
  const infra = summary.episodes.filter((e) => e.status === 'infra_error');
  const higher = task.manifest.metric.higherIsBetter;
  const better = (a: number, b: number) => (higher ? a > b : a < b);
  const trivial = scores[TRIVIAL_AGENT] ?? null;
  let referenceAgent: string | null = null;
  for (const agent of REFERENCE_AGENTS) {
    const s = scores[agent];
    if (s !== null && s !== undefined && (referenceAgent === null || better(s, scores[referenceAgent]!))) referenceAgent = agent;
  }
  const reference = referenceAgent ? scores[referenceAgent]! : null;
  const anchors = { trivial, reference, optimum };
  const checks: CheckRecord[] = [];
  const shown = (v: number | null) => (v === null ? 'no valid submission' : v.toPrecision(4));
  const scoreText = EXECUTION_AGENTS.map((a) => `${a} ${shown(scores[a] ?? null)}`).join(', ');
  if (infra.length) {
    checks.push({ id: 'execution-infrastructure', stage: 'execution', ok: false, message: `sandbox or harness failure, not the task's: ${infra.map((e) => e.error).join('; ')}` });
    return { checks, anchors, scores, referenceAgent };
  }
  if (trivial === null || reference === null) {
    checks.push({ id: 'execution-solvable', stage: 'execution', ok: false, fixBy: 'designer', message: `baselines could not produce valid submissions (${scoreText})` });
    return { checks, anchors, scores, referenceAgent };
  }
  const gap = Math.abs(optimum - trivial);
  const gain = gap > 0 ? (higher ? reference - trivial : trivial - reference) / gap : 0;
  checks.push({
    id: 'execution-solvable',
    stage: 'execution',
    ok: gain >= MIN_GAIN,
    fixBy: 'brainstormer',
    message: `${referenceAgent} closes ${(gain * 100).toFixed(1)}% of the gap from trivial to optimum (${shown(trivial)} → ${shown(optimum)}); needs ${MIN_GAIN * 100}% (${scoreText})`,
    details: { gain },
  });
  const headroom = gap > 0 ? Math.abs(optimum - reference) / gap : 0;
  checks.push({
    id: 'execution-not-saturated',
    stage: 'execution',
    ok: headroom >= MIN_HEADROOM,
    fixBy: 'brainstormer',
    message: `${referenceAgent} leaves ${(headroom * 100).toFixed(1)}% of the gap to the optimum open; needs ${MIN_HEADROOM * 100}%`,
    details: { headroom },
  });
  const oneInput = summary.episodes.find((e) => e.agent_id === ONE_INPUT_AGENT);
  const column = oneInput ? await chosenInput(summary.runDir, oneInput.id) : null;
  const alone = oneInputCheck(higher, { oneInput: scores[ONE_INPUT_AGENT] ?? null, reference, optimum }, referenceAgent!, column);
  if (alone) checks.push(alone);
  const finalSubmission = (agent: string) => {
    const e = summary.episodes.find((x) => x.agent_id === agent && x.status === 'completed' && x.valid && x.final_step !== null);
    return e ? [{ agent, submission: stepSubmissionFile(episodeDir(summary.runDir, e.id), e.final_step!) }] : [];
  };
  const [ours] = finalSubmission(referenceAgent!);
  const resolved = ours ? await resolvableCheck(task, ours, [TRIVIAL_AGENT, ONE_INPUT_AGENT].flatMap(finalSubmission)) : null;
  if (resolved) checks.push(resolved);
  const forecast = await simpleForecastCheck(task, reference, referenceAgent!);
  if (forecast) checks.push(forecast);
  return { checks, anchors, scores, referenceAgent };
}
