import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where an episode's files (transcript, graded submissions) live inside its run directory. */
export function episodeDir(runDir: string, episodeId: string): string {
  return path.join(runDir, 'episodes', episodeId.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

/** The transcript file of an episode. */
export function transcriptFile(runDir: string, episodeId: string): string {
  return path.join(episodeDir(runDir, episodeId), 'transcript.jsonl');
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
    writeFileSync(this.file, JSON.stringify({ at: new Date().toISOString(), ...header }) + '\n');
  }

  write(record: Record<string, unknown>): void {
    appendFileSync(this.file, JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n');
  }
}
