import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readBoundedLines } from '../util/bounded-lines.js';
import { cutStrings } from '../util/bounded-text.js';
import { describeIssues } from '../util/json-file.js';
import { ActionSchema, EpisodeOutcomeSchema, LlmUsageSchema, StepRecordSchema } from './episode/schemas.js';

/** Where an episode's files (transcript, graded submissions) live inside its run directory. */
export function episodeDir(runDir: string, episodeId: string): string {
  return path.join(runDir, 'episodes', episodeId.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

/** The transcript file of an episode. */
export function transcriptFile(runDir: string, episodeId: string): string {
  return path.join(episodeDir(runDir, episodeId), 'transcript.jsonl');
}

/**
 * Longest string a transcript record keeps per field. Output arrives capped by the sandbox
 * (16–64 KiB) and grader messages bounded; this is the last bound on the rest of the agent's text
 * (code, an action's arguments), so no line grows without limit.
 */
export const TRANSCRIPT_FIELD_CHARS = 256 * 1024;

/**
 * The longest line a reader accepts: a few fields at the bound, each possibly six times longer
 * once JSON-escaped. A longer line was not written by this harness.
 */
export const TRANSCRIPT_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The records of a transcript, one a line, each with its time. A step keeps its grading but not
 * the harness's copy of the submission; a model call keeps its counts (the call itself is in the
 * run store). Strings may have been cut to TRANSCRIPT_FIELD_CHARS.
 */
export const TranscriptRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('episode'), id: z.string(), task: z.string(), agent: z.string(), agentKind: z.string(), seed: z.number().int(), startedAt: z.string() }),
  z.object({ kind: z.literal('action'), action: ActionSchema }),
  StepRecordSchema.extend({ kind: z.literal('step'), submission: z.object({ valid: z.boolean(), publicScore: z.number().nullable(), privateScore: z.number().nullable() }).optional() }),
  LlmUsageSchema.omit({ call: true }).extend({ kind: z.literal('llm_call') }),
  EpisodeOutcomeSchema.extend({ kind: z.literal('result') }),
]);
export type TranscriptRecord = z.infer<typeof TranscriptRecordSchema>;
const TranscriptLineSchema = z.intersection(TranscriptRecordSchema, z.object({ at: z.string() }));
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

/** One transcript line: the record with its time, every string within TRANSCRIPT_FIELD_CHARS. */
function line(record: TranscriptRecord): string {
  return JSON.stringify(cutStrings({ at: new Date().toISOString(), ...record }, TRANSCRIPT_FIELD_CHARS)) + '\n';
}

/**
 * An episode's JSON Lines transcript: the episode header, every action, step, model call and the
 * result, in order. Written synchronously so a crash loses at most the line being written; a re-run
 * of the episode starts it afresh.
 */
export class Transcript {
  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  reset(header: Extract<TranscriptRecord, { kind: 'episode' }>): void {
    writeFileSync(this.file, line(header));
  }

  write(record: TranscriptRecord): void {
    appendFileSync(this.file, line(record));
  }
}

/** A transcript line that is not a record of this harness, by 1-based line number and why. */
export class TranscriptLineError extends Error {
  override name = 'TranscriptLineError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}, line ${line}: ${reason}`);
  }
}

/**
 * Reads a transcript record by record, each parsed with TranscriptRecordSchema; a line that is
 * not one (oversized, not JSON, another shape) is an error naming the file and the line.
 */
export async function* readTranscript(file: string): AsyncGenerator<TranscriptLine> {
  for await (const l of readBoundedLines(file, TRANSCRIPT_LINE_BYTES)) {
    if (l.text === null) throw new TranscriptLineError(file, l.number, `${l.bytes} bytes, longer than a transcript line can be (${TRANSCRIPT_LINE_BYTES})`);
    if (l.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      throw new TranscriptLineError(file, l.number, 'not JSON (a line cut by a crash mid-write?)');
    }
    const parsed = TranscriptLineSchema.safeParse(value);
    if (!parsed.success) throw new TranscriptLineError(file, l.number, describeIssues(parsed.error).join('; '));
    yield parsed.data;
  }
}
