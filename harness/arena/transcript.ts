import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBoundedLines } from '../util/bounded-lines.js';
import { cutStrings } from '../util/bounded-text.js';
import { describeIssues } from '../util/json-file.js';
import { readLegacyLine, TranscriptLineSchema, type LenientRecord, type TranscriptRecord } from './transcript-records.js';

/** Where an episode's files (transcript, graded submissions) live inside its run directory. */
export function episodeDir(runDir: string, episodeId: string): string {
  return path.join(runDir, 'episodes', episodeId.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

/** The copy of the submission a code step wrote, in its episode's directory, graded as that step's. */
export function stepSubmissionFile(episodeDirectory: string, step: number): string {
  return path.join(episodeDirectory, 'submissions', `step_${step}.csv`);
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

/** One line read: its 1-based number, when it was written (if it says), and its record. */
export interface TranscriptEntry<R extends LenientRecord = TranscriptRecord> {
  line: number;
  at?: string;
  record: R;
  /** Set when the line has a shape written before the transcript schema: which, and what it lacks. */
  legacy?: string;
}

export interface LenientReadOptions {
  /** Also read the shapes written before the transcript schema (each entry says which it had). */
  legacy: true;
  /** Given each unreadable line (oversized, not JSON, no record of any shape) instead of throwing it; the read goes on. */
  onUnreadable?: (error: TranscriptLineError) => void;
}

/**
 * Reads a transcript record by record, each line parsed with the transcript's schema, as a stream
 * (memory bounded by TRANSCRIPT_LINE_BYTES whatever the file holds). A line that is not a record
 * (oversized, not JSON, another shape) is an error naming the file and the line. With `legacy`,
 * the shapes older transcripts have are read too, each entry noting it; unreadable lines go to
 * `onUnreadable` when it is given.
 */
export function readTranscript(file: string): AsyncGenerator<TranscriptEntry>;
export function readTranscript(file: string, options: LenientReadOptions): AsyncGenerator<TranscriptEntry<LenientRecord>>;
export async function* readTranscript(file: string, options?: LenientReadOptions): AsyncGenerator<TranscriptEntry<LenientRecord>> {
  const unreadable = (error: TranscriptLineError) => {
    if (!options?.onUnreadable) throw error;
    options.onUnreadable(error);
  };
  for await (const l of readBoundedLines(file, TRANSCRIPT_LINE_BYTES)) {
    if (l.text === null) {
      unreadable(new TranscriptLineError(file, l.number, `${l.bytes} bytes, longer than a transcript line can be (${TRANSCRIPT_LINE_BYTES})`));
      continue;
    }
    if (l.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      unreadable(new TranscriptLineError(file, l.number, 'not JSON (a line cut by a crash mid-write?)'));
      continue;
    }
    const parsed = TranscriptLineSchema.safeParse(value);
    if (parsed.success) {
      const { at, ...record } = parsed.data;
      yield { line: l.number, at, record };
      continue;
    }
    if (!options?.legacy) {
      unreadable(new TranscriptLineError(file, l.number, describeIssues(parsed.error).join('; ')));
      continue;
    }
    // The issues of the nearest shape: a legacy record's (its fields as typed now) or a bare action's.
    const legacy = readLegacyLine(value);
    if ('problem' in legacy) unreadable(new TranscriptLineError(file, l.number, `no record of any shape: ${legacy.problem.join('; ')}`));
    else yield { line: l.number, at: legacy.at, record: legacy.record, legacy: legacy.note };
  }
}
