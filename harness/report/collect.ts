import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunStore, type EpisodeRow } from '../arena/run-store.js';
import { readTranscript, transcriptFile } from '../arena/transcript.js';
import { loadTask } from '../task/loader.js';
import { SuiteManifest, type TaskManifest } from '../task/schema.js';
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

/** A transcript line the report could not use, or read in a legacy shape, by file and 1-based line number. */
export interface NotedLine {
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
  /** Transcript lines left out (oversized, not JSON, no record): the first NOTED_LINES_KEPT of them, and how many in all. */
  skipped: NotedLines;
  /** Transcript lines read in a shape written before the transcript schema, kept and counted alike. */
  legacy: NotedLines;
}

export interface NotedLines {
  lines: NotedLine[];
  count: number;
}

/** How many skipped (or legacy) lines are kept by name; the rest are counted. */
const NOTED_LINES_KEPT = 20;

function note(lines: NotedLines, line: NotedLine): void {
  if (lines.count++ < NOTED_LINES_KEPT) lines.lines.push(line);
}

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
 * (absent for runs whose transcripts were removed). Read as a stream, leniently: a line of a
 * legacy shape is used as far as it goes and noted in `legacy`, an unreadable one is skipped and
 * named in `skipped`.
 */
async function transcriptSteps(runDir: string, episodeId: string, collected: Pick<CollectedRuns, 'skipped' | 'legacy'>): Promise<Map<number, StepText>> {
  const file = transcriptFile(runDir, episodeId);
  const out = new Map<number, StepText>();
  if (!existsSync(file)) return out;
  const entries = readTranscript(file, { legacy: true, onUnreadable: (e) => note(collected.skipped, { file, line: e.line, reason: e.reason }) });
  for await (const { line, record, legacy } of entries) {
    if (legacy) note(collected.legacy, { file, line, reason: legacy });
    if (record.kind !== 'step') continue;
    out.set(record.step, stepText(str(record.code), [str(record.stdout), str(record.stderr)].filter(Boolean).join('\n') || str(record.observation)));
  }
  return out;
}

/**
 * Reads every episode of the given run directories, with its task's manifest (anchors, direction,
 * categories) and its suite's origin. Errors name the run or task directory at fault.
 */
export async function collectRuns(runDirs: string[]): Promise<CollectedRuns> {
  const result: CollectedRuns = { runs: [], episodes: [], suites: new Map(), skipped: { lines: [], count: 0 }, legacy: { lines: [], count: 0 } };
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
          : await transcriptSteps(dir, row.id, result);
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
