import { requireEnforced } from '../sandbox/enforcement.js';
import { getBackend } from '../sandbox/registry.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';
import pLimit from 'p-limit';
import type { BackendName, EnforcementName } from '../sandbox/types.js';
import { SuiteManifest } from '../task/schema.js';
import { verifyCandidate } from './candidate.js';
import type { CandidateOutcome } from './candidate-outcome.js';
import { profileDataset, screenTargets } from './profile.js';
import { taskIdFor } from './task-policy.js';
import type { Roles } from './roles/roles.js';
import { readGenerationState, retireStale, writeGenerationState, type GenerationState as State } from './state.js';
import { summarize, type GenerateSummary } from './summary.js';

export interface GenerateConfig {
  datasets: string[];
  outDir: string;
  roles: Roles;
  perDataset: number;
  concurrency: number;
  runtime: BackendName;
  /** Protections accepted as not enforced by the sandbox backend (`--allow-unenforced`). */
  allowUnenforced?: EnforcementName[];
  maxRetries: number;
  /** Called once per verified task with its directory: when its verification is saved, and at start for tasks verified by an earlier run. */
  onVerified?: (task: { suite: string; id: string; dir: string }) => void;
}

export interface GenerateProgress {
  datasets: { done: number; total: number };
  candidates: { done: number; total: number; running: number; verified: number; rejected: number };
  last?: string;
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}

