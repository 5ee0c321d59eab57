import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cutStrings } from '../util/bounded-text.js';

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

/** One transcript line: the record with its time, every string within TRANSCRIPT_FIELD_CHARS. */
function line(record: Record<string, unknown>): string {
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

  reset(header: Record<string, unknown>): void {
    writeFileSync(this.file, line(header));
  }

  write(record: Record<string, unknown>): void {
    appendFileSync(this.file, line(record));
  }
}
