import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RunStore, type EpisodeRow } from '../arena/run-store.js';
import { transcriptFile } from '../arena/transcript.js';
import { loadTask } from '../task/loader.js';
import { SuiteManifest, type TaskManifest } from '../task/schema.js';
import { readJsonFile } from '../util/json-file.js';

export class RunReadError extends Error {
  override name = 'RunReadError';
}

export interface CollectedStep {
  step: number;
  action: string;
  ok: boolean;
  error?: string;
  publicScore?: number | null;
  privateScore?: number | null;
  code?: string;
  output?: string;
}

/** One finished or unfinished episode of a run, with what the statistics and the report need. */
export interface CollectedEpisode {
  id: string;
  runId: string;
  suite: string;
  suiteOrigin: 'human' | 'smith' | 'import';
  task: TaskManifest;
  agentId: string;
  seed: number;
  row: EpisodeRow;
  steps: CollectedStep[];
}

export interface CollectedRuns {
  runs: { id: string; dir: string }[];
  episodes: CollectedEpisode[];
  suites: Map<string, { origin: 'human' | 'smith' | 'import'; dir: string; tasks: Map<string, TaskManifest> }>;
}

/** Code and output per step from the transcript (absent for runs whose transcripts were removed). */
function transcriptSteps(runDir: string, episodeId: string): Map<number, { code?: string; output?: string }> {
  const file = transcriptFile(runDir, episodeId);
  const out = new Map<number, { code?: string; output?: string }>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"at"')) continue;
    let record: { kind?: string; step?: number; code?: string; stdout?: string; stderr?: string; observation?: string };
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a line cut by a crash mid-write
    }
    if (record.kind !== 'step' || typeof record.step !== 'number') continue;
    const output = [record.stdout, record.stderr].filter(Boolean).join('\n') || record.observation;
    out.set(record.step, { code: record.code, output });
  }
  return out;
}

/**
 * Reads every episode of the given run directories, with its task's manifest (anchors, direction,
 * categories) and its suite's origin. Errors name the run or task directory at fault.
 */
export async function collectRuns(runDirs: string[]): Promise<CollectedRuns> {
  const result: CollectedRuns = { runs: [], episodes: [], suites: new Map() };
  for (const given of runDirs) {
    const dir = path.resolve(given);
    const file = path.join(dir, 'run.sqlite');
    if (!existsSync(file)) throw new RunReadError(`${dir}: not a run directory (no run.sqlite); pass directories written by \`arena eval --out\``);
    const runId = path.basename(dir);
    result.runs.push({ id: runId, dir });
    const store = new RunStore(file, runId, { readonly: true });
    try {
      for (const row of store.episodes()) {
        const suite = await suiteOf(row, result);
        const task = suite.tasks.get(row.task_id) ?? (await loadTaskFor(row));
        suite.tasks.set(row.task_id, task);
        const grades = new Map(store.grades(row.id).map((g) => [g.step, g]));
        const extra = transcriptSteps(dir, row.id);
        const steps = store.stepsOf(row.id).map((s): CollectedStep => {
          const step = Number(s.step);
          const grade = grades.get(step);
          return {
            step,
            action: String(s.action),
            ok: s.ok === 1,
            error: s.error_message ? `${s.error_kind}: ${s.error_message}` : undefined,
            publicScore: grade?.public_score,
            privateScore: grade?.private_score,
            ...extra.get(step),
          };
        });
        result.episodes.push({ id: row.id, runId, suite: row.suite, suiteOrigin: suite.origin, task, agentId: row.agent_id, seed: row.seed, row, steps });
      }
    } finally {
      store.close();
    }
  }
  return result;
}

async function loadTaskFor(row: EpisodeRow): Promise<TaskManifest> {
  try {
    return (await loadTask(row.task_dir)).manifest;
  } catch (err) {
    throw new RunReadError(`episode ${row.id}: its task directory ${row.task_dir} cannot be read (${(err as Error).message})`);
  }
}

async function suiteOf(row: EpisodeRow, result: CollectedRuns) {
  const known = result.suites.get(row.suite);
  if (known) return known;
  const dir = path.dirname(row.task_dir);
  const manifestFile = path.join(dir, 'suite.json');
  // Single task directories (e.g. candidates under verification) have no suite.json: generated work.
  const origin = existsSync(manifestFile) ? (await readJsonFile(manifestFile, SuiteManifest)).origin : 'smith';
  const entry = { origin, dir, tasks: new Map<string, TaskManifest>() };
  result.suites.set(row.suite, entry);
  return entry;
}