/** The suite's name in suite.json: its directory's name, lower case. */
function suiteName(outDir: string): string {
  return path.basename(path.resolve(outDir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** suite.json listing every verified task of the output directory, with the generation summary. */
async function writeSuite(outDir: string, state: State, roles: Roles, summary: GenerateSummary): Promise<void> {
  const tasks = Object.values(state.candidates).filter((c) => c.verdict === 'verified').map((c) => c.id).sort();
  if (tasks.length === 0) return;
  const by = roles.by === 'heuristic' ? 'offline heuristic roles' : roles.by;
  const suite = SuiteManifest.parse({
    name: suiteName(outDir),
    version: '1.0.0',
    origin: 'smith',
    description: `Tasks generated and verified by the MLE Arena Smith pipeline (roles: ${by}).`,
    tasks,
    generation: {
      roles: by,
      datasets: { requested: summary.datasets.requested, contributing: summary.datasets.contributing, withoutTask: summary.datasets.barren.length, failed: summary.datasets.failed.length },
      ...pick(summary, ['proposed', 'collapsed', 'designed', 'passed', 'verified', 'rejected', 'rejections', 'composition']),
    },
  });
  await writeFileAtomic(path.join(outDir, 'suite.json'), JSON.stringify(suite, null, 2) + '\n');
}

/**
 * `arena generate`: datasets → profile → Brainstormer → (collapse near-duplicates) → per proposal
 * Designer → Refactor → Assertions → Reviews → Execution. Verified tasks land in `outDir`, with
 * their verification.json; everything else is kept under `outDir/.smith` with its reasons.
 */
export async function generate(config: GenerateConfig, onProgress: (p: GenerateProgress) => void = () => {}): Promise<GenerateSummary> {
  // Fail closed before any work: prepare.py and the baselines run in the sandbox.
  requireEnforced(await (await getBackend(config.runtime)).check(), config.allowUnenforced ?? []);
  const outDir = path.resolve(config.outDir);
  const workDir = path.join(outDir, '.smith');
  await mkdir(workDir, { recursive: true });
  const stateFile = path.join(workDir, 'state.json');
  const state = await readGenerationState(stateFile);
  for (const c of Object.values(state.candidates)) if (c.verdict === 'verified') config.onVerified?.({ suite: suiteName(outDir), id: c.id, dir: path.join(outDir, c.id) });
  const progress: GenerateProgress = { datasets: { done: 0, total: config.datasets.length }, candidates: { done: 0, total: 0, running: 0, verified: 0, rejected: 0 } };
  const seen = new Map<string, string>(Object.values(state.candidates).map((c) => [`${c.dataset}|${c.target}|${c.objective}`, c.id]));
  const limit = pLimit(config.concurrency);
  let saving = Promise.resolve();
  const save = () => (saving = saving.then(() => writeGenerationState(stateFile, state)));
  const work: Promise<void>[] = [];

  for (const name of config.datasets) {
    const profileStarted = performance.now();
    let profile;
    try {
      profile = await profileDataset(name, { cacheDir: path.join(workDir, 'profiles') });
    } catch (err) {
      state.datasets[name] = { proposed: 0, collapsed: [], rejected: [], error: (err as Error).message };
      progress.datasets.done++;
      progress.last = `${name}: ${(err as Error).message}`;
      onProgress(progress);
      continue;
    }
    const { proposals, rejected } = await config.roles.brainstorm(profile, config.perDataset);
    const collapsed: string[] = [];
    const fresh = proposals.filter((p) => {
      // Same data, same target, same objective: a near-duplicate whatever the metric or wording.
      const key = `${profile.dataset}|${p.target}|${p.objective}`;
      const id = taskIdFor(p, profile.dataset);
      if (seen.has(key) && seen.get(key) !== id) {
        collapsed.push(`${id} duplicates ${seen.get(key)}`);
        return false;
      }
      seen.set(key, id);
      return true;
    });
    const retired = await retireStale(outDir, state, profile.dataset, new Set(fresh.map((p) => taskIdFor(p, profile.dataset))));
    state.datasets[profile.dataset] = { proposed: proposals.length, collapsed, rejected, ...(retired.length ? { retired } : {}) };
    const todo = fresh.filter((p) => !state.candidates[taskIdFor(p, profile.dataset)]);
    progress.candidates.total += fresh.length;
    progress.candidates.done += fresh.length - todo.length;
    for (const p of fresh) {
      const previous = state.candidates[taskIdFor(p, profile.dataset)];
      if (previous?.verdict === 'verified') progress.candidates.verified++;
      else if (previous) progress.candidates.rejected++;
    }
    let unsafe = new Map<string, Record<string, string>>();
    try {
      if (todo.length) unsafe = await screenTargets(profile, todo);
    } catch (err) {
      // One dataset's failed screen costs that dataset's candidates, never the run.
      state.datasets[profile.dataset]!.error = (err as Error).message;
      progress.candidates.total -= todo.length;
      progress.datasets.done++;
      progress.last = `${profile.dataset}: ${(err as Error).message}`;
      onProgress(progress);
      await save();
      continue;
    }
    state.datasets[profile.dataset]!.seconds = (performance.now() - profileStarted) / 1000;
    progress.datasets.done++;
    onProgress(progress);
    for (const proposal of todo) {
      const id = taskIdFor(proposal, profile.dataset);
      work.push(
        limit(async () => {
          progress.candidates.running++;
          onProgress(progress);
          let outcome: CandidateOutcome;
          try {
            outcome = await verifyCandidate(profile, proposal, unsafe.get(proposal.derive.kind === 'copy' ? proposal.target : (proposal.source ?? proposal.target)) ?? {}, id, { roles: config.roles, suiteDir: outDir, workDir, runtime: config.runtime, allowUnenforced: config.allowUnenforced, maxRetries: config.maxRetries });
          } finally {
            progress.candidates.running--;
          }
          state.candidates[id] = outcome;
          progress.candidates.done++;
          if (outcome.verdict === 'verified') progress.candidates.verified++;
          else progress.candidates.rejected++;
          progress.last = `${id}: ${outcome.verdict}${outcome.reasons[0] ? ` (${outcome.reasons[0].check})` : ''}`;
          onProgress(progress);
          await save();
          // suite.json follows every verified task, so a run stopped at any point leaves a usable suite.
          if (outcome.verdict === 'verified') await (saving = saving.then(() => writeSuite(outDir, state, config.roles, summarize(outDir, config.datasets, state))));
          // After the state is saved, so a task served to the agents is never verified again on resume.
          if (outcome.verdict === 'verified') config.onVerified?.({ suite: suiteName(outDir), id, dir: path.join(outDir, id) });
        }),
      );
    }
  }
  await Promise.all(work);
  await save();
  const summary = summarize(outDir, config.datasets, state);
  await writeSuite(outDir, state, config.roles, summary);
  return summary;
}
