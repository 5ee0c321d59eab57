import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunStore, type EpisodeRow } from '../arena/run-store.js';
import { TRANSCRIPT_LINE_BYTES, transcriptFile } from '../arena/transcript.js';
import { loadTask } from '../task/loader.js';
import { SuiteManifest, type TaskManifest } from '../task/schema.js';
import { readBoundedLines } from '../util/bounded-lines.js';
import { readJsonFile } from '../util/json-file.js';
import { clipMiddle } from './escape.js';
import { STEP_TEXT_CHARS } from './model.js';

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
  /** Full lengths of error, code and output when they were clipped to STEP_TEXT_CHARS on reading. */
  errorChars?: number;
  codeChars?: number;
  outputChars?: number;
}

/** A transcript line the report could not use, by file and 1-based line number. */
export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
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
  /** Transcript lines left out (oversized, not JSON): the first SKIPPED_LINES_KEPT of them, and how many in all. */
  skipped: { lines: SkippedLine[]; count: number };
}

/** How many skipped lines are kept by name; the rest are counted. */
const SKIPPED_LINES_KEPT = 20;

type StepText = Pick<CollectedStep, 'code' | 'output' | 'codeChars' | 'outputChars'>;

/** Agent text clipped (head and tail kept) so a report's memory does not grow with what agents print. */
function clip(text: string | undefined): { text?: string; chars?: number } {
  if (text === undefined) return {};
  const { text: kept, omitted } = clipMiddle(text, STEP_TEXT_CHARS);
  return omitted > 0 ? { text: kept, chars: text.length } : { text };
}

/** A step row's error as the drill-down shows it, clipped like the transcript's text. */
function errorText(kind: unknown, message: unknown): Pick<CollectedStep, 'error' | 'errorChars'> {
  if (!message) return {};
  const error = clip(`${String(kind)}: ${String(message)}`);
  return { error: error.text, errorChars: error.chars };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A step's code and output, clipped as the report keeps them. */
function stepText(code: string | undefined, output: string | undefined): StepText {
  const c = clip(code);
  const o = clip(output);
  return { code: c.text, codeChars: c.chars, output: o.text, outputChars: o.chars };
}

/**
 * Code and output per step from the transcript, for runs written before the run store kept them
 * (absent for runs whose transcripts were removed). Read as a stream, line by line: an oversized
 * or broken line is skipped and named in `skipped`.
 */
async function transcriptSteps(runDir: string, episodeId: string, skipped: CollectedRuns['skipped']): Promise<Map<number, StepText>> {
  const file = transcriptFile(runDir, episodeId);
  const out = new Map<number, StepText>();
  if (!existsSync(file)) return out;
  const skip = (line: number, reason: string) => {
    if (skipped.count++ < SKIPPED_LINES_KEPT) skipped.lines.push({ file, line, reason });
  };
  for await (const line of readBoundedLines(file, TRANSCRIPT_LINE_BYTES)) {
    if (line.text === null) {
      skip(line.number, `${line.bytes} bytes, longer than a transcript line can be (${TRANSCRIPT_LINE_BYTES})`);
      continue;
    }
    if (line.text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line.text);
    } catch {
      skip(line.number, 'not JSON (a line cut by a crash mid-write?)');
      continue;
    }
    if (typeof record !== 'object' || record === null) {
      skip(line.number, 'not a JSON object');
      continue;
    }
    const r = record as Record<string, unknown>;
    if (r.kind !== 'step' || typeof r.step !== 'number') continue;
    out.set(r.step, stepText(str(r.code), [str(r.stdout), str(r.stderr)].filter(Boolean).join('\n') || str(r.observation)));
  }
  return out;
}

/**
 * Reads every episode of the given run directories, with its task's manifest (anchors, direction,
 * categories) and its suite's origin. Errors name the run or task directory at fault.
 */
export async function collectRuns(runDirs: string[]): Promise<CollectedRuns> {
  const result: CollectedRuns = { runs: [], episodes: [], suites: new Map(), skipped: { lines: [], count: 0 } };
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
        const rows = store.stepsOf(row.id);
        const texts = rows.map((s) => store.stepTexts(s));
        // The run store keeps code and output since transcripts of model calls; older runs have them in the JSON Lines only.
        const extra = texts.some((t) => Object.keys(t).length > 0)
          ? new Map(rows.map((s, i) => [Number(s.step), stepText(texts[i]!.code, [texts[i]!.stdout, texts[i]!.stderr].filter(Boolean).join('\n') || texts[i]!.observation)]))
          : await transcriptSteps(dir, row.id, result.skipped);
        const steps = rows.map((s): CollectedStep => {
          const step = Number(s.step);
          const grade = grades.get(step);
          return {
            step,
            action: String(s.action),
            ok: s.ok === 1,
            ...errorText(s.error_kind, s.error_message),
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
