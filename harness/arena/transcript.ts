import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
